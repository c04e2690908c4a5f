package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// The codes of api.ErrorParam: why a product's sign-in request cannot go
// back to its product.
const (
	requestUnknownClient = "unknown_client"
	requestBadRedirect   = "invalid_redirect_uri"
	requestExpired       = "expired_request"
	requestInvalid       = "invalid_request"
)

// requestErrors is what the error screen says of each code; an unknown
// code reads like invalid_request.
var requestErrors = map[string]msg{
	requestUnknownClient: msgRequestUnknownClient,
	requestBadRedirect:   msgRequestBadRedirect,
	requestExpired:       msgRequestExpired,
	requestInvalid:       msgRequestInvalid,
}

// signInErrorPage is api.ErrorScreen, ?error=CODE: a product's sign-in
// request that cannot go back to the product. It sends the browser
// nowhere: the address it came with is not one Porta trusts.
type signInErrorPage struct {
	ga.Compo
	code string
}

func newSignInErrorPage() *signInErrorPage { return &signInErrorPage{} }

// OnNav reads the code; prerendering knows it too, from the address.
func (p *signInErrorPage) OnNav(ctx ga.Context) {
	p.code = queryValue(ctx.Page().URL().RawQuery, api.ErrorParam)
	setTitle(ctx, tr(msgRequestErrorTitle))
}

func (p *signInErrorPage) Render() ga.UI { return requestError(p.code) }

// requestError is the screen of a request that failed with code; the
// sign-in screen shows it too, for a request that has expired.
func requestError(code string) ga.UI {
	m, ok := requestErrors[code]
	if !ok {
		m = msgRequestInvalid
	}
	return shell(tr(msgRequestErrorTitle),
		ga.P().Class("lead").Text(tr(m)),
		backLink(PathAccount, tr(msgGoToAccount)),
	)
}
