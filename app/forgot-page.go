package app

import ga "github.com/maxence-charriere/go-app/v10/pkg/app"

// forgotPage stands in for password recovery by email, which is coming.
type forgotPage struct {
	ga.Compo
}

func (p *forgotPage) OnNav(ctx ga.Context) { setTitle(ctx, "Forgot password") }

func (p *forgotPage) Render() ga.UI {
	return shell("Forgot password",
		ga.P().Class("lead").Text("Resetting your password by email is coming soon."),
		ga.P().Text("Until then, ask whoever runs Porta at your organization to help you back in."),
		backLink(PathPassword, "Back to sign in"),
	)
}
