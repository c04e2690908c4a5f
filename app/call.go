package app

import (
	"context"
	"errors"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// What the person reads, in one place for a later translation; tests match
// them exactly. Some are sentence parts: the screen adds a name.
const (
	msgOffline          = "You're offline. This needs a connection — try again when you're back online."
	msgWrongCredentials = "Wrong email or password."
	msgWrongPassword    = "Your current password is wrong."
	msgSessionExpired   = "Your sign-in expired, start again."
	msgUnexpected       = "Something went wrong. Try again."
	msgRulesUnmet       = "Your new password doesn't meet every rule yet."
	msgNoMatch          = "The two passwords don't match."

	// Emailed links: password reset and activation.
	msgCheckingLink      = "Checking your link…"
	msgTryAgain          = "Try again"
	msgResetTitle        = "Reset your password"
	msgResetChooseFor    = "Choose a new password for "
	msgResetLinkInvalid  = "This link has expired or has already been used."
	msgSendNewLink       = "Send a new link"
	msgPasswordReset     = "Your password has been changed. You have been signed out everywhere else."
	msgActivateTitle     = "Activate your account"
	msgWelcome           = "Welcome, "
	msgActivationLead    = ". Choose a password to finish setting up your Porta account."
	msgActivationExpired = "This activation link has expired."
	msgEmailNewLink      = "Email me a new link"
	msgActivationInvalid = "This link has already been used or is not valid."
	msgForgotLink        = "Forgot your password?"

	// Asking for an email: recovery and the environment finder.
	msgForgotLead   = "Enter the email of your Porta account and we'll send you a link to choose a new password."
	msgSendRecovery = "Send recovery email"
	msgFindTitle    = "Find your environment"
	msgFindLead     = "Enter your work email and we'll send you the sign-in addresses of every organization you belong to."
	msgFindLink     = "I don't know the name of my environment"
	msgBackToSignIn = "Back to sign in"
	msgEmailSent    = "Done. Check your email."

	// Organizations.
	msgSignInTo   = "Sign in to "
	msgUnknownOrg = "We don't know an organization called "
	msgOrgsTitle  = "Organizations"
	msgNoOrgs     = "You don't belong to any organization yet."
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

// pending is what a screen shows until c has loaded what the screen needs:
// busyText, or the failure and a button to try again.
func (c *call) pending(busyText string, retry ga.EventHandler) ga.UI {
	if c.err == "" {
		return ga.P().Class("lead").Aria("busy", "true").Text(busyText)
	}
	return ga.Div().Body(
		c.feedback(),
		ga.Button().Type("button").Class("secondary").OnClick(retry).Text(msgTryAgain),
	)
}

// accepted records the answer of a call that sends an email as c's success
// note, to show in place of the form that asked.
func accepted(c *call) func(ga.Context, api.Accepted) {
	return func(_ ga.Context, a api.Accepted) {
		if c.ok = a.Message; c.ok == "" {
			c.ok = msgEmailSent
		}
	}
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
