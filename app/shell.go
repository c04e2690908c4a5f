package app

import ga "github.com/maxence-charriere/go-app/v10/pkg/app"

// shell is the frame of every screen: the Porta header, the offline notice
// and one card holding the screen's heading and content.
func shell(title string, content ...ga.UI) ga.UI { return frame(nil, title, content...) }

// signedInShell is shell for the screens of a signed-in person: the
// header also lets them switch between their organizations.
func signedInShell(title string, content ...ga.UI) ga.UI {
	return frame(&orgSwitcher{}, title, content...)
}

func frame(inHeader ga.UI, title string, content ...ga.UI) ga.UI {
	return ga.Div().Class("shell").Body(
		ga.Header().Class("topbar").Body(ga.Span().Class("brand").Text(tr(msgProductName)), inHeader),
		&offlineBanner{},
		ga.Main().Class("card").Body(append([]ga.UI{ga.H1().Text(title)}, content...)...),
	)
}

// setTitle names the browser tab after the screen.
func setTitle(ctx ga.Context, title string) {
	ctx.Page().SetTitle(tr(msgTabTitle, title))
}

// link goes to path.
func link(path, label string) ga.UI {
	return ga.A().Href(path).Text(label)
}

// backLink is the way back a screen offers below its content.
func backLink(path, label string) ga.UI {
	return ga.P().Class("links").Body(link(path, label))
}

// button is a secondary button that runs onClick.
func button(label msg, onClick ga.EventHandler) ga.HTMLButton {
	return ga.Button().Class("secondary").Type("button").OnClick(onClick).Text(tr(label))
}

// section is a titled part of a screen; id names its heading.
func section(id string, title msg, body ...ga.UI) ga.UI {
	return ga.Section().Class("section").Aria("labelledby", id).
		Body(append([]ga.UI{ga.H2().ID(id).Text(tr(title))}, body...)...)
}

// item is an entry of a list like the sessions: a name, a line about it
// and what can be done with it.
func item(name, meta string, action ga.UI) ga.UI {
	return ga.Li().Class("session").Body(
		ga.Div().Body(ga.Strong().Text(name), ga.P().Class("meta").Text(meta)),
		action,
	)
}
