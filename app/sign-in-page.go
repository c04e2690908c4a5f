package app

import (
	"context"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// signInPage is the first sign-in step: the email, then Next. Under an
// organization's address it carries the organization's name.
type signInPage struct {
	ga.Compo
	Org      string
	email    string
	remember bool
	req      call
}

func (p *signInPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgSignIn)) }

// OnMount fills in the remembered email, else the one of the sign-in or
// password reset under way.
func (p *signInPage) OnMount(ctx ga.Context) {
	if email := stored(ctx.LocalStorage(), keyRememberedEmail); email != "" {
		p.email, p.remember = email, true
	} else {
		p.email = stored(ctx.SessionStorage(), keySignInEmail)
	}
}

func (p *signInPage) Render() ga.UI {
	title := tr(msgSignIn)
	if p.Org != "" {
		title = tr(msgSignInTo, p.Org)
	}
	return shell(title,
		ga.P().Class("lead").Text(tr(msgSignInLead)),
		form(p.submit,
			field{id: "email", label: tr(msgEmail), kind: "email", autocomplete: "username webauthn",
				value: p.email, maxLength: api.MaxEmailLength, autofocus: true}.ui(),
			checkbox("remember", tr(msgRememberEmail), tr(msgSharedComputer),
				p.remember, false, p.toggleRemember),
			p.req.feedback(),
			submitButton(msgNext, msgChecking, p.req.busy),
		),
		backLink(PathFind, tr(msgFindLink)),
	)
}

func (p *signInPage) toggleRemember(ctx ga.Context, e ga.Event) {
	p.remember = ctx.JSSrc().Get("checked").Bool()
	if !p.remember {
		ctx.LocalStorage().Del(keyRememberedEmail)
	}
}

func (p *signInPage) submit(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	email := strings.TrimSpace(formValue(e, "email"))
	p.email = email
	if p.remember {
		ctx.LocalStorage().Set(keyRememberedEmail, email)
	}
	request(ctx, &p.req, func(c *api.Client, cx context.Context) (api.IdentifyResponse, error) {
		return c.Identify(cx, email)
	}, func(ctx ga.Context, res api.IdentifyResponse) {
		if res.Next != api.NextPassword {
			p.req.fail(msgUnexpected)
			return
		}
		ctx.SessionStorage().Set(keySignInEmail, email)
		ctx.Navigate(PathPassword)
	}, nil)
}
