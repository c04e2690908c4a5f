package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// newCodePage shows the emergency code that replaces the one just used to
// sign in. Sign-in goes on once the person has stored it.
type newCodePage struct {
	ga.Compo
	code newCode
	req  call
}

func newNewCodePage() *newCodePage { return &newCodePage{} }

func (p *newCodePage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgNewCodeTitle)) }

func (p *newCodePage) OnMount(ctx ga.Context) {
	if p.code.code = stored(ctx.SessionStorage(), keyEmergencyCode); p.code.code == "" {
		p.req.code, p.req.err = api.CodeUnauthenticated, tr(msgSessionExpired)
	}
}

func (p *newCodePage) Render() ga.UI {
	if p.code.code == "" {
		return shell(tr(msgNewCodeTitle), p.req.feedback(p.req.restart()))
	}
	return shell(tr(msgNewCodeTitle), ga.P().Class("lead").Text(tr(msgUsedCode)), p.code.ui(&p.req, msgContinue, p.submit))
}

func (p *newCodePage) submit(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	signInStep(ctx, &p.req, (*api.Client).AckEmergencyCode, codeMsgs)
}
