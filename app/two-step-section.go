package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// twoStepSection lists the account's two-step methods, removes them,
// issues a new emergency code and leads to the wizard. Removing and a new
// code ask for the password when the server wants it: some minutes after
// signing in.
type twoStepSection struct {
	ga.Compo
	state  api.TwoStep
	loaded bool
	load   call
	gate   passwordGate // a removal or a new emergency code
	lead   string       // what the password is asked for
	code   newCode
	ok     call
	// renaming is the passkey whose rename form shows; rename saves it.
	renaming string
	rename   call
}

// OnMount loads the methods. The buttons that ask for the password go away
// while it is asked, so what they start runs on the section's context.
func (s *twoStepSection) OnMount(ctx ga.Context) {
	ctx.Handle(actionTwoStepChanged, func(ctx ga.Context, _ ga.Action) { s.reload(ctx) })
	ctx.Handle(actionRemoveFactor, func(ctx ga.Context, a ga.Action) { s.remove(ctx, a.Value.(string)) })
	ctx.Handle(actionNewCode, func(ctx ga.Context, _ ga.Action) { s.issueCode(ctx) })
	s.reload(ctx)
}

func (s *twoStepSection) reload(ctx ga.Context) {
	request(ctx, &s.load, (*api.Client).TwoStep, func(_ ga.Context, t api.TwoStep) { s.state, s.loaded = t, true }, nil)
}

func (s *twoStepSection) Render() ga.UI {
	items, app, sms, passkey := s.list()
	body, problem := ga.UI(nil), s.gate.req.feedback()
	switch {
	case !s.loaded:
	case s.code.code != "":
		body = s.code.ui(&s.ok, msgDone, s.closeCode)
	case s.gate.asking():
		body, problem = ga.Div().Body(ga.P().Class("lead").Text(s.lead), s.gate.form(msgContinue), button(msgCancel, s.cancel)), nil
	case !s.state.Enabled:
		body = backLink(PathSetupFromAccount, tr(msgSetUp))
	case oneOf(app, sms, passkey):
		add, label := "?add=totp", tr(msgAddApp)
		if app {
			add, label = "?add=sms", tr(msgAddSMS)
		}
		body = ga.Div().Body(ga.P().Class("hint").Text(tr(msgNudge)), backLink(PathSetupFromAccount+add, label), button(msgNewCode, s.askCode))
	default:
		body = button(msgNewCode, s.askCode)
	}
	if s.loaded && s.code.code == "" && !s.gate.asking() && passkeysSupported() {
		body = ga.Div().Body(body, backLink(PathSetupFromAccount+"?add="+api.MethodPasskey, tr(msgAddPasskey)))
	}
	return section("two-step-title", msgTwoStepTitle,
		ga.P().Class("hint").Text(tr(msgTwoStepLead)),
		ga.Ul().Class("sessions").Body(items...),
		s.load.feedback(),
		s.ok.feedback(),
		problem,
		body,
	)
}

// oneOf reports whether exactly one of the kinds of method is there: the
// moment to encourage a second.
func oneOf(kinds ...bool) bool {
	n := 0
	for _, k := range kinds {
		if k {
			n++
		}
	}
	return n == 1
}
