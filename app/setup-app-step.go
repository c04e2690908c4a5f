package app

import (
	"context"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// appStep shows the key of a new authenticator app, as a QR code and as
// text, and asks for the app's first code.
func (p *setupPage) appStep() ga.UI {
	if p.totp.Key == "" {
		return p.gate.req.pending(msgLoading, p.retry)
	}
	return ga.Div().Body(
		ga.P().Class("lead").Text(tr(msgScanQR)),
		ga.Img().Class("qr").Src(p.totp.QRCode).Alt(tr(msgQRAlt)),
		ga.P().Class("hint").Text(tr(msgTypeKey)),
		secret("totp-key", p.totp.Key),
		form(p.confirm, codeField("code", tr(msgAppCode), false), p.req.feedback(), p.actions(submitButton(msgNext, msgChecking, p.req.busy))),
	)
}

// confirm sends the code of the app or of the phone.
func (p *setupPage) confirm(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	step, code := p.step, strings.TrimSpace(formValue(e, "code")+formValue(e, "sms-code"))
	confirm := (*api.Client).ConfirmSMS
	if step == stepApp {
		confirm = (*api.Client).ConfirmTOTP
	}
	request(ctx, &p.req, func(c *api.Client, cx context.Context) (api.Factor, error) {
		return confirm(c, cx, code)
	}, func(ctx ga.Context, _ api.Factor) {
		p.done[step] = true
		p.next(ctx, e)
	}, codeMsgs)
}

// finish ends the wizard once the emergency code is stored.
func (p *setupPage) finish(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	if !p.required {
		ctx.Navigate(PathAccount)
		return
	}
	signInStep(ctx, &p.req, (*api.Client).CompleteSetup, codeMsgs)
}
