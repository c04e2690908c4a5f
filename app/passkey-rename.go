package app

import (
	"context"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// startRename shows the rename form in place of the passkey of the button.
func (s *twoStepSection) startRename(ctx ga.Context, e ga.Event) {
	s.renaming, s.rename, s.ok = ctx.JSSrc().Get("value").String(), call{}, call{}
}

func (s *twoStepSection) stopRename(ctx ga.Context, e ga.Event) { s.renaming = "" }

// renameForm asks for a passkey's new name.
func (s *twoStepSection) renameForm(f api.Factor) ga.UI {
	return form(s.saveName,
		field{id: "passkey-name", label: tr(msgPasskeyName), kind: "text", autocomplete: "off", value: f.Name,
			maxLength: api.MaxPasskeyName, autofocus: true}.ui(),
		s.rename.feedback(),
		ga.Div().Class("actions").Body(submitButton(msgSave, msgWorking, s.rename.busy), button(msgCancel, s.stopRename)),
	)
}

func (s *twoStepSection) saveName(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	id, name := s.renaming, strings.TrimSpace(formValue(e, "passkey-name"))
	request(ctx, &s.rename, func(c *api.Client, cx context.Context) (api.Factor, error) {
		return c.RenamePasskey(cx, id, name)
	}, func(ctx ga.Context, _ api.Factor) {
		s.renaming, s.ok.ok = "", tr(msgPasskeyRenamed)
		ctx.NewAction(actionTwoStepChanged)
	}, nil)
}
