package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// passwordGate runs a change the server may want the password for again.
// It tries without: just after signing in the server needs none. When the
// server answers api.CodePasswordRequired, form asks for the password and
// runs the change again with it.
type passwordGate struct {
	req  call
	send func(cx context.Context, c *api.Client, password string) error
	done func(ga.Context)
}

var gateMsgs = map[string]msg{
	api.CodePasswordRequired: msgPasswordRequired,
	api.CodeWrongPassword:    msgWrongPassword,
}

// start runs send without the password; done follows success.
func (g *passwordGate) start(ctx ga.Context, send func(context.Context, *api.Client, string) error, done func(ga.Context)) {
	g.req, g.send, g.done = call{}, send, done
	g.run(ctx, "")
}

func (g *passwordGate) run(ctx ga.Context, password string) {
	perform(ctx, &g.req, func(c *api.Client, cx context.Context) error {
		return g.send(cx, c, password)
	}, g.done, gateMsgs)
}

// asking tells whether the screen shows form in place of what needs it.
func (g *passwordGate) asking() bool {
	return g.req.code == api.CodePasswordRequired || g.req.code == api.CodeWrongPassword
}

// form asks for the password; its button says label.
func (g *passwordGate) form(label msg) ga.UI {
	return form(g.submit,
		field{id: "confirm-password", label: tr(msgYourPassword), kind: "password", autocomplete: "current-password",
			maxLength: api.MaxPasswordLength, autofocus: true}.ui(),
		g.req.feedback(),
		submitButton(label, msgWorking, g.req.busy),
	)
}

func (g *passwordGate) submit(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	g.run(ctx, formValue(e, "confirm-password"))
}
