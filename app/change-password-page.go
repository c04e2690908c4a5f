package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// changePasswordPage is the sign-in step that replaces a stored password
// which no longer meets the policy.
type changePasswordPage struct {
	ga.Compo
	email string
	pw    newPassword
	req   call
}

func newChangePasswordPage() *changePasswordPage { return &changePasswordPage{} }

func (p *changePasswordPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgChooseNewPassword)) }

func (p *changePasswordPage) OnMount(ctx ga.Context) {
	p.email = stored(ctx.SessionStorage(), keySignInEmail)
	p.pw.loadPolicy(ctx)
}

func (p *changePasswordPage) Render() ga.UI {
	return shell(tr(msgChooseNewPassword),
		ga.P().Class("lead").Text(tr(msgPasswordTooWeak)),
		form(p.submit,
			usernameHint(p.email),
			p.pw.fields(p.email),
			p.req.feedback(p.req.restart()),
			submitButton(msgSaveAndContinue, msgSaving, p.req.busy),
		),
		backLink(PathSignIn, tr(msgCancelAndRestart)),
	)
}

func (p *changePasswordPage) submit(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	if m := p.pw.problem(p.email); m != msgNone {
		p.req.fail(m)
		return
	}
	next := p.pw.next
	signInStep(ctx, &p.req, func(c *api.Client, cx context.Context) (api.SignInResponse, error) {
		return c.ChangeExpiredPassword(cx, next)
	}, map[string]msg{api.CodeUnauthenticated: msgSessionExpired})
}
