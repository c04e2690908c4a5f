package app

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// ssoErrors is what the SSO screen says of each api.ErrorParam code; an
// unknown code reads like a refusal.
var ssoErrors = map[string]msg{
	api.SSOErrState:       msgSSOErrState,
	api.SSOErrToken:       msgSSOErrToken,
	api.SSOErrEmail:       msgSSOErrEmail,
	api.SSOErrDenied:      msgSSOErrDenied,
	api.SSOErrUnavailable: msgSSOErrUnavailable,
}

// ssoPage is api.SSOScreen, sign-in through the organization's own
// identity provider. Reached from the sign-in form it offers "Continue
// with …" for each provider identify named. The server sends the browser
// back to it from the provider: with ?next=… sign-in goes on with Porta's
// own steps, with ?error=… it says why it stopped.
type ssoPage struct {
	ga.Compo
	email     string
	providers []api.SSOProvider
	failure   string // the api.ErrorParam code
	leaving   string // the provider's name once the browser is on its way
	step      call
}

func newSSOPage() *ssoPage { return &ssoPage{} }

func (p *ssoPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgSSOTitle)) }

func (p *ssoPage) OnMount(ctx ga.Context) {
	q := ctx.Page().URL().Query()
	if id := q.Get(api.RequestParam); id != "" {
		if r, ok := rememberedRequest(ctx); !ok || r.ID != id {
			rememberRequest(ctx, pendingRequest{ID: id})
		}
	}
	switch {
	case q.Has(api.ErrorParam):
		p.failure = q.Get(api.ErrorParam)
		setTitle(ctx, tr(msgSSOFailedTitle))
	case q.Has(api.SSONextParam):
		continueSignIn(ctx, &p.step, ssoNextStep(q))
	default:
		p.email = stored(ctx.SessionStorage(), keySignInEmail)
		ctx.SessionStorage().Get(keySSOProviders, &p.providers)
		if p.email == "" || len(p.providers) == 0 {
			ctx.Navigate(PathSignIn)
		}
	}
}

// ssoNextStep is the sign-in step the server's return address names, as
// the API would have answered it.
func ssoNextStep(q url.Values) api.SignInResponse {
	res := api.SignInResponse{Next: q.Get(api.SSONextParam), Default: q.Get(api.SSODefaultParam)}
	if m := q.Get(api.SSOMethodsParam); m != "" {
		res.Methods = strings.Split(m, ",")
	}
	if s, err := strconv.Atoi(q.Get(api.SSORememberParam)); err == nil && s > 0 {
		res.CanRememberDevice, res.RememberDeviceSeconds = true, s
	}
	return res
}

func (p *ssoPage) Render() ga.UI {
	switch {
	case p.failure != "":
		m, ok := ssoErrors[p.failure]
		if !ok {
			m = msgSSOErrDenied
		}
		return shell(tr(msgSSOFailedTitle),
			ga.Div().Class("alert").Role("alert").Body(ga.P().Text(tr(m))),
			backLink(PathSignIn, tr(msgBackToSignIn)),
		)
	case p.email == "":
		return shell(tr(msgSSOTitle),
			ga.P().Class("lead").Aria("busy", "true").Text(tr(msgSSOFinishing)),
			p.step.feedback(link(PathSignIn, tr(msgSignInAgain))),
		)
	}
	choices := make([]ga.UI, 0, len(p.providers))
	for _, pr := range p.providers {
		choices = append(choices, ga.Button().Class("primary").Type("button").Value(pr.ID).
			Disabled(p.leaving != "").OnClick(p.start).Text(tr(msgContinueWith, pr.Name)))
	}
	var leaving ga.UI = ga.P().Role("status")
	if p.leaving != "" {
		leaving = ga.P().Class("note").Role("status").Text(tr(msgLeavingFor, p.leaving))
	}
	return shell(tr(msgSSOTitle),
		ga.P().Class("identity").Body(
			ga.Strong().Text(p.email),
			link(PathSignIn, tr(msgNotYou)),
		),
		ga.P().Class("lead").Text(tr(msgSSOLead)),
		ga.Div().Class("choices").Body(choices...),
		leaving,
	)
}

// start leaves for the provider named by the button's value, with a full
// page load: the server's start address is not a route of the app.
func (p *ssoPage) start(ctx ga.Context, e ga.Event) {
	p.leaveFor(ctx, ctx.JSSrc().Get("value").String())
}

func (p *ssoPage) leaveFor(ctx ga.Context, id string) {
	i := slices.IndexFunc(p.providers, func(pr api.SSOProvider) bool { return pr.ID == id })
	if i < 0 {
		return
	}
	p.leaving = p.providers[i].Name
	var request string
	if r, ok := rememberedRequest(ctx); ok {
		request = r.ID
	}
	loadPage(ctx, api.SSOStartURL(id, request))
}
