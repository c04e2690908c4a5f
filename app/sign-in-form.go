package app

import (
	"context"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// signInForm is the first sign-in step's form: the email, whether to
// remember it on this device, and Next to the password. Hint is the email
// a product suggests.
type signInForm struct {
	ga.Compo
	Hint     string
	email    string
	typed    bool
	remember bool
	req      call
}

// OnMount fills in the remembered email, else the one of the sign-in or
// password reset under way; a product's hint goes before either.
func (f *signInForm) OnMount(ctx ga.Context) {
	if email := stored(ctx.LocalStorage(), keyRememberedEmail); email != "" {
		f.email, f.remember = email, true
	} else {
		f.email = stored(ctx.SessionStorage(), keySignInEmail)
	}
	f.OnUpdate(ctx)
}

// OnUpdate fills in the hint, which arrives after the form is shown,
// unless the person has typed an email already.
func (f *signInForm) OnUpdate(ctx ga.Context) {
	if f.Hint != "" && !f.typed {
		f.email = f.Hint
	}
}

func (f *signInForm) typing(ctx ga.Context, e ga.Event) {
	f.email, f.typed = ctx.JSSrc().Get("value").String(), true
}

func (f *signInForm) Render() ga.UI {
	return form(f.submit,
		field{id: "email", label: tr(msgEmail), kind: "email", autocomplete: "username webauthn",
			value: f.email, maxLength: api.MaxEmailLength, autofocus: true, onInput: f.typing}.ui(),
		checkbox("remember", tr(msgRememberEmail), tr(msgSharedComputer), f.remember, false, f.toggleRemember),
		f.req.feedback(),
		submitButton(msgNext, msgChecking, f.req.busy),
	)
}

func (f *signInForm) toggleRemember(ctx ga.Context, e ga.Event) {
	f.remember = ctx.JSSrc().Get("checked").Bool()
	if !f.remember {
		ctx.LocalStorage().Del(keyRememberedEmail)
	}
}

func (f *signInForm) submit(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	email := strings.TrimSpace(formValue(e, "email"))
	f.email = email
	if f.remember {
		ctx.LocalStorage().Set(keyRememberedEmail, email)
	}
	f.identify(ctx, email)
}

// identify asks the server how email signs in: with a password, or with
// its organization's identity provider.
func (f *signInForm) identify(ctx ga.Context, email string) {
	request(ctx, &f.req, func(c *api.Client, cx context.Context) (api.IdentifyResponse, error) {
		return c.Identify(cx, email)
	}, func(ctx ga.Context, res api.IdentifyResponse) {
		switch {
		case res.Next == api.NextPassword:
			ctx.SessionStorage().Set(keySignInEmail, email)
			ctx.Navigate(PathPassword)
		case res.Next == api.NextSSO && len(res.Providers) > 0:
			ctx.SessionStorage().Set(keySignInEmail, email)
			ctx.SessionStorage().Set(keySSOProviders, res.Providers)
			ctx.Navigate(PathSSO)
		default:
			f.req.fail(msgUnexpected)
		}
	}, nil)
}
