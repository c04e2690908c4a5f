package app

import (
	"context"

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
	run(ctx, &s.load, func(cx context.Context, c *api.Client) (api.OrgList, error) {
		return c.AccountOrgs(cx)
	}, func(ctx ga.Context, l api.OrgList) { s.orgs, s.loaded = l.Orgs, true }, nil)
}

func (s *orgsSection) Render() ga.UI {
	items := make([]ga.UI, 0, len(s.orgs))
	for _, o := range s.orgs {
		items = append(items, ga.Li().Class("session").Body(
			ga.Div().Body(
				ga.Strong().Text(o.Name),
				ga.P().Class("meta").Text(o.Role),
			),
			ga.A().Href(o.SignInURL).Text(o.SignInURL),
		))
	}
	return ga.Section().Class("section").Aria("labelledby", "orgs-title").Body(
		ga.H2().ID("orgs-title").Text(msgOrgsTitle),
		ga.If(s.loaded && len(s.orgs) == 0, func() ga.UI { return ga.P().Class("hint").Text(msgNoOrgs) }),
		ga.Ul().Class("sessions").Body(items...),
		s.load.feedback(),
	)
}
