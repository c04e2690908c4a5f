package app

import (
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

func (p *resetPage) OnNav(ctx ga.Context) { setTitle(ctx, msgResetTitle) }

func (p *resetPage) OnMount(ctx ga.Context) {
	p.link.open(ctx, (*api.Client).CheckResetLink, map[string]string{api.CodeInvalidLink: msgResetLinkInvalid})
}

func (p *resetPage) Render() ga.UI {
	if p.done {
		return shell(msgResetTitle,
			ga.P().Class("note").Role("status").Text(msgPasswordReset),
			backLink(PathSignIn, "Sign in"),
		)
	}
	return p.link.screen(msgResetTitle, p.unusable, msgResetChooseFor+p.link.info.Email+".", p.submit, "Save", "Saving…")
}

func (p *resetPage) unusable(c *call) ga.UI {
	return ga.Div().Body(c.feedback(), backLink(PathForgot, msgSendNewLink))
}

// submit saves the new password. The sign-in page then offers the email.
func (p *resetPage) submit(ctx ga.Context, e ga.Event) {
	saveLink(ctx, e, &p.link, (*api.Client).ResetPassword, func(ctx ga.Context, info api.LinkInfo) {
		if info.Email == "" {
			info.Email = p.link.info.Email
		}
		ctx.SessionStorage().Set(keySignInEmail, info.Email)
		p.done = true
	})
}
