package app

import (
	"context"
	"encoding/json"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// passkeyForm is the second step with a passkey: the one on this device,
// or a security key, which need not verify the person after a password.
func (p *secondFactorPage) passkeyForm() ga.UI {
	return form(p.usePasskey,
		ga.P().Class("lead").Text(tr(msgPasskeyLead)),
		p.rememberBox(),
		p.req.feedback(p.req.restart()),
		ga.Div().Class("actions").Body(submitButton(msgContinueWithPasskey, msgPasskeyWaiting, p.req.busy)),
	)
}

func (p *secondFactorPage) usePasskey(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	remember := formChecked(e, "remember-device")
	signInStep(ctx, &p.req, func(c *api.Client, cx context.Context) (api.SignInResponse, error) {
		return ceremony(cx, func() (api.PasskeyOptions, error) { return c.StartPasskeyStep(cx) },
			func(opts json.RawMessage) (json.RawMessage, error) { return getPasskey(cx, opts, false) },
			func(start api.PasskeyOptions, answer json.RawMessage) (api.SignInResponse, error) {
				return c.SignInPasskeyStep(cx, start.Ceremony, answer, remember)
			})
	}, codeMsgs)
}
