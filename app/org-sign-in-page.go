package app

import (
	"context"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// orgSignInPage is an organization's own sign-in address, /o/{slug}: the
// sign-in page under the organization's name.
type orgSignInPage struct {
	ga.Compo
	slug string
	org  api.Org
	load call
}

func newOrgSignInPage() *orgSignInPage { return &orgSignInPage{} }

// OnNav loads the organization of the address. Going from one /o/ address
// to another keeps this component, so OnMount would miss the change.
func (p *orgSignInPage) OnNav(ctx ga.Context) {
	if slug := strings.TrimPrefix(ctx.Page().URL().Path, PathOrgPrefix); slug != p.slug && !ga.IsServer {
		p.open(ctx, slug)
	}
	setTitle(ctx, signInTitle(p.org.Name))
}

// open loads the organization called slug. Only "not found" changes the
// screen: without the name, the sign-in still works.
func (p *orgSignInPage) open(ctx ga.Context, slug string) {
	p.slug, p.org = slug, api.Org{}
	request(ctx, &p.load, func(c *api.Client, cx context.Context) (api.Org, error) {
		return c.Org(cx, slug)
	}, func(ctx ga.Context, o api.Org) {
		if slug == p.slug {
			p.org = o
			setTitle(ctx, signInTitle(o.Name))
		}
	}, nil)
}

func (p *orgSignInPage) Render() ga.UI {
	if p.load.code == api.CodeNotFound {
		return shell(tr(msgSignIn),
			ga.P().Class("lead").Text(tr(msgUnknownOrg, p.slug)),
			backLink(PathSignIn, tr(msgBackToSignIn)),
			backLink(PathFind, tr(msgFindTitle)),
		)
	}
	return &signInPage{Org: p.org.Name}
}
