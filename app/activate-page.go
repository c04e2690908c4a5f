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

func newActivatePage() *activatePage { return &activatePage{} }

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
	return shell(tr(msgActivateTitle),
		p.link.content(p.unusable, tr(msgWelcome, who), p.submit, msgActivate, msgActivating)...)
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
