package oidcop_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/oidcop"
)

// idClaims are the claims a product reads from Porta's ID token.
type idClaims struct {
	Sub           string   `json:"sub"`
	Email         string   `json:"email"`
	EmailVerified bool     `json:"email_verified"`
	Name          string   `json:"name"`
	AMR           []string `json:"amr"`
	ACR           string   `json:"acr"`
	AuthTime      int64    `json:"auth_time"`
	SID           string   `json:"sid"`
	Nonce         string   `json:"nonce"`
}

func TestCodeFlow(t *testing.T) {
	ctx := context.Background()
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	pk := newPKCE()
	p.oauth.Scopes = append(p.oauth.Scopes, oidc.ScopeOfflineAccess)
	code := e.mustCode(t, p, pk)

	tok, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(pk.verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		t.Fatalf("verify id token: %v", err)
	}
	var c idClaims
	if err := idt.Claims(&c); err != nil {
		t.Fatal(err)
	}
	if c.Sub != e.ann.ID || c.Email != annEmail || c.Name != "Ann Example" || c.Nonce != "n-1" {
		t.Errorf("claims = %+v", c)
	}
	if !slices.Contains(c.AMR, "pwd") || c.ACR != oidcop.ACRPassword || c.SID == "" || c.AuthTime == 0 {
		t.Errorf("authentication claims = %+v", c)
	}

	t.Run("Userinfo", func(t *testing.T) {
		info, err := p.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil || info.Subject != e.ann.ID || info.Email != annEmail {
			t.Fatalf("userinfo = %+v, %v", info, err)
		}
	})

	t.Run("RefreshRotatesAndReuseRevokesTheChain", func(t *testing.T) {
		first := tok.RefreshToken
		if first == "" {
			t.Fatal("no refresh token with offline_access")
		}
		next, err := p.oauth.TokenSource(ctx, &oauth2.Token{RefreshToken: first}).Token()
		if err != nil || next.RefreshToken == "" || next.RefreshToken == first {
			t.Fatalf("refresh: %+v, %v", next, err)
		}
		if _, err := p.provider.UserInfo(ctx, oauth2.StaticTokenSource(next)); err != nil {
			t.Fatalf("userinfo with the refreshed token: %v", err)
		}
		_, err = p.oauth.TokenSource(ctx, &oauth2.Token{RefreshToken: first}).Token()
		wantOAuthError(t, err, "invalid_grant")
		_, err = p.oauth.TokenSource(ctx, &oauth2.Token{RefreshToken: next.RefreshToken}).Token()
		wantOAuthError(t, err, "invalid_grant")
		if _, err := p.provider.UserInfo(ctx, oauth2.StaticTokenSource(next)); err == nil {
			t.Fatal("the chain's access token still works after reuse")
		}
	})
}

func wantOAuthError(tb testing.TB, err error, code string) {
	tb.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != code {
		tb.Fatalf("error = %v, want %s", err, code)
	}
}

func TestCodeIsSingleUse(t *testing.T) {
	ctx := context.Background()
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	pk := newPKCE()
	code := e.mustCode(t, p, pk)
	tok, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(pk.verifier))
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.oauth.Exchange(ctx, code, oauth2.VerifierOption(pk.verifier))
	wantOAuthError(t, err, "invalid_grant")
	if _, err := p.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
		t.Fatal("tokens of a replayed code still work")
	}
}

func TestCodeRefusals(t *testing.T) {
	ctx := context.Background()
	e := mustPorta(t)
	confidential := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	public := e.mustProduct(t, oidcop.NewClient{FirstParty: true, Public: true})
	public.oauth.ClientSecret = ""

	t.Run("ErrExpiredCode", func(t *testing.T) {
		pk := newPKCE()
		code := e.mustCode(t, confidential, pk)
		e.clock.Advance(oidcop.CodeTTL)
		_, err := confidential.oauth.Exchange(ctx, code, oauth2.VerifierOption(pk.verifier))
		wantOAuthError(t, err, "invalid_grant")
	})
	t.Run("ErrPKCEMismatch", func(t *testing.T) {
		pk := newPKCE()
		code := e.mustCode(t, confidential, pk)
		_, err := confidential.oauth.Exchange(ctx, code, oauth2.VerifierOption(newPKCE().verifier))
		wantOAuthError(t, err, "invalid_grant")
		// Whoever tried the code without its verifier did not spend it:
		// the product's own exchange still works.
		if _, err := confidential.oauth.Exchange(ctx, code, oauth2.VerifierOption(pk.verifier)); err != nil {
			t.Fatalf("the product's exchange after a refused one: %v", err)
		}
	})
	t.Run("ErrPublicClientWrongVerifierThenRight", func(t *testing.T) {
		pk := newPKCE()
		code := e.mustCode(t, public, pk)
		_, err := public.oauth.Exchange(ctx, code, oauth2.VerifierOption(newPKCE().verifier))
		wantOAuthError(t, err, "invalid_grant")
		if _, err := public.oauth.Exchange(ctx, code, oauth2.VerifierOption(pk.verifier)); err != nil {
			t.Fatalf("the right verifier after a wrong one: %v", err)
		}
	})
	t.Run("ErrPublicClientWithoutPKCE", func(t *testing.T) {
		code := e.mustCode(t, public, pkce{})
		_, err := public.oauth.Exchange(ctx, code)
		wantOAuthError(t, err, "invalid_request")
	})
	t.Run("PublicClientWithPKCE", func(t *testing.T) {
		pk := newPKCE()
		code := e.mustCode(t, public, pk)
		if _, err := public.oauth.Exchange(ctx, code, oauth2.VerifierOption(pk.verifier)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrWrongSecret", func(t *testing.T) {
		pk := newPKCE()
		code := e.mustCode(t, confidential, pk)
		wrong := *confidential.oauth
		wrong.ClientSecret = "not-the-secret"
		_, err := wrong.Exchange(ctx, code, oauth2.VerifierOption(pk.verifier))
		wantOAuthError(t, err, "invalid_client")
		if _, err := confidential.oauth.Exchange(ctx, code, oauth2.VerifierOption(pk.verifier)); err != nil {
			t.Fatalf("the right secret after a wrong one: %v", err)
		}
	})
}

func TestAuthorizeNeverRedirectsToUncheckedAddresses(t *testing.T) {
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	b := e.browser()
	for name, tc := range map[string]struct {
		url, want string
	}{
		"ErrUnknownClient":    {strings.Replace(p.authorizeURL("s", "n", newPKCE()), p.id, "nobody", 1), "unknown_client"},
		"ErrWrongRedirectURI": {strings.Replace(p.authorizeURL("s", "n", newPKCE()), "callback", "evil", 1), "invalid_redirect_uri"},
	} {
		t.Run(name, func(t *testing.T) {
			at := b.visit(t, tc.url)
			if at.Host != "" || at.Path != api.ErrorScreen || at.Query().Get(api.ErrorParam) != tc.want {
				t.Fatalf("went to %s, want %s?error=%s", at, api.ErrorScreen, tc.want)
			}
		})
	}
}

func TestPrompt(t *testing.T) {
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})

	t.Run("ErrNoneWithoutSession", func(t *testing.T) {
		back := e.browser().visit(t, p.authorizeURL("st-9", "n", newPKCE(), oauth2.SetAuthURLParam("prompt", "none")))
		if back.Query().Get("error") != "login_required" || back.Query().Get("state") != "st-9" {
			t.Fatalf("back at %s, want login_required with the state", back)
		}
	})
	t.Run("SignedInGoesStraightBack", func(t *testing.T) {
		b := e.browser()
		b.signIn(t)
		back := b.visit(t, p.authorizeURL("st", "n", newPKCE()))
		if back.Query().Get("code") == "" {
			t.Fatalf("back at %s, want a code without a screen", back)
		}
		back = b.visit(t, p.authorizeURL("st", "n", newPKCE(), oauth2.SetAuthURLParam("prompt", "none")))
		if back.Query().Get("code") == "" {
			t.Fatalf("prompt=none with a session: back at %s, want a code", back)
		}
	})
	t.Run("LoginAsksAgain", func(t *testing.T) {
		b := e.browser()
		b.signIn(t)
		e.clock.Advance(time.Second)
		at := b.visit(t, p.authorizeURL("st", "n", newPKCE(), oauth2.SetAuthURLParam("prompt", "login")))
		if at.Path != api.SignInScreen {
			t.Fatalf("prompt=login went to %s, want the sign-in screen", at)
		}
		e.clock.Advance(time.Second)
		b.signIn(t)
		if back := b.visit(t, api.ContinueURL(at.Query().Get(api.RequestParam))); back.Query().Get("code") == "" {
			t.Fatalf("after signing in again: %s", back)
		}
	})
	t.Run("MaxAge", func(t *testing.T) {
		b := e.browser()
		b.signIn(t)
		e.clock.Advance(2 * time.Minute)
		at := b.visit(t, p.authorizeURL("st", "n", newPKCE(), oauth2.SetAuthURLParam("max_age", "60")))
		if at.Path != api.SignInScreen {
			t.Fatalf("max_age=60 two minutes after sign-in went to %s, want the sign-in screen", at)
		}
		if back := b.visit(t, p.authorizeURL("st", "n", newPKCE(), oauth2.SetAuthURLParam("max_age", "600"))); back.Query().Get("code") == "" {
			t.Fatalf("max_age=600: %s", back)
		}
	})
	t.Run("LoginHintReachesTheScreen", func(t *testing.T) {
		at := e.browser().visit(t, p.authorizeURL("st", "n", newPKCE(), oauth2.SetAuthURLParam("login_hint", annEmail)))
		info, err := e.browser().api.AuthRequest(context.Background(), at.Query().Get(api.RequestParam))
		if err != nil || info.LoginHint != annEmail || info.Client != "Ledger" {
			t.Fatalf("request info = %+v, %v", info, err)
		}
	})
}

func TestConsent(t *testing.T) {
	ctx := context.Background()
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{Name: "Outside App"})
	b := e.browser()
	b.signIn(t)

	at := b.visit(t, p.authorizeURL("st", "n", newPKCE()))
	if at.Path != api.ConsentScreen {
		t.Fatalf("a third-party product went to %s, want the consent screen", at)
	}
	id := at.Query().Get(api.RequestParam)
	next, err := b.api.Consent(ctx, id, true)
	if err != nil {
		t.Fatal(err)
	}
	if back := b.visit(t, next.URL); back.Query().Get("code") == "" {
		t.Fatalf("after consent: %s", back)
	}
	if back := b.visit(t, p.authorizeURL("st", "n", newPKCE())); back.Query().Get("code") == "" {
		t.Fatalf("consent is not remembered: %s", back)
	}
	apps, err := b.api.Apps(ctx)
	if err != nil || len(apps.Apps) != 1 || apps.Apps[0].Name != "Outside App" || apps.Apps[0].Consented == nil {
		t.Fatalf("apps = %+v, %v", apps, err)
	}

	t.Run("Revoke", func(t *testing.T) {
		if err := b.api.RevokeApp(ctx, p.id); err != nil {
			t.Fatal(err)
		}
		if at := b.visit(t, p.authorizeURL("st", "n", newPKCE())); at.Path != api.ConsentScreen {
			t.Fatalf("after revoking, went to %s, want the consent screen", at)
		}
	})
	t.Run("ErrDenied", func(t *testing.T) {
		at := b.visit(t, p.authorizeURL("st-d", "n", newPKCE()))
		next, err := b.api.Consent(ctx, at.Query().Get(api.RequestParam), false)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(next.URL, callback) || !strings.Contains(next.URL, "error=access_denied") || !strings.Contains(next.URL, "state=st-d") {
			t.Fatalf("denied goes to %s", next.URL)
		}
	})
}

func TestOrganizationClientServesOnlyMembers(t *testing.T) {
	ctx := context.Background()
	e := mustPorta(t)
	if _, err := e.svc.CreateOrg(ctx, "acme", "Acme"); err != nil {
		t.Fatal(err)
	}
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true, Org: "acme"})
	b := e.browser()
	b.signIn(t)
	back := b.visit(t, p.authorizeURL("st", "n", newPKCE()))
	if back.Query().Get("error") != "access_denied" {
		t.Fatalf("a non-member is back at %s, want access_denied", back)
	}
	if _, err := e.svc.AddMember(ctx, "acme", annEmail, api.RoleMember); err != nil {
		t.Fatal(err)
	}
	if back := b.visit(t, p.authorizeURL("st", "n", newPKCE())); back.Query().Get("code") == "" {
		t.Fatalf("a member is back at %s", back)
	}
}

func TestTamperedTokensAreRefused(t *testing.T) {
	ctx := context.Background()
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	pk := newPKCE()
	tok, err := p.oauth.Exchange(ctx, e.mustCode(t, p, pk), oauth2.VerifierOption(pk.verifier))
	if err != nil {
		t.Fatal(err)
	}
	raw := tok.Extra("id_token").(string)
	parts := strings.Split(raw, ".")
	sig := []byte(parts[2])
	sig[5] ^= 1
	if _, err := p.verifier.Verify(ctx, parts[0]+"."+parts[1]+"."+string(sig)); err == nil {
		t.Error("a tampered ID token verifies")
	}
	other := mustPorta(t)
	op2 := other.mustProduct(t, oidcop.NewClient{FirstParty: true})
	pk2 := newPKCE()
	foreign, err := op2.oauth.Exchange(ctx, other.mustCode(t, op2, pk2), oauth2.VerifierOption(pk2.verifier))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.verifier.Verify(ctx, foreign.Extra("id_token").(string)); err == nil {
		t.Error("an ID token of another provider verifies")
	}
	bad := *tok
	bad.AccessToken = tok.AccessToken[:len(tok.AccessToken)-4] + "AAAA"
	if _, err := p.provider.UserInfo(ctx, oauth2.StaticTokenSource(&bad)); err == nil {
		t.Error("a tampered access token reads userinfo")
	}
	resp, err := http.Get(e.url + "/userinfo")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("userinfo without a token: %d, want 401", resp.StatusCode)
	}
}

// TestClientSecretGuessesPause: wrong client secrets from one address
// pause that client's authentication from that address, and the
// pause passes.
func TestClientSecretGuessesPause(t *testing.T) {
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{})
	creds := func(secret string) *clientcredentials.Config {
		return &clientcredentials.Config{ClientID: p.id, ClientSecret: secret, TokenURL: p.oauth.Endpoint.TokenURL, AuthStyle: oauth2.AuthStyleInHeader}
	}
	ctx := context.Background()
	if _, err := creds(p.secret).Token(ctx); err != nil {
		t.Fatalf("client_credentials with the right secret: %v", err)
	}
	for range 10 {
		_, err := creds("guess").Token(ctx)
		wantOAuthError(t, err, "invalid_client")
	}
	_, err := creds(p.secret).Token(ctx)
	wantOAuthError(t, err, "invalid_client")
	e.clock.Advance(time.Second)
	if _, err := creds(p.secret).Token(ctx); err != nil {
		t.Fatalf("the right secret once the pause passed: %v", err)
	}
}
