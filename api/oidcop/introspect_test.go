package oidcop_test

import (
	"context"
	"net/url"
	"testing"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/porta-id/porta/api/oidcop"
)

func (e *env) introspect(tb testing.TB, c *product, token string) map[string]any {
	tb.Helper()
	status, body := e.post(tb, "/oauth/introspect", c.id, c.secret, url.Values{"token": {token}})
	if status != 200 {
		tb.Fatalf("introspect: %d %v", status, body)
	}
	return body
}

func TestIntrospect(t *testing.T) {
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	other := e.mustProduct(t, oidcop.NewClient{Name: "Other", FirstParty: true})
	tok := e.mustTokens(t, p, e.browser())

	t.Run("OK", func(t *testing.T) {
		got := e.introspect(t, p, tok.AccessToken)
		if got["active"] != true || got["sub"] != e.ann.ID || got["client_id"] != p.id || got["email"] != annEmail {
			t.Fatalf("introspection = %v", got)
		}
	})
	t.Run("ErrNoClientAuthentication", func(t *testing.T) {
		for name, secret := range map[string]string{"none": "", "wrong": "wrong"} {
			if status, body := e.post(t, "/oauth/introspect", p.id, secret, url.Values{"token": {tok.AccessToken}}); status != 401 || body["active"] == true {
				t.Errorf("introspection with %s secret: %d %v, want 401", name, status, body)
			}
		}
	})
	t.Run("ErrAnotherClientsToken", func(t *testing.T) {
		if got := e.introspect(t, other, tok.AccessToken); got["active"] != false || got["sub"] != nil {
			t.Fatalf("another product introspects this product's token: %v", got)
		}
	})
	t.Run("InactiveWhenExpired", func(t *testing.T) {
		tok := e.mustTokens(t, p, e.browser())
		e.clock.Advance(oidcop.DefaultAccessTokenTTL)
		if got := e.introspect(t, p, tok.AccessToken); got["active"] != false {
			t.Fatalf("expired token: %v", got)
		}
	})
	t.Run("InactiveWhenRevoked", func(t *testing.T) {
		tok := e.mustTokens(t, p, e.browser())
		e.post(t, "/revoke", p.id, p.secret, url.Values{"token": {tok.AccessToken}})
		if got := e.introspect(t, p, tok.AccessToken); got["active"] != false {
			t.Fatalf("revoked token: %v", got)
		}
	})
	t.Run("InactiveWhenGarbage", func(t *testing.T) {
		for _, tk := range []string{"x", tok.RefreshToken, tok.Extra("id_token").(string)} {
			if got := e.introspect(t, p, tk); got["active"] != false {
				t.Fatalf("introspection of %q: %v", tk, got)
			}
		}
	})
}

func TestClientCredentials(t *testing.T) {
	ctx := context.Background()
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{})
	other := e.mustProduct(t, oidcop.NewClient{Name: "Other"})
	public := e.mustProduct(t, oidcop.NewClient{Name: "Phone", Public: true})
	creds := func(id, secret string) *clientcredentials.Config {
		return &clientcredentials.Config{ClientID: id, ClientSecret: secret, TokenURL: p.oauth.Endpoint.TokenURL, AuthStyle: oauth2.AuthStyleInHeader}
	}

	tok, err := creds(p.id, p.secret).Token(ctx)
	if err != nil || tok.AccessToken == "" || tok.RefreshToken != "" {
		t.Fatalf("client_credentials: %+v, %v", tok, err)
	}
	t.Run("Introspectable", func(t *testing.T) {
		got := e.introspect(t, p, tok.AccessToken)
		if got["active"] != true || got["client_id"] != p.id || got["sub"] != p.id {
			t.Fatalf("introspection = %v", got)
		}
		if got := e.introspect(t, other, tok.AccessToken); got["active"] != false {
			t.Fatalf("another product introspects it: %v", got)
		}
	})
	t.Run("ErrNoUserinfo", func(t *testing.T) {
		if _, err := p.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
			t.Fatal("a client's own token reads userinfo")
		}
	})
	t.Run("ErrPublicClient", func(t *testing.T) {
		status, body := e.post(t, "/oauth/token", public.id, "", url.Values{"grant_type": {"client_credentials"}})
		if status < 400 || status > 499 || body["access_token"] != nil {
			t.Fatalf("a public client got %d %v", status, body)
		}
	})
	t.Run("InactiveWhenExpired", func(t *testing.T) {
		tok, err := creds(p.id, p.secret).Token(ctx)
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(oidcop.DefaultAccessTokenTTL)
		if got := e.introspect(t, p, tok.AccessToken); got["active"] != false {
			t.Fatalf("expired client token: %v", got)
		}
	})
}
