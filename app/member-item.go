package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// item is one member: who, their role, and what an admin can do. The
// buttons carry the account ID: go-app keeps the first handler of a
// reused element, so a closure could go stale.
func (s *membersSection) item(m api.Member) ga.UI {
	who := m.Name
	if who == "" {
		who = m.Email
	}
	meta := m.Email + " · " + roleName(m.Role)
	if !m.Activated {
		meta += " · " + tr(msgInvitedNotActive)
	}
	if s.confirm == m.AccountID {
		return item(who, meta, ga.Div().Class("actions").Body(
			ga.P().Text(tr(msgRemoveMemberAsk, m.Email, s.Org)),
			ga.Div().Body(
				ga.Button().Class("primary").Type("button").Value(m.AccountID).OnClick(s.remove).Text(tr(msgRemove)),
				button(msgCancel, s.cancel),
			)))
	}
	role, label := api.RoleAdmin, msgMakeAdmin
	if m.Role == api.RoleAdmin {
		role, label = api.RoleMember, msgMakeMember
	}
	return item(who, meta, ga.Div().Class("actions").Body(ga.Div().Body(
		button(label, s.setRole).Value(m.AccountID).Attr("data-role", role).Aria("label", tr(label)+": "+m.Email),
		button(msgRemove, s.ask).Value(m.AccountID).Aria("label", tr(msgRemoveNamed, m.Email)),
	)))
}

func (s *membersSection) setRole(ctx ga.Context, e ga.Event) {
	s.changeRole(ctx, ctx.JSSrc().Get("value").String(), ctx.JSSrc().Call("getAttribute", "data-role").String())
}

func (s *membersSection) changeRole(ctx ga.Context, id, role string) {
	slug := s.Slug
	request(ctx, &s.change, func(c *api.Client, cx context.Context) (api.Member, error) {
		return c.SetMemberRole(cx, slug, id, role)
	}, func(_ ga.Context, m api.Member) {
		if i := s.index(m.AccountID); i >= 0 {
			s.list.Members[i] = m
		}
		s.change.ok = tr(msgRoleChanged, m.Email, roleName(m.Role))
	}, map[string]msg{api.CodeForbidden: msgNotOrgAdmin})
}

func (s *membersSection) ask(ctx ga.Context, e ga.Event) {
	s.confirm = ctx.JSSrc().Get("value").String()
}
func (s *membersSection) cancel(ctx ga.Context, e ga.Event) { s.confirm = "" }

func (s *membersSection) remove(ctx ga.Context, e ga.Event) {
	s.removeMember(ctx, ctx.JSSrc().Get("value").String())
}

func (s *membersSection) removeMember(ctx ga.Context, id string) {
	slug := s.Slug
	email := id
	if i := s.index(id); i >= 0 {
		email = s.list.Members[i].Email
	}
	perform(ctx, &s.change, func(c *api.Client, cx context.Context) error { return c.RemoveMember(cx, slug, id) },
		func(_ ga.Context) {
			if i := s.index(id); i >= 0 {
				s.list.Members = append(s.list.Members[:i:i], s.list.Members[i+1:]...)
			}
			s.confirm, s.change.ok = "", tr(msgMemberRemoved, email, s.Org)
		}, map[string]msg{api.CodeForbidden: msgNotOrgAdmin, api.CodeNotFound: msgMemberGone})
}
