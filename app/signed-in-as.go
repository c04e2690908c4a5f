package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// signedInAs says whose account the page shows, with the button that
// signs out.
type signedInAs struct {
	ga.Compo
	Email   string
	signOut call
}

func (s *signedInAs) Render() ga.UI {
	return ga.Div().Body(
		ga.Div().Class("identity").Body(
			ga.P().Body(ga.Text(tr(msgSignedInAs)), ga.Strong().Text(s.Email)),
			form(s.submit, ga.Button().Class("secondary").Type("submit").Text(tr(msgSignOut))),
		),
		s.signOut.feedback(),
	)
}

func (s *signedInAs) submit(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	perform(ctx, &s.signOut, (*api.Client).SignOut, func(ctx ga.Context) { ctx.Navigate(PathSignIn) }, nil)
}
