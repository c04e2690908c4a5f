package oidcop_test

import (
	"context"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/oidcop"
)

// TestProductManagesItsOrganization: a product with its client
// credentials reads and changes the settings of the organization its
// client serves, as an admin would — and of no other, with no person's
// token and no stale one.
func TestProductManagesItsOrganization(t *testing.T) {
	ctx := context.Background()
	e := mustPorta(t)
	for _, slug := range []string{"acme", "globex"} {
		if _, err := e.svc.CreateOrg(ctx, slug, slug); err != nil {
			t.Fatal(err)
		}
	}
	ledger := e.mustProduct(t, oidcop.NewClient{FirstParty: true, Org: "acme"})
	anyOrg := e.mustProduct(t, oidcop.NewClient{Name: "Everywhere", FirstParty: true})
	token, as := e.productToken, e.withBearer
	on := true

	t.Run("ItsOwnOrganization", func(t *testing.T) {
		c := as(token(t, ledger))
		got, err := c.UpdateProductOrgSettings(ctx, "acme", api.OrgSettings{Enforce2FA: &on})
		if err != nil || got.Enforce2FA == nil || !*got.Enforce2FA {
			t.Fatalf("update: %+v, %v; want two-step enforced", got, err)
		}
		if o, err := e.st.GetOrgBySlug(ctx, "acme"); err != nil || !o.Enforce2FA {
			t.Fatalf("acme after the product's change: %+v, %v", o, err)
		}
		if read, err := c.ProductOrgSettings(ctx, "acme"); err != nil || !*read.Enforce2FA {
			t.Fatalf("read: %+v, %v", read, err)
		}
	})
	t.Run("AnotherOrganization", func(t *testing.T) {
		for _, slug := range []string{"globex", "nowhere"} {
			if _, err := as(token(t, ledger)).UpdateProductOrgSettings(ctx, slug, api.OrgSettings{Enforce2FA: &on}); api.ErrorCode(err) != api.CodeForbidden {
				t.Errorf("%s: %v, want forbidden", slug, err)
			}
		}
		if _, err := as(token(t, anyOrg)).ProductOrgSettings(ctx, "acme"); api.ErrorCode(err) != api.CodeForbidden {
			t.Errorf("a client limited to no organization: %v, want forbidden", err)
		}
		if o, _ := e.st.GetOrgBySlug(ctx, "globex"); o.Enforce2FA {
			t.Error("globex was changed by acme's product")
		}
	})
	t.Run("NotAProductsToken", func(t *testing.T) {
		person := e.mustTokens(t, anyOrg, e.browser()).AccessToken
		live := token(t, ledger)
		e.clock.Advance(time.Hour) // past the access token's lifetime
		for name, bearer := range map[string]string{"none": "", "garbage": "x.y.z", "a person's": person, "expired": live} {
			if _, err := as(bearer).ProductOrgSettings(ctx, "acme"); api.ErrorCode(err) != api.CodeUnauthenticated {
				t.Errorf("%s token: %v, want unauthenticated", name, err)
			}
		}
	})
}

// productToken is a client credentials access token of p.
func (e *env) productToken(tb testing.TB, p *product) string {
	tb.Helper()
	cc := &clientcredentials.Config{ClientID: p.id, ClientSecret: p.secret, TokenURL: p.oauth.Endpoint.TokenURL, AuthStyle: oauth2.AuthStyleInHeader}
	tok, err := cc.Token(context.Background())
	if err != nil {
		tb.Fatalf("client credentials: %v", err)
	}
	return tok.AccessToken
}

// withBearer is a client of Porta's API that sends bearer, as a product's server does.
func (e *env) withBearer(bearer string) *api.Client {
	return api.NewClient(&api.HTTPTransport{BaseURL: e.url, Bearer: bearer})
}

// productAPI is p's client of Porta's API with a fresh access token.
func (e *env) productAPI(tb testing.TB, p *product) *api.Client {
	tb.Helper()
	return e.withBearer(e.productToken(tb, p))
}
