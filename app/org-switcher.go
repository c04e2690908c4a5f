package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// orgSwitcher is the header's choice of the organization the person works
// in now, for people in two or more: what they pick is remembered on the
// account and is the organization of their next sign-in to a product
// that names none.
type orgSwitcher struct {
	ga.Compo
	list api.OrgList
	load call
	pick call
}

func (s *orgSwitcher) OnMount(ctx ga.Context) {
	ctx.Handle(actionOrgsChanged, func(ctx ga.Context, _ ga.Action) { s.reload(ctx) })
	s.reload(ctx)
}

// noOrg is the value of the choice of none: go-app leaves out an empty
// value, and "-" is no organization's slug.
const noOrg = "-"

// quiet keeps a failed header from sending the screen anywhere: the screen
// itself says what went wrong.
var quiet = map[string]msg{api.CodeUnauthenticated: msgNone}

func (s *orgSwitcher) reload(ctx ga.Context) {
	request(ctx, &s.load, (*api.Client).AccountOrgs, func(_ ga.Context, l api.OrgList) { s.list = l }, quiet)
}

func (s *orgSwitcher) change(ctx ga.Context, _ ga.Event) {
	slug := ctx.JSSrc().Get("value").String()
	if slug == noOrg {
		slug = ""
	}
	request(ctx, &s.pick, func(c *api.Client, cx context.Context) (api.OrgList, error) { return c.SwitchOrg(cx, slug) },
		func(_ ga.Context, l api.OrgList) {
			s.list = l
			for _, o := range l.Orgs {
				if o.Slug == l.Current {
					s.pick.ok = tr(msgSwitchedOrg, o.Name)
				}
			}
		}, quiet)
}

func (s *orgSwitcher) Render() ga.UI {
	if len(s.list.Orgs) < 2 {
		return ga.Div().Class("org-switcher")
	}
	options := []ga.UI{ga.Option().Value(noOrg).Selected(s.list.Current == "").Text(tr(msgNoOrgChosen))}
	for _, o := range s.list.Orgs {
		options = append(options, ga.Option().Value(o.Slug).Selected(o.Slug == s.list.Current).Text(o.Name))
	}
	return ga.Div().Class("org-switcher").Body(
		label("org-switch", tr(msgWorkingIn)),
		ga.Select().Class("input").ID("org-switch").Name("org").Disabled(s.pick.busy).OnChange(s.change).Body(options...),
		s.pick.feedback(),
	)
}
