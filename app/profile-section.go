package app

import (
	"context"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// profileSection edits the account's name; the email is shown read-only.
type profileSection struct {
	ga.Compo
	Account api.Account
	name    string
	save    call
}

// OnInit copies the name once: later renders of the account page pass the
// name it loaded, which a save here has made stale.
func (s *profileSection) OnInit() { s.name = s.Account.Name }

func (s *profileSection) Render() ga.UI {
	return section("profile-title", msgProfileTitle,
		form(s.submit,
			field{id: "name", label: tr(msgName), kind: "text", autocomplete: "name", value: s.name,
				maxLength: api.MaxNameLength, optional: true, onInput: bind(&s.name)}.ui(),
			field{id: "account-email", label: tr(msgEmail), kind: "email", value: s.Account.Email, readonly: true,
				hint: tr(msgEmailFixed)}.ui(),
			s.save.feedback(),
			submitButton(msgSave, msgSaving, s.save.busy),
		),
	)
}

func (s *profileSection) submit(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	name := strings.TrimSpace(s.name)
	request(ctx, &s.save, func(c *api.Client, cx context.Context) (api.Account, error) {
		return c.UpdateProfile(cx, name)
	}, func(_ ga.Context, a api.Account) {
		s.name, s.save.ok = a.Name, tr(msgSaved)
	}, nil)
}
