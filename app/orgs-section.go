package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// orgsSection lists the organizations the account belongs to, each with
// the person's role and its sign-in address.
type orgsSection struct {
	ga.Compo
	orgs   []api.OrgMembership
	loaded bool
	load   call
}

func (s *orgsSection) OnMount(ctx ga.Context) {
	ctx.Handle(actionOrgsChanged, func(ctx ga.Context, _ ga.Action) { s.reload(ctx) })
	s.reload(ctx)
}

func (s *orgsSection) reload(ctx ga.Context) {
	request(ctx, &s.load, (*api.Client).AccountOrgs, func(_ ga.Context, l api.OrgList) { s.orgs, s.loaded = l.Orgs, true }, nil)
}

func (s *orgsSection) Render() ga.UI {
	items := make([]ga.UI, 0, len(s.orgs))
	for _, o := range s.orgs {
		var manage ga.UI
		if o.Role == api.RoleAdmin {
			manage = ga.A().Href(orgAdminPath(o.Slug)).Aria("label", tr(msgManageOrgNamed, o.Name)).Text(tr(msgManageOrg))
		}
		items = append(items, item(o.Name, roleName(o.Role), ga.Div().Class("org-links").Body(link(o.SignInURL, o.SignInURL), manage)))
	}
	var none ga.UI
	if s.loaded && len(s.orgs) == 0 {
		none = ga.P().Class("hint").Text(tr(msgNoOrgs))
	}
	return section("orgs-title", msgOrgsTitle,
		none,
		ga.Ul().Class("sessions").Body(items...),
		s.load.feedback(),
	)
}

// roleName names a role in the person's language; an unknown one as the
// server says it.
func roleName(role string) string {
	switch role {
	case api.RoleAdmin:
		return tr(msgRoleAdmin)
	case api.RoleMember:
		return tr(msgRoleMember)
	}
	return role
}
