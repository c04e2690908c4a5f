package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// setupPage is the two-step verification wizard: authenticator app, SMS
// (optional), emergency code. Sign-in runs it when it is required; from the
// account page it runs by choice, or ?add=totp or ?add=sms runs one step.
type setupPage struct {
	ga.Compo
	required bool
	only     string
	step     int
	done     [2]bool // the app, the number: confirmed
	totp     api.TOTPSetup
	phone    string // where the SMS code went
	code     newCode
	gate     passwordGate // starts each step
	req      call         // confirms it
}

// newSetupPage is the wizard that sign-in requires: it ends by signing in.
func newSetupPage() *setupPage { return &setupPage{required: true} }

// newSetupFromAccountPage is the wizard run by choice: it ends on the
// account page.
func newSetupFromAccountPage() *setupPage { return &setupPage{} }

var steps = [...]msg{msgStepApp, msgStepSMS, msgStepCode}

func (p *setupPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgSetupTitle)) }

// OnMount shows the first step. A step outlives the button that left the
// one before, so steps change on the page's context, through an action.
func (p *setupPage) OnMount(ctx ga.Context) {
	ctx.Handle(actionSetupStep, func(ctx ga.Context, a ga.Action) { p.goTo(ctx, a.Value.(int)) })
	if p.only = queryValue(ctx.Page().URL().RawQuery, "add"); p.only == api.MethodSMS {
		p.step = 1
	}
	p.goTo(ctx, p.step)
}

func (p *setupPage) Render() ga.UI {
	var body ga.UI
	switch {
	case p.step < 2 && p.done[p.step]:
		body = ga.Div().Body(ga.P().Class("note").Text(tr(msgStepDone)), p.actions(button(msgNext, p.next)))
	case p.gate.asking():
		body = p.gate.form(msgContinue)
	case p.step == 0:
		body = p.appStep()
	case p.step == 1:
		body = p.smsStep()
	case p.code.code == "":
		body = p.gate.req.pending(msgLoading, p.retry)
	default:
		body = ga.Div().Body(p.code.ui(&p.req, msgFinish, p.finish), p.actions(nil))
	}
	return shell(tr(msgSetupTitle), p.progress(), body)
}
