package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// stepUpPage is api.StepUpScreen, ?request=ID: a product asks a signed-in
// person for two-step verification. The page asks the server for that
// step and goes on to its screen — the second step, or the setup wizard
// for an account without a method — whose end returns to the product. A
// session that ended, or one signed in too long ago to set up a method,
// signs in again for the same request.
type stepUpPage struct {
	ga.Compo
	pending signInRequest
	step    call
}

func newStepUpPage() *stepUpPage { return &stepUpPage{} }

func (p *stepUpPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgStepUpTitle)) }

func (p *stepUpPage) OnMount(ctx ga.Context) {
	p.pending.open(ctx)
	p.start(ctx)
}

// start asks for the step; an empty answer means "sign in again".
func (p *stepUpPage) start(ctx ga.Context) {
	id := queryValue(ctx.Page().URL().RawQuery, api.RequestParam)
	request(ctx, &p.step, func(c *api.Client, cx context.Context) (api.SignInResponse, error) {
		res, err := c.StepUp(cx)
		if code := api.ErrorCode(err); code == api.CodeUnauthenticated || code == api.CodePasswordRequired {
			return api.SignInResponse{}, nil
		}
		return res, err
	}, func(ctx ga.Context, res api.SignInResponse) {
		if res.Next == "" {
			ctx.Navigate(signInFor(id))
			return
		}
		continueSignIn(ctx, &p.step, res)
	}, nil)
}

func (p *stepUpPage) Render() ga.UI {
	if p.pending.gone {
		return requestError(requestExpired)
	}
	lead := tr(msgStepUpLeadAnyProduct)
	if p.pending.client != "" {
		lead = tr(msgStepUpLead, p.pending.client)
	}
	return shell(tr(msgStepUpTitle),
		ga.P().Class("lead").Text(lead),
		p.step.pending(msgStepUpBusy, p.retry),
		backLink(PathAccount, tr(msgGoToAccount)),
	)
}

func (p *stepUpPage) retry(ctx ga.Context, e ga.Event) { p.start(ctx) }
