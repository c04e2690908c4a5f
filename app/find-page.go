package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// findPage emails the sign-in addresses of every organization an address
// belongs to, for "I don't know the name of my environment".
type findPage struct {
	ga.Compo
	form emailForm
}

func newFindPage() *findPage { return &findPage{} }

func (p *findPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgFindTitle)) }

func (p *findPage) Render() ga.UI {
	return shell(tr(msgFindTitle),
		ga.P().Class("lead").Text(tr(msgFindLead)),
		p.form.ui(msgSend, (*api.Client).FindEnvironments),
		backLink(PathSignIn, tr(msgBackToSignIn)),
	)
}
