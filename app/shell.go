package app

import ga "github.com/maxence-charriere/go-app/v10/pkg/app"

// shell is the frame of every screen: the Porta header, the offline notice
// and one card holding the screen's heading and content.
func shell(title string, content ...ga.UI) ga.UI {
	return el("div", "shell",
		el("header", "topbar", txt("span", "brand", "Porta")),
		&offlineBanner{},
		el("main", "card", append([]ga.UI{txt("h1", "", title)}, content...)...),
	)
}

// tag is an element called name with the class names class (none for "").
// Every element of the app is a ga.Elem: each typed go-app builder, like
// ga.Button, costs about 1 kB of the compressed WebAssembly app, and their
// setters only set attributes too.
func tag(name, class string) ga.HTMLElem {
	return ga.Elem(name).Class(class)
}

// el is an element of name and class holding body. It and txt return a
// ga.UI: converting a ga.HTMLElem at every call would grow the app.
func el(name, class string, body ...ga.UI) ga.UI {
	return tag(name, class).Body(body...)
}

// txt is an element of name and class holding text.
func txt(name, class, text string) ga.UI {
	return tag(name, class).Text(text)
}

// setTitle names the browser tab after the screen.
func setTitle(ctx ga.Context, title string) {
	ctx.Page().SetTitle(title + " · Porta")
}

// link goes to path.
func link(path, label string) ga.UI {
	return tag("a", "").Attr("href", path).Text(label)
}

// backLink is the way back a screen offers below its content.
func backLink(path, label string) ga.UI {
	return el("p", "links", link(path, label))
}

// button is a secondary button that runs onClick.
func button(label msg, onClick ga.EventHandler) ga.HTMLElem {
	return tag("button", "secondary").Attr("type", "button").On("click", onClick).Text(tr(label))
}

// section is a titled part of a screen; id names its heading.
func section(id string, title msg, body ...ga.UI) ga.UI {
	return tag("section", "section").Aria("labelledby", id).
		Body(append([]ga.UI{tag("h2", "").Attr("id", id).Text(tr(title))}, body...)...)
}

// item is an entry of a list like the sessions: a name, a line about it
// and what can be done with it.
func item(name, meta string, action ga.UI) ga.UI {
	return el("li", "session", el("div", "", txt("strong", "", name), txt("p", "meta", meta)), action)
}
