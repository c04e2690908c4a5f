package app

import (
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// field is a labelled input with an optional hint, an inline error and a
// control after the input, like the Show/Hide button of a password.
type field struct {
	id, label, kind, autocomplete string
	value, inputMode              string
	maxLength                     int
	hint, err                     string
	describedBy                   string // id of a further description, like the rule checklist
	autofocus, optional, readonly bool
	onInput                       ga.EventHandler
	after                         ga.UI
}

func (f field) ui() ga.UI {
	in := input(f.kind, f.id).Attr("value", f.value).Attr("autocomplete", f.autocomplete).
		Attr("inputmode", f.inputMode).Class("input")
	var desc []string
	var hint, problem ga.UI
	if f.hint != "" {
		desc = append(desc, f.id+"-hint")
		hint = tag("p", "hint").Attr("id", f.id+"-hint").Text(f.hint)
	}
	if f.describedBy != "" {
		desc = append(desc, f.describedBy)
	}
	if f.err != "" {
		desc = append(desc, f.id+"-error")
		in = in.Aria("invalid", "true")
		problem = tag("p", "field-error").Attr("id", f.id+"-error").Text(f.err)
	}
	if len(desc) > 0 {
		in = in.Aria("describedby", strings.Join(desc, " "))
	}
	if f.maxLength > 0 {
		in = in.Attr("maxlength", f.maxLength)
	}
	if !f.optional && !f.readonly {
		in = in.Attr("required", true)
	}
	if f.readonly {
		in = in.Attr("readonly", true)
	}
	if f.autofocus {
		in = in.Attr("autofocus", true)
	}
	if f.onInput != nil {
		in = in.On("input", f.onInput)
	}
	return el("div", "field", label(f.id, f.label), hint, el("div", "input-row", in, f.after), problem)
}

// input is an input of type kind; id, when not "", is its id and name.
func input(kind, id string) ga.HTMLElemSelfClosing {
	return ga.ElemSelfClosing("input").Attr("type", kind).Attr("id", id).Attr("name", id)
}

func label(id, text string) ga.UI {
	return tag("label", "").Attr("for", id).Text(text)
}

// codeField is the input of a one-time code: six digits, or with long an
// emergency code.
func codeField(id, label string, long bool) ga.UI {
	f := field{id: id, label: label, kind: "text", autocomplete: "one-time-code", inputMode: "numeric",
		maxLength: 6, autofocus: true}
	if long {
		f.autocomplete, f.inputMode, f.maxLength, f.hint = "off", "text", 24, tr(msgEmergencyCodeHint)
	}
	return f.ui()
}

// checkbox is a tick box with its label and, when not "", a hint below.
// A required one must be ticked for the form to go. Without change, the
// form reads it with formChecked.
func checkbox(id, text, hint string, checked, required bool, change ga.EventHandler) ga.UI {
	box := input("checkbox", id)
	if change != nil {
		box = box.On("change", change)
	}
	if checked {
		box = box.Attr("checked", true)
	}
	if required {
		box = box.Attr("required", true)
	}
	var note ga.UI
	if hint != "" {
		box = box.Aria("describedby", id+"-hint")
		note = tag("p", "hint").Attr("id", id+"-hint").Text(hint)
	}
	return el("div", "check", box, label(id, text), note)
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

// formChecked tells whether the tick box name of the submitted form is ticked.
func formChecked(e ga.Event, name string) bool {
	el := e.Get("target").Get("elements").Get(name)
	return el.Truthy() && el.Get("checked").Bool()
}

// form is a form that handles its own submit. Its method is POST so that,
// should it be submitted before the app has loaded, nothing typed lands in
// the address.
func form(submit ga.EventHandler, body ...ga.UI) ga.UI {
	return tag("form", "").Attr("method", "post").On("submit", submit).Body(body...)
}

// submitButton is a form's main button; it is disabled while busy, and
// says busyLabel then. Without busyLabel, busy only disables it.
func submitButton(label, busyLabel string, busy bool) ga.UI {
	b := ga.Elem("button").Attr("type", "submit").Class("primary")
	if !busy {
		return b.Text(label)
	}
	if b = b.Attr("disabled", true); busyLabel == "" {
		return b.Text(label)
	}
	return b.Aria("busy", "true").Text(busyLabel)
}

// revealButton shows or hides the password typed in the input with id controls.
func revealButton(controls string, shown bool, toggle ga.EventHandler) ga.UI {
	label := tr(msgShow)
	if shown {
		label = tr(msgHide)
	}
	return tag("button", "reveal").Attr("type", "button").Aria("pressed", shown).
		Aria("controls", controls).On("click", toggle).Text(label)
}

// usernameHint tells password managers which account a password form is
// for, without showing a second email field.
func usernameHint(email string) ga.UI {
	return input("email", "").Attr("name", "username").Attr("autocomplete", "username").
		Attr("value", email).Attr("readonly", true).Attr("tabindex", -1).Aria("hidden", "true").Class("visually-hidden")
}

// copyButton copies text to the clipboard. It reads text from its own
// value: go-app keeps the first handler of a reused element.
func copyButton(text string) ga.UI {
	return button(tr(msgCopy), copyValue).Attr("value", text)
}

func copyValue(ctx ga.Context, e ga.Event) {
	if cb := ga.Window().Get("navigator").Get("clipboard"); cb.Truthy() {
		cb.Call("writeText", ctx.JSSrc().Get("value"))
	}
}
