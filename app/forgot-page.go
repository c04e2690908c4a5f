package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// forgotPage asks for a recovery email: a link to choose a new password.
type forgotPage struct {
	ga.Compo
	form emailForm
}

func newForgotPage() *forgotPage { return &forgotPage{} }

func (p *forgotPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgResetTitle)) }

// OnMount starts from the email of the sign-in under way, if any.
func (p *forgotPage) OnMount(ctx ga.Context) {
	p.form.email = stored(ctx.SessionStorage(), keySignInEmail)
}

func (p *forgotPage) Render() ga.UI {
	return shell(tr(msgResetTitle),
		ga.P().Class("lead").Text(tr(msgForgotLead)),
		p.form.ui(msgSendRecovery, (*api.Client).ForgotPassword),
		backLink(PathSignIn, tr(msgBackToSignIn)),
	)
}
