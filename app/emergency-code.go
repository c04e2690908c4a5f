package app

import ga "github.com/maxence-charriere/go-app/v10/pkg/app"

// newCode is an emergency code just issued, shown once: the wizard, the
// account page and sign-in after using the old code all show it so.
type newCode struct {
	code   string
	stored bool
}

func (n *newCode) tick(ctx ga.Context, e ga.Event) { n.stored = ctx.JSSrc().Get("checked").Bool() }

// ui shows the code with a copy button and the required tick; the form's
// button, label, runs submit and is enabled only once ticked.
func (n *newCode) ui(c *call, label msg, submit ga.EventHandler) ga.UI {
	busy := msgNone
	if n.stored {
		busy = msgWorking
	}
	return form(submit,
		ga.P().Class("lead").Text(tr(msgNewCodeLead)),
		secret("emergency-code", n.code),
		checkbox("stored-code", tr(msgStoredCode), "", n.stored, true, n.tick),
		c.feedback(),
		submitButton(label, busy, c.busy || !n.stored),
	)
}

// secret shows a code or key to copy, in an element with id.
func secret(id, text string) ga.UI {
	return ga.Div().Class("secret").Body(ga.Code().ID(id).Text(text), copyButton(text))
}
