package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// revealButton shows or hides the password typed in the input with id controls.
func revealButton(controls string, shown bool, toggle ga.EventHandler) ga.UI {
	label := tr(msgShow)
	if shown {
		label = tr(msgHide)
	}
	return ga.Button().Class("reveal").Type("button").Aria("pressed", shown).
		Aria("controls", controls).OnClick(toggle).Text(label)
}

// usernameHint tells password managers which account a password form is
// for, without showing a second email field.
func usernameHint(email string) ga.UI {
	return input("email", "").Class("visually-hidden").Name("username").Attr("autocomplete", "username").
		Value(email).ReadOnly(true).TabIndex(-1).Aria("hidden", "true")
}

// copyButton copies text to the clipboard. It reads text from its own
// value: go-app keeps the first handler of a reused element.
func copyButton(text string) ga.UI {
	return button(msgCopy, copyValue).Value(text)
}

func copyValue(ctx ga.Context, e ga.Event) {
	if cb := ga.Window().Get("navigator").Get("clipboard"); cb.Truthy() {
		cb.Call("writeText", ctx.JSSrc().Get("value"))
	}
}
