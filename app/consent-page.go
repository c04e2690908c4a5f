package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// consentPage is api.ConsentScreen, ?request=ID: whether a product may see
// what it asked for. Allow and Cancel both go on to where the server says
// (the product, with a code or a refusal). Without a session it sends the
// person to sign in for the same request.
type consentPage struct {
	ga.Compo
	id     string
	ask    consentAsk
	load   call
	answer call
}

func newConsentPage() *consentPage { return &consentPage{} }

func (p *consentPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgConsentTab)) }

func (p *consentPage) OnMount(ctx ga.Context) {
	id := queryValue(ctx.Page().URL().RawQuery, api.RequestParam)
	p.id = id
	if id == "" {
		p.ask.gone = true
		return
	}
	request(ctx, &p.load, askConsent(id), func(ctx ga.Context, a consentAsk) {
		if p.ask = a; a.signIn {
			ctx.Navigate(signInFor(id))
			return
		}
		setTitle(ctx, tr(msgConsentTitle, a.info.Client))
	}, nil)
}

func (p *consentPage) Render() ga.UI {
	if p.ask.gone {
		return requestError(requestExpired)
	}
	client := p.ask.info.Client
	if client == "" {
		return shell(tr(msgConsentTab), p.load.pending(msgLoadingRequest, retry))
	}
	texts := scopeTexts(p.ask.info.Scopes)
	items := make([]ga.UI, len(texts))
	for i, t := range texts {
		items[i] = ga.Li().Text(t)
	}
	return shell(tr(msgConsentTitle, client),
		ga.P().Class("identity").Body(ga.Strong().Text(p.ask.email), link(signInFor(p.id), tr(msgNotYou))),
		ga.P().Class("lead").Text(tr(msgConsentLead, client)),
		ga.Ul().Body(items...),
		form(p.allow,
			p.answer.feedback(),
			ga.Div().Class("actions").Body(button(msgCancel, p.cancel), submitButton(msgAllow, msgWorking, p.answer.busy)),
		),
		ga.P().Class("hint").Text(tr(msgConsentLater)),
	)
}
