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
	state  api.TwoStep
	loaded bool
	load   call
	gate   passwordGate // a removal or a new emergency code
	lead   string       // what the password is asked for
	code   newCode
	ok     call
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
	var items []ga.UI
	var app, sms bool
	for rank := range 4 { // in the wizard's order, whatever the server's
		for _, f := range s.state.Factors {
			if name, r := factorName(f); r == rank {
				app, sms = app || f.Kind == api.MethodTOTP, sms || f.Kind == api.MethodSMS
				items = append(items, item(name, tr(msgAdded, when(f.CreatedAt)),
					button(tr(msgRemove), s.askRemove).Attr("value", f.ID).Aria("label", tr(msgRemoveNamed, name))))
			}
		}
	}
	body, problem := ga.UI(nil), s.gate.req.feedback()
	switch {
	case !s.loaded:
	case s.code.code != "":
		body = s.code.ui(&s.ok, tr(msgDone), s.closeCode)
	case s.gate.asking():
		body, problem = el("div", "", txt("p", "lead", s.lead), s.gate.form(tr(msgContinue)), button(tr(msgCancel), s.cancel)), nil
	case !s.state.Enabled:
		body = backLink(PathSetupFromAccount, tr(msgSetUp))
	case app != sms:
		add, label := "?add=sms", tr(msgAddSMS)
		if sms {
			add, label = "?add=totp", tr(msgAddApp)
		}
		body = el("div", "", txt("p", "hint", tr(msgNudge)), backLink(PathSetupFromAccount+add, label), button(tr(msgNewCode), s.askCode))
	default:
		body = button(tr(msgNewCode), s.askCode)
	}
	return section("two-step-title", tr(msgTwoStepTitle),
		txt("p", "hint", tr(msgTwoStepLead)),
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
		return tr(msgStepApp), 0
	case api.MethodSMS:
		return tr(msgTextsTo, f.Phone), 1
	case api.MethodEmergency:
		return tr(msgStepCode), 2
	}
	return f.Kind, 3
}

// askRemove removes the factor of the button, asking for the password
// when the server wants it.
func (s *twoStepSection) askRemove(ctx ga.Context, e ga.Event) {
	ctx.NewActionWithValue(actionRemoveFactor, ctx.JSSrc().Get("value").String())
}

func (s *twoStepSection) askCode(ctx ga.Context, e ga.Event) { ctx.NewAction(actionNewCode) }

func (s *twoStepSection) remove(ctx ga.Context, id string) {
	s.lead, s.ok = tr(msgToRemove), call{}
	s.gate.start(ctx, func(cx context.Context, c *api.Client, pw string) error {
		return c.RemoveFactor(cx, id, pw)
	}, func(ctx ga.Context) {
		s.ok.ok = tr(msgRemoved)
		ctx.NewAction(actionTwoStepChanged)
	})
}

func (s *twoStepSection) issueCode(ctx ga.Context) {
	var n api.EmergencyCode
	s.lead, s.ok = tr(msgForNewCode), call{}
	s.gate.start(ctx, func(cx context.Context, c *api.Client, pw string) (err error) {
		n, err = c.NewEmergencyCode(cx, pw)
		return
	}, func(ga.Context) { s.code = newCode{code: n.Code} })
}

func (s *twoStepSection) cancel(ctx ga.Context, e ga.Event) { s.gate = passwordGate{} }

func (s *twoStepSection) closeCode(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	s.code = newCode{}
	ctx.NewAction(actionTwoStepChanged)
}
