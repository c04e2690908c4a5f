package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// inviteSection invites someone to the organization by email, as a member
// or an admin. The answer is the same whether or not the email has an
// account: the person accepts from the email or their account page.
type inviteSection struct {
	ga.Compo
	Slug, Org string
	email     string
	admin     bool
	send      call
}

func (s *inviteSection) Render() ga.UI {
	return section("invite-title", msgInviteTitle,
		form(s.submit,
			field{id: "invite-email", label: tr(msgEmail), kind: "email", autocomplete: "off", value: s.email,
				onInput: bind(&s.email)}.ui(),
			checkbox("invite-admin", tr(msgInviteAsAdmin), "", s.admin, false, func(ctx ga.Context, e ga.Event) {
				s.admin = ctx.JSSrc().Get("checked").Bool()
			}),
			s.send.feedback(),
			submitButton(msgSendInvitation, msgSending, s.send.busy),
		))
}

func (s *inviteSection) submit(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	req := api.InviteRequest{Email: s.email, Role: api.RoleMember}
	if s.admin {
		req.Role = api.RoleAdmin
	}
	slug := s.Slug
	request(ctx, &s.send, func(c *api.Client, cx context.Context) (api.InviteResult, error) {
		return c.Invite(cx, slug, req)
	}, func(ctx ga.Context, _ api.InviteResult) {
		s.send.ok, s.email, s.admin = tr(msgInvitationSent, req.Email, s.Org), "", false
		ctx.NewAction(actionInvitesChanged)
	}, map[string]msg{api.CodeForbidden: msgNotOrgAdmin})
}
