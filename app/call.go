package app

import (
	"context"
	"errors"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// What the person reads when something goes wrong; tests match them exactly.
const (
	msgOffline          = "You're offline. This needs a connection — try again when you're back online."
	msgWrongCredentials = "Wrong email or password."
	msgWrongPassword    = "Your current password is wrong."
	msgSessionExpired   = "Your sign-in expired, start again."
	msgUnexpected       = "Something went wrong. Try again."
	msgRulesUnmet       = "Your new password doesn't meet every rule yet."
	msgNoMatch          = "The two passwords don't match."
)

// call is the state of one network call a screen makes.
type call struct {
	busy bool
	code string // api error code of the last failure
	err  string // what the person reads about that failure
	ok   string // what the person reads after a success, when it needs saying
}

// run calls fn with the API client off the UI goroutine. Back on it, run
// records the outcome in c and, on success, calls done. msgs replaces the
// text shown for some error codes. A call that finds no session sends the
// person to sign in, unless msgs has a text for api.CodeUnauthenticated.
// The element behind ctx must stay mounted until fn returns: go-app drops
// what a removed element dispatches.
func run[T any](ctx ga.Context, c *call, fn func(context.Context, *api.Client) (T, error), done func(ga.Context, T), msgs map[string]string) {
	if c.busy {
		return
	}
	c.busy, c.code, c.err, c.ok = true, "", "", ""
	ctx.Async(func() {
		v, err := fn(ctx, client)
		ctx.Dispatch(func(ctx ga.Context) {
			c.busy = false
			if err == nil {
				done(ctx, v)
				return
			}
			c.code, c.err = api.ErrorCode(err), errorText(err, msgs)
			if _, own := msgs[api.CodeUnauthenticated]; c.code == api.CodeUnauthenticated && !own {
				ctx.Navigate(PathSignIn)
			}
		})
	})
}

// do is run for calls that return only an error.
func do(ctx ga.Context, c *call, fn func(context.Context, *api.Client) error, done func(ga.Context), msgs map[string]string) {
	run(ctx, c, func(cx context.Context, cl *api.Client) (struct{}, error) {
		return struct{}{}, fn(cx, cl)
	}, func(ctx ga.Context, _ struct{}) { done(ctx) }, msgs)
}

// fail records a problem found before calling the server.
func (c *call) fail(msg string) {
	c.code, c.err, c.ok = "", msg, ""
}

// feedback shows the outcome of c: the error as an alert, or the success
// note as a status. extra follows the error text, like a link onwards.
func (c *call) feedback(extra ...ga.UI) ga.UI {
	if c.err != "" {
		return ga.Div().Class("alert").Role("alert").Body(append([]ga.UI{ga.P().Text(c.err)}, extra...)...)
	}
	if c.ok != "" {
		return ga.P().Class("note").Role("status").Text(c.ok)
	}
	return ga.P().Role("status")
}

// errorText is what the person reads about err: msgs first, then a plain
// offline notice, then the server's own message.
func errorText(err error, msgs map[string]string) string {
	code := api.ErrorCode(err)
	if msg, ok := msgs[code]; ok {
		return msg
	}
	if code == api.CodeNetwork {
		return msgOffline
	}
	var e *api.Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return msgUnexpected
}
