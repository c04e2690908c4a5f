package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// activatePage is where an invitation's link leads, /activate?token=…: the
// first password, twice, and then the person is signed in.
type activatePage struct {
	ga.Compo
	link   emailedLink
	resend call
}

func (p *activatePage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgActivateTitle)) }

func (p *activatePage) OnMount(ctx ga.Context) {
	p.link.open(ctx, (*api.Client).CheckActivationLink, map[string]msg{
		api.CodeInvalidLink: msgActivationInvalid,
		api.CodeExpiredLink: msgActivationExpired,
	})
}

func (p *activatePage) Render() ga.UI {
	who := p.link.info.Name
	if who == "" {
		who = p.link.info.Email
	}
	return p.link.screen(tr(msgActivateTitle), p.unusable, tr(msgWelcome, who), p.submit, msgActivate, msgActivating)
}

// unusable offers a fresh link for an expired one; for a used or unknown
// one, the ways in that remain.
func (p *activatePage) unusable(c *call) ga.UI {
	if c.code != api.CodeExpiredLink {
		return ga.Div().Body(c.feedback(), backLink(PathSignIn, tr(msgSignIn)), backLink(PathForgot, tr(msgForgotLink)))
	}
	if p.resend.ok != "" {
		return ga.Div().Body(c.feedback(), p.resend.feedback())
	}
	return ga.Div().Body(c.feedback(), form(p.sendNewLink,
		p.resend.feedback(),
		submitButton(msgEmailNewLink, msgSending, p.resend.busy),
	))
}

func (p *activatePage) sendNewLink(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	token := p.link.token
	sendEmail(ctx, &p.resend, func(c *api.Client, cx context.Context) (api.Accepted, error) {
		return c.ResendActivation(cx, token)
	})
}

// submit sets the password; the sign-in goes on like after a password.
func (p *activatePage) submit(ctx ga.Context, e ga.Event) {
	email := p.link.info.Email
	var res api.SignInResponse
	saveLink(ctx, e, &p.link, func(cx context.Context, c *api.Client, token, password string) (err error) {
		res, err = c.Activate(cx, token, password)
		return
	}, func(ctx ga.Context) {
		ctx.SessionStorage().Set(keySignInEmail, email)
		continueSignIn(ctx, &p.link.save, res)
	})
}
