package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// passwordSection changes the password of the signed-in account; an
// account without one (made by organization SSO) is offered the reset
// email instead, which proves the mailbox as a current password would.
type passwordSection struct {
	ga.Compo
	Email       string
	HasPassword bool
	pw          newPassword
	save        call
	link        call
}

func (s *passwordSection) OnMount(ctx ga.Context) { s.pw.loadPolicy(ctx) }

func (s *passwordSection) Render() ga.UI {
	if !s.HasPassword {
		return section("password-title", msgSetPasswordTitle,
			ga.P().Text(tr(msgSetPasswordLead)),
			s.link.feedback(),
			ga.If(s.link.ok == "", func() ga.UI {
				return form(s.sendLink, submitButton(msgSendPasswordLink, msgSending, s.link.busy))
			}),
		)
	}
	return section("password-title", msgChangePassword,
		form(s.submit,
			usernameHint(s.Email),
			field{id: "current-password", label: tr(msgCurrentPassword), kind: "password",
				autocomplete: "current-password", maxLength: api.MaxPasswordLength}.ui(),
			s.pw.fields(s.Email),
			s.save.feedback(),
			submitButton(msgChangePassword, msgChanging, s.save.busy),
		),
	)
}

func (s *passwordSection) submit(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	if m := s.pw.problem(s.Email); m != msgNone {
		s.save.fail(m)
		return
	}
	sent, current, next := e.Get("target"), formValue(e, "current-password"), s.pw.next
	perform(ctx, &s.save, func(c *api.Client, cx context.Context) error {
		return c.ChangePassword(cx, current, next)
	}, func(ctx ga.Context) {
		sent.Call("reset")
		s.pw.clear()
		s.save.ok = tr(msgPasswordChanged)
	}, map[string]msg{api.CodeWrongPassword: msgWrongPassword})
}

func (s *passwordSection) sendLink(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	// The server's answer is worded for anyone at the forgot screen; the
	// owner of this account is told plainly.
	request(ctx, &s.link, func(c *api.Client, cx context.Context) (api.Accepted, error) {
		return c.ForgotPassword(cx, s.Email)
	}, func(_ ga.Context, _ api.Accepted) { s.link.ok = tr(msgPasswordLinkSent, s.Email) }, nil)
}
