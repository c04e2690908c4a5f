package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

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
