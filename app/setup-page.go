package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// setupPage is the two-step verification wizard: authenticator app, SMS
// (optional), passkey (optional), emergency code. Sign-in runs it when it
// is required; from the account page it runs by choice, or ?add=totp,
// ?add=sms or ?add=passkey runs one step.
type setupPage struct {
	ga.Compo
	required bool
	only     string
	step     int
	done     [3]bool // the app, the number, a passkey: confirmed
	passkey  string  // the name of the passkey added
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

var steps = [...]msg{msgStepApp, msgStepSMS, msgStepPasskey, msgStepCode}

// The wizard's steps by number.
const (
	stepApp = iota
	stepSMS
	stepPasskey
	stepCode
)

func (p *setupPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgSetupTitle)) }

// OnMount shows the first step. A step outlives the button that left the
// one before, so steps change on the page's context, through an action.
func (p *setupPage) OnMount(ctx ga.Context) {
	ctx.Handle(actionSetupStep, func(ctx ga.Context, a ga.Action) { p.goTo(ctx, a.Value.(int)) })
	switch p.only = queryValue(ctx.Page().URL().RawQuery, "add"); p.only {
	case api.MethodSMS:
		p.step = stepSMS
	case api.MethodPasskey:
		p.step = stepPasskey
	}
	p.goTo(ctx, p.step)
}

func (p *setupPage) Render() ga.UI {
	var body ga.UI
	switch {
	case p.step < stepCode && p.done[p.step]:
		body = ga.Div().Body(ga.P().Class("note").Role("status").Text(p.doneNote()), p.actions(button(msgNext, p.next)))
	case p.gate.asking():
		body = p.gate.form(msgContinue)
	case p.step == stepApp:
		body = p.appStep()
	case p.step == stepSMS:
		body = p.smsStep()
	case p.step == stepPasskey:
		body = p.passkeyStep()
	case p.code.code == "":
		body = p.gate.req.pending(msgLoading, p.retry)
	default:
		body = ga.Div().Body(p.code.ui(&p.req, msgFinish, p.finish), p.actions(nil))
	}
	title := tr(msgSetupTitle)
	if p.only == api.MethodPasskey {
		title = tr(msgAddPasskey)
	}
	return shell(title, p.progress(), body)
}
