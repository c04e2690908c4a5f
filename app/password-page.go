package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// passwordPage is the password step of sign-in, for the email entered on
// the sign-in page.
type passwordPage struct {
	ga.Compo
	email string
	shown bool
	req   call
}

func newPasswordPage() *passwordPage { return &passwordPage{} }

func (p *passwordPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgEnterPassword)) }

func (p *passwordPage) OnMount(ctx ga.Context) {
	if p.email = stored(ctx.SessionStorage(), keySignInEmail); p.email == "" {
		ctx.Navigate(PathSignIn)
	}
}

func (p *passwordPage) Render() ga.UI {
	kind := "password"
	if p.shown {
		kind = "text"
	}
	return shell(tr(msgEnterPassword),
		ga.P().Class("identity").Body(
			ga.Strong().Text(p.email),
			link(PathSignIn, tr(msgNotYou)),
		),
		form(p.submit,
			usernameHint(p.email),
			field{id: "password", label: tr(msgPassword), kind: kind, autocomplete: "current-password",
				maxLength: api.MaxPasswordLength, autofocus: true,
				after: revealButton("password", p.shown, p.toggle)}.ui(),
			ga.P().Class("aside").Body(link(PathForgot, tr(msgForgotPassword))),
			p.req.feedback(),
			submitButton(msgSignIn, msgSigningIn, p.req.busy),
		),
	)
}

func (p *passwordPage) toggle(ctx ga.Context, e ga.Event) { p.shown = !p.shown }

func (p *passwordPage) submit(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	p.signIn(ctx, formValue(e, "password"))
}

func (p *passwordPage) signIn(ctx ga.Context, password string) {
	email := p.email
	signInStep(ctx, &p.req, func(c *api.Client, cx context.Context) (api.SignInResponse, error) {
		return c.SignInPassword(cx, email, password)
	}, map[string]msg{api.CodeInvalidCredentials: msgWrongCredentials})
}
