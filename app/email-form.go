package app

import (
	"context"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// emailForm is the one-field form of the screens that email the person
// something: a recovery link, the sign-in addresses of their organizations.
// The server answers the same for every address; its answer replaces the
// form.
type emailForm struct {
	email string // pre-filled
	req   call
}

// sendFunc is the client method a form calls with the email.
type sendFunc func(*api.Client, context.Context, string) (api.Accepted, error)

// ui is the form that calls send, or the server's answer.
func (f *emailForm) ui(button msg, send sendFunc) ga.UI {
	if f.req.ok != "" {
		return f.req.feedback()
	}
	return form(func(ctx ga.Context, e ga.Event) {
		e.PreventDefault()
		f.send(ctx, strings.TrimSpace(formValue(e, "email")), send)
	},
		field{id: "email", label: tr(msgEmail), kind: "email", autocomplete: "username", value: f.email,
			maxLength: api.MaxEmailLength, autofocus: true}.ui(),
		f.req.feedback(),
		submitButton(button, msgSending, f.req.busy),
	)
}

func (f *emailForm) send(ctx ga.Context, email string, send sendFunc) {
	f.email = email
	sendEmail(ctx, &f.req, func(c *api.Client, cx context.Context) (api.Accepted, error) {
		return send(c, cx, email)
	})
}
