package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// accountPage is the signed-in person's account: profile, password and
// sessions. Without a session it sends the person to sign in.
type accountPage struct {
	ga.Compo
	session api.Session
	load    call
	signOut call
}

func (p *accountPage) OnNav(ctx ga.Context) { setTitle(ctx, "Your account") }

func (p *accountPage) OnMount(ctx ga.Context) {
	run(ctx, &p.load, func(cx context.Context, c *api.Client) (api.Session, error) {
		return c.Session(cx)
	}, func(ctx ga.Context, s api.Session) { p.session = s }, nil)
}

func (p *accountPage) Render() ga.UI {
	a := p.session.Account
	if a.ID == "" {
		return shell("Your account", p.load.pending("Loading your account…", retry))
	}
	return shell("Your account",
		ga.Div().Class("identity").Body(
			ga.P().Body(ga.Text("Signed in as "), ga.Strong().Text(a.Email)),
			form(p.submitSignOut, ga.Button().Type("submit").Class("secondary").Text("Sign out")),
		),
		p.signOut.feedback(),
		&profileSection{Account: a},
		&passwordSection{Email: a.Email},
		&sessionsSection{},
		&orgsSection{},
	)
}

// retry loads the page again, from the service worker's cache when offline.
// Calling from the button would be lost: go-app drops what a call
// dispatches once its element is gone, and the loading state removes it.
func retry(ctx ga.Context, e ga.Event) { ctx.Reload() }

func (p *accountPage) submitSignOut(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	do(ctx, &p.signOut, func(cx context.Context, c *api.Client) error {
		return c.SignOut(cx)
	}, func(ctx ga.Context) { ctx.Navigate(PathSignIn) }, nil)
}
