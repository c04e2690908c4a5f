package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// twoStepReminder tells, while two-step verification is due but not set
// up, from when it is mandatory, and leads to the wizard; else nil.
func twoStepReminder(t api.TwoStep) ga.UI {
	if t.RequiredFrom == nil || t.Enabled {
		return nil
	}
	return ga.P().Class("banner").Role("status").Body(
		ga.Text(tr(msgMandatoryOn, t.RequiredFrom.Local().Format("2 January 2006"))),
		link(PathSetupFromAccount, tr(msgSetUpNow)),
	)
}
