package app

import (
	"context"
	"net/url"

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

// consentAsk is what the page loads: the request and whose account it
// would see, or that there is no session, or no such request.
type consentAsk struct {
	info         api.AuthRequestInfo
	email        string
	signIn, gone bool
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
	request(ctx, &p.load, func(c *api.Client, cx context.Context) (consentAsk, error) {
		s, err := c.Session(cx)
		if api.ErrorCode(err) == api.CodeUnauthenticated {
			return consentAsk{signIn: true}, nil
		} else if err != nil {
			return consentAsk{}, err
		}
		info, err := c.AuthRequest(cx, id)
		if api.ErrorCode(err) == api.CodeNotFound {
			return consentAsk{gone: true}, nil
		}
		return consentAsk{info: info, email: s.Account.Email}, err
	}, func(ctx ga.Context, a consentAsk) {
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

func (p *consentPage) allow(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	p.reply(ctx, true)
}

func (p *consentPage) cancel(ctx ga.Context, e ga.Event) { p.reply(ctx, false) }

// reply sends the answer and follows the server's way on. A session that
// ended meanwhile signs in again for the same request.
func (p *consentPage) reply(ctx ga.Context, allow bool) {
	id := p.id
	request(ctx, &p.answer, func(c *api.Client, cx context.Context) (api.Continue, error) {
		next, err := c.Consent(cx, id, allow)
		if api.ErrorCode(err) == api.CodeUnauthenticated {
			return api.Continue{URL: signInFor(id)}, nil
		}
		return next, err
	}, func(ctx ga.Context, next api.Continue) { loadPage(ctx, next.URL) },
		map[string]msg{api.CodeNotFound: msgRequestExpired})
}

// signInFor is the sign-in screen for the product's request id.
func signInFor(id string) string {
	return PathSignIn + "?" + api.RequestParam + "=" + url.QueryEscape(id)
}
