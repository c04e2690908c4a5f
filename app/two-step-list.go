package app

import (
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
	case api.MethodEmergency:
		return tr(msgStepCode), 2
	}
	return f.Kind, 3
}

// list is the account's methods in the wizard's order, whatever the
// server's, each with its Remove button; app and sms tell which it has.
func (s *twoStepSection) list() (items []ga.UI, app, sms bool) {
	for rank := range 4 {
		for _, f := range s.state.Factors {
			if name, r := factorName(f); r == rank {
				app, sms = app || f.Kind == api.MethodTOTP, sms || f.Kind == api.MethodSMS
				items = append(items, item(name, tr(msgAdded, when(f.CreatedAt)),
					button(msgRemove, s.askRemove).Value(f.ID).Aria("label", tr(msgRemoveNamed, name))))
			}
		}
	}
	return items, app, sms
}
