package app

import (
	"context"
	"strings"
	"time"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

func (p *secondFactorPage) sendAgain(ctx ga.Context, e ga.Event) { ctx.NewAction(actionSendSignInSMS) }

func (p *secondFactorPage) sendSMS(ctx ga.Context) {
	request(ctx, &p.send, (*api.Client).SendSignInSMS, func(_ ga.Context, s api.CodeSent) {
		if p.phone = s.Phone; p.phone == "" {
			p.phone = tr(msgYourPhone)
		}
	}, codeMsgs)
}

// smsLead says where the texted code went, and sends another.
func (p *secondFactorPage) smsLead() ga.UI {
	if p.method != api.MethodSMS {
		return nil
	}
	return ga.Div().Body(ga.P().Class("lead").Text(tr(msgSentTo, p.phone)), button(msgSendAgain, p.sendAgain), p.send.feedback())
}

// codeForm asks for the code of the method in use.
func (p *secondFactorPage) codeForm() ga.UI {
	emergency := p.method == api.MethodEmergency
	var remember, turnOff ga.UI
	if !emergency {
		remember = p.rememberBox()
	}
	if emergency {
		turnOff = ga.Button().Class("secondary").Type("submit").ID("turn-off-two-step").Text(tr(msgTurnOff))
	}
	return form(p.submit,
		codeField("code", tr(msgCode), emergency),
		remember,
		p.req.feedback(p.req.restart()),
		ga.Div().Class("actions").Body(submitButton(msgVerify, msgVerifying, p.req.busy), turnOff),
	)
}

// rememberBox offers to skip the second step on this browser, where the
// sign-in may.
func (p *secondFactorPage) rememberBox() ga.UI {
	if !p.info.CanRememberDevice {
		return nil
	}
	return checkbox("remember-device", tr(msgRememberDevice, api.Lifetime(time.Duration(p.info.RememberDeviceSeconds)*time.Second)), "", false, false, nil)
}

func (p *secondFactorPage) submit(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	by := e.Get("submitter")
	p.verify(ctx, api.SecondFactorRequest{
		Code:           strings.TrimSpace(formValue(e, "code")),
		RememberDevice: formChecked(e, "remember-device"),
		DisableTwoStep: by.Truthy() && by.Get("id").String() == "turn-off-two-step",
	})
}

func (p *secondFactorPage) verify(ctx ga.Context, req api.SecondFactorRequest) {
	verify := methods[p.method].verify
	signInStep(ctx, &p.req, func(c *api.Client, cx context.Context) (api.SignInResponse, error) {
		return verify(c, cx, req)
	}, codeMsgs)
}
