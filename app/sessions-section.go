package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// sessionsSection lists where the account is signed in and signs out the
// other sessions, one or all.
type sessionsSection struct {
	ga.Compo
	sessions []api.SessionInfo
	load     call
	revoke   call
}

func (s *sessionsSection) OnMount(ctx ga.Context) { s.reload(ctx) }

func (s *sessionsSection) reload(ctx ga.Context) {
	request(ctx, &s.load, (*api.Client).Sessions, func(_ ga.Context, l api.SessionList) { s.sessions = l.Sessions }, nil)
}

func (s *sessionsSection) Render() ga.UI {
	items := make([]ga.UI, 0, len(s.sessions))
	for _, info := range s.sessions {
		items = append(items, s.item(info))
	}
	var others ga.UI
	if len(s.sessions) > 1 {
		others = button(msgSignOutOthers, s.revokeOthers)
	}
	return section("sessions-title", msgSessionsTitle,
		ga.P().Class("hint").Text(tr(msgSessionsLead)),
		ga.Ul().Class("sessions").Body(items...),
		s.load.feedback(),
		s.revoke.feedback(),
		others,
	)
}

func (s *sessionsSection) item(info api.SessionInfo) ga.UI {
	device := info.Device
	if device == "" {
		device = tr(msgUnknownDevice)
	}
	action := ga.UI(ga.Span().Class("badge").Text(tr(msgThisDevice)))
	if !info.Current {
		action = button(msgSignOut, s.revokeOne).Value(info.ID).Aria("label", tr(msgSignOutNamed, device))
	}
	return item(device, tr(msgSessionMeta, info.IP, when(info.LastSeenAt)), action)
}

// revokeOne reads the session id from the button: go-app keeps the first
// handler of a reused element, so a closure over the id could go stale.
func (s *sessionsSection) revokeOne(ctx ga.Context, e ga.Event) {
	id := ctx.JSSrc().Get("value").String()
	perform(ctx, &s.revoke, func(c *api.Client, cx context.Context) error {
		return c.RevokeSession(cx, id)
	}, func(ctx ga.Context) {
		s.revoke.ok = tr(msgSignedOutOne)
		s.reload(ctx)
	}, map[string]msg{api.CodeNotFound: msgSessionEnded})
}

func (s *sessionsSection) revokeOthers(ctx ga.Context, e ga.Event) {
	request(ctx, &s.revoke, (*api.Client).RevokeOtherSessions, func(ctx ga.Context, r api.RevokeResult) {
		s.revoke.ok = signedOut(r.Revoked)
		s.reload(ctx)
	}, nil)
}

// signedOut says how many other sessions were signed out.
func signedOut(n int) string {
	if n == 1 {
		return tr(msgSignedOutOther)
	}
	return tr(msgSignedOutOthers, n)
}
