package app

import (
	"context"
	"slices"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// pendingInvitesSection lists the organization's unanswered invitations
// for its admins, each of which can be sent again or withdrawn. The
// buttons carry the email: go-app keeps the first handler of a reused
// element, so a closure could go stale.
type pendingInvitesSection struct {
	ga.Compo
	Slug, Org string
	list      api.PendingInviteList
	loaded    bool
	load      call
	change    call
}

func (s *pendingInvitesSection) OnMount(ctx ga.Context) {
	ctx.Handle(actionInvitesChanged, func(ctx ga.Context, _ ga.Action) { s.reload(ctx) })
	s.reload(ctx)
}

func (s *pendingInvitesSection) reload(ctx ga.Context) {
	slug := s.Slug
	request(ctx, &s.load, func(c *api.Client, cx context.Context) (api.PendingInviteList, error) {
		return c.PendingInvites(cx, slug)
	},
		func(_ ga.Context, l api.PendingInviteList) { s.list, s.loaded = l, true }, map[string]msg{api.CodeForbidden: msgNotOrgAdmin})
}

func (s *pendingInvitesSection) Render() ga.UI {
	items := make([]ga.UI, 0, len(s.list.Invites))
	for _, p := range s.list.Invites {
		meta := roleName(p.Role) + " · " + tr(msgInvitedOn, when(p.InvitedAt)) + " · " + tr(msgExpiresOn, when(p.ExpiresAt))
		items = append(items, item(p.Email, meta, ga.Div().Class("actions").Body(ga.Div().Body(
			button(msgResend, s.resend).Value(p.Email).Aria("label", tr(msgResendNamed, p.Email)).Disabled(s.change.busy),
			button(msgWithdraw, s.withdraw).Value(p.Email).Aria("label", tr(msgWithdrawNamed, p.Email)).Disabled(s.change.busy),
		))))
	}
	var note ga.UI
	switch {
	case s.list.More:
		note = ga.P().Class("hint").Text(tr(msgMoreInvites))
	case s.loaded && len(items) == 0:
		note = ga.P().Class("hint").Text(tr(msgNoPendingInvites))
	}
	return section("pending-title", msgPendingInvitesTitle,
		s.load.feedback(), s.change.feedback(),
		ga.Ul().Class("sessions").Body(items...),
		note,
	)
}

func (s *pendingInvitesSection) resend(ctx ga.Context, _ ga.Event) {
	s.resendInvite(ctx, ctx.JSSrc().Get("value").String())
}

func (s *pendingInvitesSection) withdraw(ctx ga.Context, _ ga.Event) {
	s.withdrawInvite(ctx, ctx.JSSrc().Get("value").String())
}

func (s *pendingInvitesSection) resendInvite(ctx ga.Context, email string) {
	slug := s.Slug
	perform(ctx, &s.change, func(c *api.Client, cx context.Context) error { return c.ResendInvite(cx, slug, email) },
		func(ctx ga.Context) { s.change.ok = tr(msgInviteResent, email); s.reload(ctx) },
		map[string]msg{api.CodeForbidden: msgNotOrgAdmin})
}

func (s *pendingInvitesSection) withdrawInvite(ctx ga.Context, email string) {
	slug := s.Slug
	perform(ctx, &s.change, func(c *api.Client, cx context.Context) error { return c.WithdrawInvite(cx, slug, email) },
		func(_ ga.Context) {
			s.list.Invites = slices.DeleteFunc(s.list.Invites, func(p api.PendingInvite) bool { return p.Email == email })
			s.change.ok = tr(msgInviteWithdrawn, email, s.Org)
		}, map[string]msg{api.CodeForbidden: msgNotOrgAdmin})
}
