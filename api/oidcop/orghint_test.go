package oidcop_test

import (
	"context"
	"testing"

	"golang.org/x/oauth2"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/oidcop"
)

// TestOrgHint: a product naming an organization (org=SLUG or the
// org:SLUG scope) gets that organization's sign-in page, only its
// members, and the "org" claim; "orgs" lists every membership. Naming
// none, the org is the one the person switched to.
func TestOrgHint(t *testing.T) {
	ctx := context.Background()
	e := mustPorta(t)
	for _, slug := range []string{"acme", "globex"} {
		if _, err := e.svc.CreateOrg(ctx, slug, slug+" Inc."); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.AddMember(ctx, "acme", annEmail, api.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	p.oauth.Scopes = append(p.oauth.Scopes, api.ScopeOrgs)
	limited := e.mustProduct(t, oidcop.NewClient{FirstParty: true, Org: "globex"})

	for name, tc := range map[string]struct {
		p     *product
		extra []oauth2.AuthCodeOption
		org   string
	}{
		"Param":         {p, []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("org", "acme")}, "acme"},
		"Scope":         {p, []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("scope", "openid email orgs org:acme")}, "acme"},
		"LimitedClient": {limited, nil, "globex"},
	} {
		t.Run(name, func(t *testing.T) {
			at := e.browser().visit(t, tc.p.authorizeURL("s", "n", newPKCE(), tc.extra...))
			if at.Path != api.OrgSignInPrefix+tc.org || at.Query().Get(api.RequestParam) == "" {
				t.Fatalf("sign-in screen %s, want %s%s", at, api.OrgSignInPrefix, tc.org)
			}
		})
	}
	t.Run("Claims", func(t *testing.T) {
		pk, b := newPKCE(), e.browser()
		at := b.visit(t, p.authorizeURL("s", "n", pk, oauth2.SetAuthURLParam("org", "acme")))
		b.signIn(t)
		back := b.visit(t, api.ContinueURL(at.Query().Get(api.RequestParam)))
		tok, err := p.oauth.Exchange(ctx, back.Query().Get("code"), oauth2.VerifierOption(pk.verifier))
		if err != nil {
			t.Fatal(err)
		}
		info, err := p.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Org  string `json:"org"`
			Orgs []struct{ Slug, Name, Role string }
		}
		if err := info.Claims(&c); err != nil {
			t.Fatal(err)
		}
		if c.Org != "acme" || len(c.Orgs) != 1 || c.Orgs[0].Slug != "acme" || c.Orgs[0].Name != "acme Inc." || c.Orgs[0].Role != api.RoleAdmin {
			t.Errorf("claims %+v", c)
		}
	})
	t.Run("ErrNotAMember", func(t *testing.T) {
		b := e.browser()
		b.signIn(t)
		back := b.visit(t, p.authorizeURL("s", "n", newPKCE(), oauth2.SetAuthURLParam("org", "globex")))
		if back.Query().Get("error") != "access_denied" {
			t.Fatalf("a non-member of the hinted organization is back at %s", back)
		}
	})
	t.Run("SwitchedOrg", func(t *testing.T) {
		b := e.browser()
		b.signIn(t)
		orgOfSignIn := func() string {
			t.Helper()
			pk := newPKCE()
			back := b.visit(t, p.authorizeURL("s", "n", pk))
			tok, err := p.oauth.Exchange(ctx, back.Query().Get("code"), oauth2.VerifierOption(pk.verifier))
			if err != nil {
				t.Fatalf("exchange from %s: %v", back, err)
			}
			info, err := p.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
			if err != nil {
				t.Fatal(err)
			}
			var c struct {
				Org string `json:"org"`
			}
			if err := info.Claims(&c); err != nil {
				t.Fatal(err)
			}
			return c.Org
		}
		if org := orgOfSignIn(); org != "" {
			t.Fatalf("before any switch the org is %q", org)
		}
		list, err := b.api.SwitchOrg(ctx, "acme")
		if err != nil || list.Current != "acme" {
			t.Fatalf("switch to acme = %+v, %v", list, err)
		}
		if org := orgOfSignIn(); org != "acme" {
			t.Fatalf("after switching to acme the org is %q", org)
		}
		// Not a member, or no such organization: the same refusal.
		_, err = b.api.SwitchOrg(ctx, "globex")
		_, err2 := b.api.SwitchOrg(ctx, "nowhere")
		if api.ErrorCode(err) != api.CodeNotFound || api.ErrorCode(err2) != api.CodeNotFound || err.Error() == "" {
			t.Fatalf("switch to globex: %v; to nowhere: %v", err, err2)
		}
		// Leaving the organization leaves no org behind.
		if _, err := e.svc.CreateAccount(ctx, "bo@example.com", annPassword, "Bo"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AddMember(ctx, "acme", "bo@example.com", api.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.RemoveMember(ctx, "acme", e.ann.ID, "test", identity.Meta{}); err != nil {
			t.Fatal(err)
		}
		if org := orgOfSignIn(); org != "" {
			t.Fatalf("after leaving acme the org is %q", org)
		}
		if list, err := b.api.AccountOrgs(ctx); err != nil || list.Current != "" {
			t.Fatalf("orgs after leaving = %+v, %v", list, err)
		}
	})
}
