package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// invitationsSection lists the organizations that invited the account,
// each with who invited and as what, to accept or decline. Nobody joins
// an organization without saying yes here (or by activating with its
// link). It stays out of the way while there is nothing to answer.
type invitationsSection struct {
	ga.Compo
	invitations []api.Invitation
	load        call
	answer      call
}

func (s *invitationsSection) OnMount(ctx ga.Context) { s.reload(ctx) }

func (s *invitationsSection) reload(ctx ga.Context) {
	request(ctx, &s.load, (*api.Client).Invitations, func(_ ga.Context, l api.InvitationList) { s.invitations = l.Invitations }, nil)
}

func (s *invitationsSection) Render() ga.UI {
	if len(s.invitations) == 0 && s.answer.ok == "" && s.answer.err == "" && s.load.err == "" {
		return ga.Div().ID("invitations")
	}
	items := make([]ga.UI, 0, len(s.invitations))
	for _, inv := range s.invitations {
		items = append(items, s.item(inv))
	}
	return ga.Div().ID("invitations").Body(
		section("invitations-title", msgInvitationsTitle,
			ga.P().Class("hint").Text(tr(msgInvitationsLead)),
			ga.Ul().Class("sessions").Body(items...),
			s.load.feedback(),
			s.answer.feedback(),
		))
}

func (s *invitationsSection) item(inv api.Invitation) ga.UI {
	inviter := inv.Inviter
	if inviter == "" {
		inviter = tr(msgYourAdministrator)
	}
	invited := msgInvitedAsMember
	if inv.Role == api.RoleAdmin {
		invited = msgInvitedAsAdmin
	}
	return item(inv.Org.Name, tr(invited, inviter),
		ga.Div().Class("actions").Body(
			ga.Div().Body(
				ga.Button().Class("primary").Type("button").Value(inv.ID).
					Aria("label", tr(msgAcceptOrg, inv.Org.Name)).OnClick(s.accept).Text(tr(msgAccept)),
				button(msgDecline, s.decline).Value(inv.ID).Aria("label", tr(msgDeclineOrg, inv.Org.Name)),
			)))
}

// accept and decline read the invitation id from the button: go-app keeps
// the first handler of a reused element, so a closure could go stale.
func (s *invitationsSection) accept(ctx ga.Context, e ga.Event) {
	id := ctx.JSSrc().Get("value").String()
	request(ctx, &s.answer, func(c *api.Client, cx context.Context) (api.OrgMembership, error) {
		return c.AcceptInvitation(cx, id)
	}, func(ctx ga.Context, m api.OrgMembership) {
		s.answer.ok = tr(msgJoined, m.Name)
		s.reload(ctx)
		ctx.NewAction(actionOrgsChanged)
	}, map[string]msg{api.CodeNotFound: msgInvitationGone})
}

func (s *invitationsSection) decline(ctx ga.Context, e ga.Event) {
	id := ctx.JSSrc().Get("value").String()
	perform(ctx, &s.answer, func(c *api.Client, cx context.Context) error {
		return c.DeclineInvitation(cx, id)
	}, func(ctx ga.Context) {
		s.answer.ok = tr(msgDeclined)
		s.reload(ctx)
	}, map[string]msg{api.CodeNotFound: msgInvitationGone})
}
