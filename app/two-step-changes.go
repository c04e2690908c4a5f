package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

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
