package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// request calls fn with the API client off the UI goroutine. Back on it,
// request records the outcome in c and, on success, hands fn's result to
// done. msgs replaces the text shown for some error codes. A call that finds
// no session sends the person to sign in, unless msgs has a text for
// api.CodeUnauthenticated. A client method that takes only a context fits
// fn as it is: request(ctx, &p.load, (*api.Client).Session, …).
//
// go-app drops what a removed element dispatches, so ctx must stay mounted
// until fn returns: where the button that starts a call goes away, the
// component posts an action and calls from its handler, on its own context.
func request[T any](ctx ga.Context, c *call, fn func(*api.Client, context.Context) (T, error), done func(ga.Context, T), msgs map[string]msg) {
	if c.busy {
		return
	}
	c.busy, c.code, c.err, c.ok = true, "", "", ""
	ctx.Async(func() {
		data, err := fn(client, ctx)
		ctx.Dispatch(func(ctx ga.Context) {
			c.busy = false
			if err == nil {
				done(ctx, data)
				return
			}
			c.code, c.err = api.ErrorCode(err), errorText(err, msgs)
			if _, own := msgs[api.CodeUnauthenticated]; c.code == api.CodeUnauthenticated && !own {
				ctx.Navigate(PathSignIn)
			}
		})
	})
}

// perform is request for a call that brings back nothing.
func perform(ctx ga.Context, c *call, fn func(*api.Client, context.Context) error, done func(ga.Context), msgs map[string]msg) {
	request(ctx, c, func(cl *api.Client, cx context.Context) (struct{}, error) {
		return struct{}{}, fn(cl, cx)
	}, func(ctx ga.Context, _ struct{}) { done(ctx) }, msgs)
}

// sendEmail runs send, a call that emails the person something, and keeps
// the server's answer as c's success note, to show in place of the form
// that asked.
func sendEmail(ctx ga.Context, c *call, send func(*api.Client, context.Context) (api.Accepted, error)) {
	request(ctx, c, send, func(_ ga.Context, a api.Accepted) {
		if c.ok = a.Message; c.ok == "" {
			c.ok = tr(msgEmailSent)
		}
	}, nil)
}

// errorText is what the person reads about err: msgs first, then a plain
// offline notice, then the server's own message.
func errorText(err error, msgs map[string]msg) string {
	code := api.ErrorCode(err)
	if m, ok := msgs[code]; ok {
		return tr(m)
	}
	if code == api.CodeNetwork {
		return tr(msgOffline)
	}
	// The client returns *api.Error itself; errors.As would link reflection.
	if e, ok := err.(*api.Error); ok && e.Message != "" {
		return e.Message
	}
	return tr(msgUnexpected)
}
