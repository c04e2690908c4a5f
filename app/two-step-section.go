package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// twoStepSection lists the account's two-step methods, removes them,
// issues a new emergency code and leads to the wizard. Removing and a new
// code ask for the password when the server wants it: some minutes after
// signing in.
type twoStepSection struct {
	ga.Compo
	page   ga.Context // the section's own: the buttons that ask go away
	state  api.TwoStep
	loaded bool
	load   call
	gate   passwordGate // a removal or a new emergency code
	lead   string       // what the password is asked for
	code   newCode
	ok     call
}

func (s *twoStepSection) OnMount(ctx ga.Context) {
	s.page = ctx
	s.reload()
}

func (s *twoStepSection) reload() {
	var t api.TwoStep
	run(s.page, &s.load, func(cx context.Context, c *api.Client) (err error) {
		t, err = c.TwoStep(cx)
		return
	}, func(ga.Context) { s.state, s.loaded = t, true }, nil)
}

func (s *twoStepSection) Render() ga.UI {
	var items []ga.UI
	var app, sms bool
	for rank := range 4 { // in the wizard's order, whatever the server's
		for _, f := range s.state.Factors {
			if name, r := factorName(f); r == rank {
				app, sms = app || f.Kind == api.MethodTOTP, sms || f.Kind == api.MethodSMS
				items = append(items, item(name, msgAdded+when(f.CreatedAt),
					button(msgRemove, s.askRemove).Attr("value", f.ID).Aria("label", msgRemove+" "+name)))
			}
		}
	}
	body, problem := ga.UI(nil), s.gate.req.feedback()
	switch {
	case !s.loaded:
	case s.code.code != "":
		body = s.code.ui(&s.ok, msgDone, s.closeCode)
	case s.gate.asking():
		body, problem = el("div", "", txt("p", "lead", s.lead), s.gate.form(msgContinue), button(msgCancel, s.cancel)), nil
	case !s.state.Enabled:
		body = backLink(PathSetupFromAccount, msgSetUp)
	case app != sms:
		add, label := "?add=sms", msgAddSMS
		if sms {
			add, label = "?add=totp", msgAddApp
		}
		body = el("div", "", txt("p", "hint", msgNudge), backLink(PathSetupFromAccount+add, label), button(msgNewCode, s.askCode))
	default:
		body = button(msgNewCode, s.askCode)
	}
	return section("two-step-title", msgTwoStepTitle,
		txt("p", "hint", msgTwoStepLead),
		el("ul", "sessions", items...),
		s.load.feedback(),
		s.ok.feedback(),
		problem,
		body,
	)
}

// factorName names a method, and ranks it for the list.
func factorName(f api.Factor) (string, int) {
	switch f.Kind {
	case api.MethodTOTP:
		return msgStepApp, 0
	case api.MethodSMS:
		return msgTextsTo + f.Phone, 1
	case api.MethodEmergency:
		return msgStepCode, 2
	}
	return f.Kind, 3
}

// askRemove asks for the password to remove the factor of the button.
func (s *twoStepSection) askRemove(ctx ga.Context, e ga.Event) {
	id := ctx.JSSrc().Get("value").String()
	s.lead, s.ok = msgToRemove, call{}
	s.gate.start(s.page, func(cx context.Context, c *api.Client, pw string) error {
		return c.RemoveFactor(cx, id, pw)
	}, func(ctx ga.Context) {
		s.ok.ok = msgRemoved
		s.reload()
	})
}

func (s *twoStepSection) askCode(ctx ga.Context, e ga.Event) {
	var n api.EmergencyCode
	s.lead, s.ok = msgForNewCode, call{}
	s.gate.start(s.page, func(cx context.Context, c *api.Client, pw string) (err error) {
		n, err = c.NewEmergencyCode(cx, pw)
		return
	}, func(ga.Context) { s.code = newCode{code: n.Code} })
}

func (s *twoStepSection) cancel(ctx ga.Context, e ga.Event) { s.gate = passwordGate{} }

func (s *twoStepSection) closeCode(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	s.code = newCode{}
	s.reload()
}
