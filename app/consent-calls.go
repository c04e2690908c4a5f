package app

import (
	"context"
	"net/url"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// consentAsk is what the page loads: the request and whose account it
// would see, or that there is no session, or no such request.
type consentAsk struct {
	info         api.AuthRequestInfo
	email        string
	signIn, gone bool
}

// askConsent loads what the consent screen for request id shows.
func askConsent(id string) func(*api.Client, context.Context) (consentAsk, error) {
	return func(c *api.Client, cx context.Context) (consentAsk, error) {
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
	}
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
