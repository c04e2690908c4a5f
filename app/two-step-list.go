package app

import (
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// factorName names a method, and ranks it for the list.
func factorName(f api.Factor) (string, int) {
	switch f.Kind {
	case api.MethodTOTP:
		return tr(msgStepApp), 0
	case api.MethodSMS:
		return tr(msgTextsTo, f.Phone), 1
	case api.MethodPasskey:
		return f.Name, 2
	case api.MethodEmergency:
		return tr(msgStepCode), 3
	}
	return f.Kind, 4
}

// factorMeta is the line under a method's name: when it was added, and of
// a passkey when it was last used and whether it is synced.
func factorMeta(f api.Factor) string {
	parts := []string{tr(msgAdded, when(f.CreatedAt))}
	if f.Kind != api.MethodPasskey {
		return parts[0]
	}
	if !f.LastUsedAt.IsZero() {
		parts = append(parts, tr(msgLastUsed, when(f.LastUsedAt)))
	}
	kind := msgPasskeyDeviceBound
	if f.Synced {
		kind = msgPasskeySynced
	}
	return strings.Join(append(parts, tr(kind)), " · ")
}

// list is the account's methods in the wizard's order, whatever the
// server's, each with its Remove button (and a passkey's Rename, or its
// rename form); app, sms and passkey tell which it has.
func (s *twoStepSection) list() (items []ga.UI, app, sms, passkey bool) {
	for rank := range 5 {
		for _, f := range s.state.Factors {
			name, r := factorName(f)
			if r != rank {
				continue
			}
			app, sms, passkey = app || f.Kind == api.MethodTOTP, sms || f.Kind == api.MethodSMS, passkey || f.Kind == api.MethodPasskey
			if f.ID == s.renaming {
				items = append(items, ga.Li().Class("session").Body(s.renameForm(f)))
				continue
			}
			actions := []ga.UI{button(msgRemove, s.askRemove).Value(f.ID).Aria("label", tr(msgRemoveNamed, name))}
			if f.Kind == api.MethodPasskey {
				actions = append([]ga.UI{button(msgRename, s.startRename).Value(f.ID).Aria("label", tr(msgRenameNamed, name))}, actions...)
			}
			items = append(items, item(name, factorMeta(f), ga.Div().Class("actions").Body(actions...)))
		}
	}
	return items, app, sms, passkey
}
