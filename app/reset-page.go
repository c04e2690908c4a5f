package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// resetPage is where a recovery email's link leads, /reset?token=…: a new
// password, twice.
type resetPage struct {
	ga.Compo
	link emailedLink
	done bool
}

func newResetPage() *resetPage { return &resetPage{} }

func (p *resetPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgResetTitle)) }

func (p *resetPage) OnMount(ctx ga.Context) {
	p.link.open(ctx, (*api.Client).CheckResetLink, map[string]msg{api.CodeInvalidLink: msgResetLinkInvalid})
}

func (p *resetPage) Render() ga.UI {
	if p.done {
		return shell(tr(msgResetTitle),
			ga.P().Class("note").Role("status").Text(tr(msgPasswordReset)),
			backLink(PathSignIn, tr(msgSignIn)),
		)
	}
	return shell(tr(msgResetTitle),
		p.link.content(p.unusable, tr(msgResetChooseFor, p.link.info.Email), p.submit, msgSave, msgSaving)...)
}

func (p *resetPage) unusable(c *call) ga.UI {
	return ga.Div().Body(c.feedback(), backLink(PathForgot, tr(msgSendNewLink)))
}

// submit saves the new password. The sign-in page then offers the email.
func (p *resetPage) submit(ctx ga.Context, e ga.Event) {
	var info api.LinkInfo
	saveLink(ctx, e, &p.link, func(cx context.Context, c *api.Client, token, password string) (err error) {
		info, err = c.ResetPassword(cx, token, password)
		return
	}, func(ctx ga.Context) {
		if info.Email == "" {
			info.Email = p.link.info.Email
		}
		ctx.SessionStorage().Set(keySignInEmail, info.Email)
		p.done = true
	})
}
