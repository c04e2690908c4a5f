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
	in := input(f.kind, f.id).Class("input").Value(f.value).
		Attr("autocomplete", f.autocomplete).Attr("inputmode", f.inputMode)
	var desc []string
	var hint, problem ga.UI
	if f.hint != "" {
		desc = append(desc, f.id+"-hint")
		hint = ga.P().Class("hint").ID(f.id + "-hint").Text(f.hint)
	}
	if f.describedBy != "" {
		desc = append(desc, f.describedBy)
	}
	if f.err != "" {
		desc = append(desc, f.id+"-error")
		in = in.Aria("invalid", "true")
		problem = ga.P().Class("field-error").ID(f.id + "-error").Text(f.err)
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
	return ga.Div().Class("field").Body(label(f.id, f.label), hint, ga.Div().Class("input-row").Body(in, f.after), problem)
}

// input is an input of type kind; id, when not "", is its id and name.
func input(kind, id string) ga.HTMLInput {
	return ga.Input().Type(kind).ID(id).Name(id)
}

func label(id, text string) ga.UI {
	return ga.Label().For(id).Text(text)
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
