package oidcop_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/porta-id/porta/api/oidcop"
)

func TestRevoke(t *testing.T) {
	ctx := context.Background()
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	p.oauth.Scopes = append(p.oauth.Scopes, oidc.ScopeOfflineAccess)
	other := e.mustProduct(t, oidcop.NewClient{Name: "Other", FirstParty: true})
	revoke := func(t *testing.T, c *product, token, hint string) {
		t.Helper()
		form := url.Values{"token": {token}}
		if hint != "" {
			form.Set("token_type_hint", hint)
		}
		if status, body := e.post(t, "/revoke", c.id, c.secret, form); status != 200 {
			t.Fatalf("revoke: %d %v", status, body)
		}
	}
	works := func(tok *oauth2.Token) (userinfo, refresh bool) {
		_, err := p.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		userinfo = err == nil
		if tok.RefreshToken != "" {
			_, err = p.oauth.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
			refresh = err == nil
		}
		return userinfo, refresh
	}

	for name, hint := range map[string]string{"RefreshToken": "refresh_token", "RefreshTokenWithoutHint": ""} {
		t.Run(name, func(t *testing.T) {
			tok := e.mustTokens(t, p, e.browser())
			revoke(t, p, tok.RefreshToken, hint)
			if userinfo, refresh := works(tok); userinfo || refresh {
				t.Fatalf("after revoking the refresh token: userinfo works %v, refresh works %v", userinfo, refresh)
			}
		})
	}
	for name, hint := range map[string]string{"AccessToken": "access_token", "AccessTokenWithoutHint": ""} {
		t.Run(name, func(t *testing.T) {
			tok := e.mustTokens(t, p, e.browser())
			revoke(t, p, tok.AccessToken, hint)
			if userinfo, _ := works(tok); userinfo {
				t.Fatal("userinfo works with a revoked access token")
			}
		})
	}
	t.Run("ErrAnotherClientsToken", func(t *testing.T) {
		tok := e.mustTokens(t, p, e.browser())
		revoke(t, other, tok.RefreshToken, "refresh_token")
		revoke(t, other, tok.AccessToken, "access_token")
		if userinfo, refresh := works(tok); !userinfo || !refresh {
			t.Fatalf("another product revoked this product's tokens: userinfo works %v, refresh works %v", userinfo, refresh)
		}
	})
	t.Run("ErrWrongSecret", func(t *testing.T) {
		tok := e.mustTokens(t, p, e.browser())
		status, _ := e.post(t, "/revoke", p.id, "wrong", url.Values{"token": {tok.RefreshToken}})
		if status != 401 {
			t.Fatalf("revoke with a wrong secret: %d, want 401", status)
		}
		if userinfo, _ := works(tok); !userinfo {
			t.Fatal("a revocation with a wrong secret revoked")
		}
	})
	t.Run("UnknownToken", func(t *testing.T) {
		revoke(t, p, "not-a-token", "")
	})
}
