package oidcop_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/porta-id/porta/api/oidcop"
)

// syncBuffer is a log sink the server's goroutines write to at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestTokensNeverLogged: through a whole product flow, its failures
// included, no code and no token reaches the log, at any level (the
// provider logs to slog's default, as op does).
func TestTokensNeverLogged(t *testing.T) {
	ctx := context.Background()
	var logs syncBuffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(prev) })

	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	p.oauth.Scopes = append(p.oauth.Scopes, oidc.ScopeOfflineAccess)
	var secrets []string
	keep := func(s ...string) { secrets = append(secrets, s...) }

	b := e.browser()
	pk := newPKCE()
	code := b.code(t, p, pk)
	tok, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(pk.verifier))
	if err != nil {
		t.Fatal(err)
	}
	idToken := tok.Extra("id_token").(string)
	keep(code, pk.verifier, tok.AccessToken, tok.RefreshToken, idToken, p.secret)

	if _, err := p.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err != nil {
		t.Fatal(err)
	}
	next, err := p.oauth.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	if err != nil {
		t.Fatal(err)
	}
	keep(next.AccessToken, next.RefreshToken)
	e.introspect(t, p, next.AccessToken)

	// Failures: a replayed code, a reused refresh token, a wrong secret,
	// a wrong PKCE verifier, a garbled token, a revocation.
	_, _ = p.oauth.Exchange(ctx, code, oauth2.VerifierOption(pk.verifier))
	_, _ = p.oauth.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	pk2 := newPKCE()
	code2 := b.code(t, p, pk2)
	keep(code2)
	wrong := *p.oauth
	wrong.ClientSecret = "wrong-secret-" + p.secret[:8]
	_, _ = wrong.Exchange(ctx, code2, oauth2.VerifierOption(pk2.verifier))
	pk3 := newPKCE()
	code3 := b.code(t, p, pk3)
	keep(code3)
	_, _ = p.oauth.Exchange(ctx, code3, oauth2.VerifierOption(newPKCE().verifier))
	_, _ = p.provider.UserInfo(ctx, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok.AccessToken + "x"}))
	e.post(t, "/revoke", p.id, p.secret, url.Values{"token": {next.RefreshToken}})
	e.post(t, "/oauth/introspect", p.id, p.secret, url.Values{"token": {next.AccessToken}})
	b.endSession(t, "id_token_hint", idToken, "post_logout_redirect_uri", "https://evil.example/")
	b.endSession(t, "id_token_hint", idToken)

	out := logs.String()
	if !strings.Contains(out, "request error") {
		t.Fatalf("the failures left no log line; is the capture working?\n%s", out)
	}
	for _, s := range secrets {
		if s == "" {
			t.Fatal("an empty secret in the list")
		}
		for _, part := range []string{s, s[len(s)/2:]} {
			if len(part) >= 12 && strings.Contains(out, part) {
				t.Errorf("the log holds a secret (%.6s…):\n%s", s, out)
			}
		}
	}
}
