package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// bind keeps *s equal to the input's value as the person types.
func bind(s *string) ga.EventHandler {
	return func(ctx ga.Context, e ga.Event) {
		*s = ctx.JSSrc().Get("value").String()
	}
}

// formValue reads a control of the submitted form by name. Reading the form
// rather than input events also catches what a password manager filled in.
func formValue(e ga.Event, name string) string {
	el := e.Get("target").Get("elements").Get(name)
	if !el.Truthy() {
		return ""
	}
	return el.Get("value").String()
}

// formChecked tells whether the tick box name of the submitted form is ticked.
func formChecked(e ga.Event, name string) bool {
	el := e.Get("target").Get("elements").Get(name)
	return el.Truthy() && el.Get("checked").Bool()
}

// form is a form that handles its own submit. Its method is POST so that,
// should it be submitted before the app has loaded, nothing typed lands in
// the address.
func form(submit ga.EventHandler, body ...ga.UI) ga.UI {
	return ga.Form().Method("post").OnSubmit(submit).Body(body...)
}

// submitButton is a form's main button; it is disabled while busy, and
// says busyLabel then. With msgNone for busyLabel, busy only disables it.
func submitButton(label, busyLabel msg, busy bool) ga.UI {
	b := ga.Button().Class("primary").Type("submit")
	if !busy {
		return b.Text(tr(label))
	}
	if b = b.Disabled(true); busyLabel == msgNone {
		return b.Text(tr(label))
	}
	return b.Aria("busy", "true").Text(tr(busyLabel))
}
