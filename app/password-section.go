package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// passwordSection changes the password of the signed-in account.
type passwordSection struct {
	ga.Compo
	Email string
	pw    newPassword
	save  call
}

func (s *passwordSection) OnMount(ctx ga.Context) { s.pw.loadPolicy(ctx) }

func (s *passwordSection) Render() ga.UI {
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
