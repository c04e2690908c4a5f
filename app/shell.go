package app

import ga "github.com/maxence-charriere/go-app/v10/pkg/app"

// shell is the frame of every screen: the Porta header, the offline notice
// and one card holding the screen's heading and content.
func shell(title string, content ...ga.UI) ga.UI {
	return ga.Div().Class("shell").Body(
		ga.Header().Class("topbar").Body(
			ga.Span().Class("brand").Text("Porta"),
		),
		&offlineBanner{},
		ga.Main().Class("card").Body(append([]ga.UI{ga.H1().Text(title)}, content...)...),
	)
}

// setTitle names the browser tab after the screen.
func setTitle(ctx ga.Context, title string) {
	ctx.Page().SetTitle(title + " · Porta")
}

// backLink is the way back a screen offers below its content.
func backLink(path, label string) ga.UI {
	return ga.P().Class("links").Body(ga.A().Href(path).Text(label))
}
