package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// call is the state of one network call a screen makes.
type call struct {
	busy bool
	code string // api error code of the last failure
	err  string // what the person reads about that failure
	ok   string // what the person reads after a success, when it needs saying
}

// fail records a problem found before calling the server.
func (c *call) fail(m msg) {
	c.code, c.err, c.ok = "", tr(m), ""
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

// restart offers a new sign-in when c found the sign-in under way gone.
func (c *call) restart() ga.UI {
	if c.code != api.CodeUnauthenticated {
		return nil
	}
	return link(PathSignIn, tr(msgSignInAgain))
}

// pending is what a screen shows until c has loaded what the screen needs:
// busy, or the failure and a button to try again.
func (c *call) pending(busy msg, retry ga.EventHandler) ga.UI {
	if c.err == "" {
		return ga.P().Class("lead").Aria("busy", "true").Text(tr(busy))
	}
	return ga.Div().Body(c.feedback(), button(msgTryAgain, retry))
}
