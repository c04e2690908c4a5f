package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// signInRequest is the product's request a sign-in on this screen is for:
// the one of ?request=ID, else the one remembered from such an address.
type signInRequest struct {
	client string // the product's name, once known
	hint   string // the email the product suggests
	gone   bool   // the server knows no such request (any more)
	load   call
}

// open remembers the request of the address, for finishSignIn, and asks
// the server about it. Without one in the address, it names the product
// of a request still remembered (back from an emailed link, say).
func (r *signInRequest) open(ctx ga.Context) {
	id := queryValue(ctx.Page().URL().RawQuery, api.RequestParam)
	if id == "" {
		if p, ok := rememberedRequest(ctx); ok {
			r.client = p.Client
		}
		return
	}
	rememberRequest(ctx, pendingRequest{ID: id})
	// A request the server does not know comes back as nil, not as an
	// error, so that done can forget it.
	request(ctx, &r.load, func(c *api.Client, cx context.Context) (*api.AuthRequestInfo, error) {
		info, err := c.AuthRequest(cx, id)
		if api.ErrorCode(err) == api.CodeNotFound {
			return nil, nil
		}
		return &info, err
	}, func(ctx ga.Context, info *api.AuthRequestInfo) {
		if info == nil {
			forgetRequest(ctx)
			r.gone = true
			setTitle(ctx, tr(msgRequestErrorTitle))
			return
		}
		rememberRequest(ctx, pendingRequest{ID: id, Client: info.Client, URL: info.ContinueURL})
		r.client, r.hint = info.Client, info.LoginHint
	}, nil)
}

// lead is the line above the sign-in form: which product the sign-in
// continues to, when there is one.
func (r *signInRequest) lead() string {
	if r.client == "" {
		return tr(msgSignInLead)
	}
	return tr(msgContinueTo, r.client)
}
