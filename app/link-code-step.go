package app

import (
	"context"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// codeForm asks for the code emailed to p.sentTo, with ways to get a new
// one or to pick another address.
func (p *linkPage) codeForm() []ga.UI {
	return []ga.UI{
		ga.P().Class("lead").Role("status").Text(tr(msgLinkCodeSent, p.sentTo)),
		form(p.verifyCode,
			codeField("code", tr(msgLinkCodeLabel), false),
			p.verify.feedback(),
			submitButton(msgLinkVerify, msgLinkVerifying, p.verify.busy),
		),
		ga.Div().Class("links").Body(
			submitLikeButton(msgLinkResend, p.send.busy, func(ctx ga.Context, e ga.Event) { p.sendTo(ctx, p.sentTo) }),
			button(msgLinkOtherAddress, func(ctx ga.Context, e ga.Event) { p.sentTo, p.send = "", call{} }),
		),
		p.send.feedback(),
	}
}

func (p *linkPage) verifyCode(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	ticket, code := p.ticket, strings.TrimSpace(formValue(e, "code"))
	request(ctx, &p.verify, func(c *api.Client, cx context.Context) (api.Linked, error) {
		return c.VerifyLinkCode(cx, ticket, code)
	}, func(ctx ga.Context, l api.Linked) {
		p.linked = &l
		ctx.SessionStorage().Del(keyLinkTicket)
	}, linkErrors)
}

// done is "You're all set": which account was linked, when the product
// moves to Porta sign-in, and the way to a password when there is none.
func (p *linkPage) done() []ga.UI {
	l := p.linked
	what := tr(msgLinkDoneExisting, l.Email, l.Product)
	if l.Created {
		what = tr(msgLinkDoneCreated, l.Email, l.Product)
	}
	when := tr(msgLinkAfterSwitch, l.Product)
	switch {
	case l.Switched:
	case l.SwitchDate != nil:
		when = tr(msgLinkBeforeSwitchDated, l.Product, l.SwitchDate.Local().Format("2 January 2006"))
	default:
		when = tr(msgLinkBeforeSwitch, l.Product)
	}
	ui := []ga.UI{ga.P().Class("lead").Role("status").Text(what), ga.P().Text(when)}
	if !l.HasPassword {
		ui = append(ui, ga.P().Text(tr(msgLinkSetPasswordLead)), p.setPassword())
	}
	return append(ui, backLink(PathAccount, tr(msgLinkGoToAccount)))
}

// setPassword opens the password screen when the server handed over its
// link (the person just proved the address), or emails that link.
func (p *linkPage) setPassword() ga.UI {
	if p.linked.SetPasswordURL != "" {
		return ga.P().Body(ga.A().Class("primary").Href(p.linked.SetPasswordURL).Text(tr(msgLinkSetPassword)))
	}
	if p.pwLink.ok != "" {
		return p.pwLink.feedback()
	}
	email := p.linked.Email
	return ga.Div().Body(
		p.pwLink.feedback(),
		submitLikeButton(msgLinkSetPassword, p.pwLink.busy, func(ctx ga.Context, e ga.Event) {
			request(ctx, &p.pwLink, func(c *api.Client, cx context.Context) (api.Accepted, error) {
				return c.ForgotPassword(cx, email)
			}, func(ga.Context, api.Accepted) { p.pwLink.ok = tr(msgLinkEmailPasswordLink, email) }, nil)
		}),
	)
}
