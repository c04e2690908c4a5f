package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// goTo shows step, and asks the server for what it shows the first time.
func (p *setupPage) goTo(ctx ga.Context, step int) {
	p.step, p.req, p.gate.req = step, call{}, call{}
	if step == stepApp && p.totp.Key == "" {
		var s api.TOTPSetup
		p.gate.start(ctx, func(cx context.Context, c *api.Client, pw string) (err error) {
			s, err = c.StartTOTP(cx, pw)
			return
		}, func(ga.Context) { p.totp = s })
	}
	if step == stepCode && p.code.code == "" {
		var s api.EmergencyCode
		p.gate.start(ctx, func(cx context.Context, c *api.Client, pw string) (err error) {
			s, err = c.NewEmergencyCode(cx, pw)
			return
		}, func(ga.Context) { p.code.code = s.Code })
	}
}

// next leaves a step done: on to the next one, or back to the account.
func (p *setupPage) next(ctx ga.Context, e ga.Event) {
	if p.only != "" {
		ctx.Navigate(PathAccount)
		return
	}
	ctx.NewActionWithValue(actionSetupStep, p.step+1)
}

func (p *setupPage) back(ctx ga.Context, e ga.Event) {
	switch {
	case p.step > 0 && p.only == "":
		ctx.NewActionWithValue(actionSetupStep, p.step-1)
	case p.required:
		ctx.Navigate(PathSignIn)
	default:
		ctx.Navigate(PathAccount)
	}
}

func (p *setupPage) retry(ctx ga.Context, e ga.Event) {
	ctx.NewActionWithValue(actionSetupStep, p.step)
}

// actions are the Back button and next, the way on.
func (p *setupPage) actions(next ga.UI) ga.UI {
	return ga.Div().Class("actions").Body(button(msgBack, p.back), next)
}

// progress says which step of three this is, and names them.
func (p *setupPage) progress() ga.UI {
	if p.only != "" {
		return nil
	}
	items := make([]ga.UI, len(steps))
	for i, name := range steps {
		li := ga.Li()
		if i == p.step {
			li = li.Class("current").Aria("current", "step")
		}
		items[i] = li.Text(tr(name))
	}
	return ga.Div().Class("progress").Body(
		ga.P().Class("hint").Text(tr(msgStep, p.step+1, len(steps))),
		ga.Ul().Class("steps").Body(items...),
	)
}
