package app

import (
	"context"

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
		start, err := c.StartPasskeyStep(cx)
		if err != nil {
			return api.SignInResponse{}, err
		}
		answer, err := getPasskey(cx, start.PublicKey, false)
		if err != nil {
			return api.SignInResponse{}, err
		}
		return c.SignInPasskeyStep(cx, start.Ceremony, answer, remember)
	}, codeMsgs)
}
