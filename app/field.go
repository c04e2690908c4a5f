package app

import (
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// field is a labelled input with an optional hint, an inline error and a
// control after the input, like the Show/Hide button of a password.
type field struct {
	id, label, kind, autocomplete string
	value                         string
	maxLength                     int
	hint, err                     string
	describedBy                   string // id of a further description, like the rule checklist
	autofocus, optional, readonly bool
	onInput                       ga.EventHandler
	after                         ga.UI
}

func (f field) ui() ga.UI {
	in := ga.Input().ID("%s", f.id).Name("%s", f.id).Type(f.kind).Value(f.value).
		Attr("autocomplete", f.autocomplete).Class("input")
	var desc []string
	if f.hint != "" {
		desc = append(desc, f.id+"-hint")
	}
	if f.describedBy != "" {
		desc = append(desc, f.describedBy)
	}
	if f.err != "" {
		desc = append(desc, f.id+"-error")
		in = in.Aria("invalid", "true")
	}
	if len(desc) > 0 {
		in = in.Aria("describedby", strings.Join(desc, " "))
	}
	if f.maxLength > 0 {
		in = in.MaxLength(f.maxLength)
	}
	if !f.optional && !f.readonly {
		in = in.Required(true)
	}
	if f.readonly {
		in = in.ReadOnly(true)
	}
	if f.autofocus {
		in = in.AutoFocus(true)
	}
	if f.onInput != nil {
		in = in.OnInput(f.onInput)
	}
	return ga.Div().Class("field").Body(
		ga.Label().For("%s", f.id).Text(f.label),
		ga.If(f.hint != "", func() ga.UI { return ga.P().ID("%s-hint", f.id).Class("hint").Text(f.hint) }),
		ga.Div().Class("input-row").Body(in, f.after),
		ga.If(f.err != "", func() ga.UI { return ga.P().ID("%s-error", f.id).Class("field-error").Text(f.err) }),
	)
}

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

// form is a form that handles its own submit. Its method is POST so that,
// should it be submitted before the app has loaded, nothing typed lands in
// the address.
func form(submit ga.EventHandler, body ...ga.UI) ga.UI {
	return ga.Form().Method("post").OnSubmit(submit).Body(body...)
}

// submitButton is a form's main button; it is disabled while busy.
func submitButton(label, busyLabel string, busy bool) ga.UI {
	b := ga.Button().Type("submit").Class("primary")
	if busy {
		return b.Disabled(true).Aria("busy", "true").Text(busyLabel)
	}
	return b.Text(label)
}

// revealButton shows or hides the password typed in the input with id controls.
func revealButton(controls string, shown bool, toggle ga.EventHandler) ga.UI {
	label := "Show"
	if shown {
		label = "Hide"
	}
	return ga.Button().Type("button").Class("reveal").Aria("pressed", shown).
		Aria("controls", controls).OnClick(toggle).Text(label)
}

// usernameHint tells password managers which account a password form is
// for, without showing a second email field.
func usernameHint(email string) ga.UI {
	return ga.Input().Type("email").Name("username").Attr("autocomplete", "username").
		Value(email).ReadOnly(true).TabIndex(-1).Aria("hidden", "true").Class("visually-hidden")
}
