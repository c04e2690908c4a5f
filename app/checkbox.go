package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// checkbox is a tick box with its label and, when not "", a hint below.
// A required one must be ticked for the form to go. Without change, the
// form reads it with formChecked.
func checkbox(id, text, hint string, checked, required bool, change ga.EventHandler) ga.UI {
	box := input("checkbox", id)
	if change != nil {
		box = box.OnChange(change)
	}
	if checked {
		box = box.Checked(true)
	}
	if required {
		box = box.Required(true)
	}
	var note ga.UI
	if hint != "" {
		box = box.Aria("describedby", id+"-hint")
		note = ga.P().Class("hint").ID(id + "-hint").Text(hint)
	}
	return ga.Div().Class("check").Body(box, label(id, text), note)
}

// radio is one choice of the group name, with its label; change runs when
// it is picked.
func radio(id, name, value, text string, checked bool, change ga.EventHandler) ga.UI {
	r := ga.Input().Type("radio").ID(id).Name(name).Value(value).OnChange(change)
	if checked {
		r = r.Checked(true)
	}
	return ga.Div().Class("check").Body(r, label(id, text))
}
