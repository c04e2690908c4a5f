package app

import (
	"context"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// orgAdminPage is /o/{slug}/admin, where an organization's admins run it:
// its members, settings, progress, log, and invitations to join.
type orgAdminPage struct {
	ga.Compo
	slug string
	org  api.Org
	load call
}

func newOrgAdminPage() *orgAdminPage { return &orgAdminPage{} }

// OnNav loads the organization of the address, as orgSignInPage does.
func (p *orgAdminPage) OnNav(ctx ga.Context) {
	slug := strings.TrimSuffix(strings.TrimPrefix(ctx.Page().URL().Path, PathOrgPrefix), PathOrgAdminSuffix)
	if slug != p.slug && !ga.IsServer {
		p.slug, p.org = slug, api.Org{}
		request(ctx, &p.load, func(c *api.Client, cx context.Context) (api.Org, error) { return c.Org(cx, slug) },
			func(ctx ga.Context, o api.Org) { p.org = o; setTitle(ctx, tr(msgOrgAdminTitle, o.Name)) }, nil)
	}
	setTitle(ctx, tr(msgOrgAdminTitle, p.org.Name))
}

func (p *orgAdminPage) Render() ga.UI {
	if p.load.code == api.CodeNotFound {
		return signedInShell(tr(msgOrgAdminTab), ga.P().Class("lead").Text(tr(msgUnknownOrg, p.slug)), backLink(PathAccount, tr(msgBackToAccount)))
	}
	if p.org.Name == "" {
		return signedInShell(tr(msgOrgAdminTab), p.load.pending(msgLoadingOrg, retry))
	}
	return signedInShell(tr(msgOrgAdminTitle, p.org.Name),
		&membersSection{Slug: p.slug, Org: p.org.Name},
		&orgSettingsSection{Slug: p.slug},
		&progressSection{Slug: p.slug},
		&auditSection{Slug: p.slug},
		&inviteSection{Slug: p.slug, Org: p.org.Name},
		&pendingInvitesSection{Slug: p.slug, Org: p.org.Name},
		backLink(PathAccount, tr(msgBackToAccount)),
	)
}

// orgAdminPath is the admin page of the organization slug.
func orgAdminPath(slug string) string { return PathOrgPrefix + slug + PathOrgAdminSuffix }
