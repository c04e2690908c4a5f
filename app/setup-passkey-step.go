package app

import (
	"context"
	"encoding/json"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// passkeyStep adds a passkey: the browser makes it (Face ID, fingerprint,
// device PIN or a security key) and the server keeps it, named after this
// device until the person renames it.
func (p *setupPage) passkeyStep() ga.UI {
	skip := ga.UI(button(msgSkip, p.next).ID("skip-passkey"))
	if p.only != "" {
		skip = nil
	}
	return form(p.addPasskey,
		ga.P().Class("lead").Text(tr(msgPasskeyStepLead)),
		p.gate.req.feedback(),
		p.actions(ga.Div().Body(skip, submitButton(msgAddPasskey, msgAddingPasskey, p.gate.req.busy))),
	)
}

func (p *setupPage) addPasskey(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	var added api.Factor
	p.gate.start(ctx, func(cx context.Context, c *api.Client, pw string) (err error) {
		added, err = newPasskey(c, cx, pw)
		return err
	}, func(ctx ga.Context) {
		p.done[stepPasskey], p.passkey = true, added.Name
		ctx.LocalStorage().Set(keyPasskeyHere, true)
	})
}

// doneNote says what the step just finished added.
func (p *setupPage) doneNote() string {
	if p.step == stepPasskey {
		return tr(msgPasskeyAdded, p.passkey)
	}
	return tr(msgStepDone)
}

// newPasskey makes a passkey on this device and keeps it on the account,
// named after the device; password is for a sign-in that is not recent.
func newPasskey(c *api.Client, cx context.Context, password string) (api.Factor, error) {
	return ceremony(cx, func() (api.PasskeyOptions, error) { return c.StartPasskey(cx, password) },
		func(opts json.RawMessage) (json.RawMessage, error) { return createPasskey(cx, opts) },
		func(start api.PasskeyOptions, made json.RawMessage) (api.Factor, error) {
			return c.AddPasskey(cx, start.Ceremony, "", made)
		})
}
