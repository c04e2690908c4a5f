package app

import (
	"context"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// secondFactorPage is the second sign-in step: the default method first,
// the others under "Try another way".
type secondFactorPage struct {
	ga.Compo
	info      api.SignInResponse
	method    string
	choosing  bool
	phone     string // where the texted code went
	req, send call
}

// methods says, of each second step, its heading, how "Try another way"
// offers it, and the call that checks its code.
var methods = map[string]struct {
	title, choice string
	verify        func(*api.Client, context.Context, api.SecondFactorRequest) (api.SignInResponse, error)
}{
	api.MethodTOTP:      {tr(msgTOTPTitle), tr(msgUseTOTP), (*api.Client).SignInTOTP},
	api.MethodSMS:       {tr(msgSMSTitle), tr(msgUseSMS), (*api.Client).SignInSMS},
	api.MethodEmergency: {tr(msgEmergencyTitle), tr(msgUseEmergency), (*api.Client).SignInEmergency},
}

func (p *secondFactorPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgVerifyTitle)) }

// OnMount shows the default method. A texted code goes out on the page's
// context: the button that asked for it goes away.
func (p *secondFactorPage) OnMount(ctx ga.Context) {
	ctx.Handle(actionSendSignInSMS, func(ctx ga.Context, _ ga.Action) { p.sendSMS(ctx) })
	ctx.SessionStorage().Get(keySecondFactor, &p.info)
	for _, m := range append([]string{p.info.Default}, p.info.Methods...) {
		if _, known := methods[m]; known {
			p.use(ctx, m)
			return
		}
	}
	ctx.Navigate(PathSignIn)
}

// use switches to method; a texted code goes out at once.
func (p *secondFactorPage) use(ctx ga.Context, method string) {
	p.method, p.choosing, p.req = method, false, call{}
	if method == api.MethodSMS && p.phone == "" {
		ctx.NewAction(actionSendSignInSMS)
	}
}

func (p *secondFactorPage) pick(ctx ga.Context, e ga.Event) {
	p.use(ctx, ctx.JSSrc().Get("value").String())
}
func (p *secondFactorPage) choose(ctx ga.Context, e ga.Event)    { p.choosing = !p.choosing }
func (p *secondFactorPage) sendAgain(ctx ga.Context, e ga.Event) { ctx.NewAction(actionSendSignInSMS) }

func (p *secondFactorPage) sendSMS(ctx ga.Context) {
	request(ctx, &p.send, (*api.Client).SendSignInSMS, func(_ ga.Context, s api.CodeSent) {
		if p.phone = s.Phone; p.phone == "" {
			p.phone = tr(msgYourPhone)
		}
	}, codeMsgs)
}

func (p *secondFactorPage) Render() ga.UI {
	if p.choosing {
		choices := []ga.UI{txt("p", "lead", tr(msgChooseMethod))}
		for _, m := range p.info.Methods {
			if _, known := methods[m]; known && m != p.method {
				choices = append(choices, button(methods[m].choice, p.pick).Attr("value", m))
			}
		}
		return shell(tr(msgTryAnotherWay), el("div", "choices", append(choices, button(tr(msgBack), p.choose))...))
	}
	sms, emergency := p.method == api.MethodSMS, p.method == api.MethodEmergency
	another := el("p", "links", button(tr(msgTryAnotherWay), p.choose).Attr("id", "try-another-way"))
	var lead ga.UI
	if sms {
		if p.phone == "" {
			return shell(tr(msgSMSTitle), p.send.pending(tr(msgSendingCode), p.sendAgain), p.send.restart(), another)
		}
		lead = el("div", "", txt("p", "lead", tr(msgSentTo, p.phone)), button(tr(msgSendAgain), p.sendAgain), p.send.feedback())
	}
	var remember, turnOff ga.UI
	if p.info.CanRememberDevice && !emergency {
		remember = checkbox("remember-device", tr(msgRememberDevice), "", false, false, nil)
	}
	if emergency {
		turnOff = tag("button", "secondary").Attr("type", "submit").Attr("id", "turn-off-two-step").Text(tr(msgTurnOff))
	}
	return shell(methods[p.method].title, lead,
		form(p.submit,
			codeField("code", tr(msgCode), emergency),
			remember,
			p.req.feedback(p.req.restart()),
			el("div", "actions", submitButton(tr(msgVerify), tr(msgVerifying), p.req.busy), turnOff),
		),
		another,
	)
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
