package oidcop_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/oidcop"
)

// jwtHeader is the protected header of a signed token.
type jwtHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
}

func mustHeader(tb testing.TB, raw string) jwtHeader {
	tb.Helper()
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(raw, ".")[0])
	var h jwtHeader
	if err == nil {
		err = json.Unmarshal(b, &h)
	}
	if err != nil {
		tb.Fatalf("token header: %v", err)
	}
	return h
}

// jwk is one key of /keys.
type jwk struct {
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	Kty string `json:"kty"`
}

func (e *env) keys(tb testing.TB) []jwk {
	tb.Helper()
	resp, err := http.Get(e.url + "/keys")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var set struct{ Keys []jwk }
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil || resp.StatusCode != 200 {
		tb.Fatalf("keys: %d %v", resp.StatusCode, err)
	}
	return set.Keys
}

func kids(keys []jwk) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.Kid
	}
	return out
}

// verify checks an ID token as a product that has just fetched /keys.
func (e *env) verify(p *product, raw string) error {
	ctx := context.Background()
	v := oidc.NewVerifier(e.url, oidc.NewRemoteKeySet(ctx, e.url+"/keys"), &oidc.Config{ClientID: p.id, SupportedSigningAlgs: []string{"RS256", "ES256"}})
	_, err := v.Verify(ctx, raw)
	return err
}

func TestSigningKeyRotation(t *testing.T) {
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	b := e.browser()

	published := e.keys(t)
	var algs []string
	for _, k := range published {
		algs = append(algs, k.Alg)
		if k.Use != "sig" {
			t.Errorf("key %s has use %q", k.Kid, k.Use)
		}
	}
	if slices.Sort(algs); !slices.Equal(algs, []string{"ES256", "RS256"}) {
		t.Fatalf("published algorithms %v, want one ES256 and one RS256 key", algs)
	}

	old := e.mustTokens(t, p, b).Extra("id_token").(string)
	oldKid := mustHeader(t, old).Kid
	if h := mustHeader(t, old); h.Alg != "RS256" || !slices.Contains(kids(published), oldKid) {
		t.Fatalf("ID token header %+v, published %v", h, kids(published))
	}

	e.clock.Advance(oidcop.DefaultKeyRotation)
	fresh := e.mustTokens(t, p, b).Extra("id_token").(string)
	newKid := mustHeader(t, fresh).Kid
	if newKid == oldKid {
		t.Fatalf("after the rotation period, the old key %s still signs", oldKid)
	}
	now := kids(e.keys(t))
	if !slices.Contains(now, oldKid) || !slices.Contains(now, newKid) || len(now) != 4 {
		t.Fatalf("after rotation /keys has %v, want the old %s, the new %s and an ES256 pair", now, oldKid, newKid)
	}
	for name, raw := range map[string]string{"old": old, "new": fresh} {
		if err := e.verify(p, raw); err != nil {
			t.Errorf("the %s key's ID token does not verify: %v", name, err)
		}
	}

	// Every token the old key signed expires an ID token lifetime after the
	// rotation; until then it stays, a moment later it is gone.
	e.clock.Advance(oidcop.DefaultIDTokenTTL)
	if !slices.Contains(kids(e.keys(t)), oldKid) {
		t.Fatal("the old key left /keys before every token it signed expired")
	}
	e.clock.Advance(oidcop.DefaultAccessTokenTTL + 5*time.Minute)
	if now := kids(e.keys(t)); slices.Contains(now, oldKid) || !slices.Contains(now, newKid) || len(now) != 2 {
		t.Fatalf("once its tokens expired, /keys has %v, want only the new pair with %s", now, newKid)
	}
	if err := e.verify(p, old); err == nil {
		t.Error("a token of the unpublished key still verifies")
	}
	if err := e.verify(p, fresh); err != nil {
		t.Errorf("the current key's token: %v", err)
	}
	if err := e.op.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	keys, err := e.st.ListSigningKeys(context.Background())
	if err != nil || len(keys) != 2 {
		t.Fatalf("after the sweep the store keeps %d keys, %v; want 2", len(keys), err)
	}
}

// TestES256PerClient: a client registered for ES256 gets ES256 ID tokens,
// on the code exchange and on refresh, that verify against /keys; the
// others keep RS256.
func TestES256PerClient(t *testing.T) {
	ctx := context.Background()
	e := mustPorta(t)
	es := e.mustProduct(t, oidcop.NewClient{FirstParty: true, SigningAlg: "ES256"})
	es.oauth.Scopes = append(es.oauth.Scopes, oidc.ScopeOfflineAccess)
	rs := e.mustProduct(t, oidcop.NewClient{Name: "Classic", FirstParty: true})
	b := e.browser()

	tok := e.mustTokens(t, es, b)
	refreshed, err := es.oauth.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	if err != nil {
		t.Fatal(err)
	}
	published := map[string]string{}
	for _, k := range e.keys(t) {
		published[k.Kid] = k.Alg
	}
	for name, raw := range map[string]string{"code": tok.Extra("id_token").(string), "refresh": refreshed.Extra("id_token").(string)} {
		h := mustHeader(t, raw)
		if h.Alg != "ES256" || published[h.Kid] != "ES256" {
			t.Errorf("%s: ID token header %+v, /keys says %q; want ES256", name, h, published[h.Kid])
		}
		if err := e.verify(es, raw); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	classic := e.mustTokens(t, rs, b).Extra("id_token").(string)
	if h := mustHeader(t, classic); h.Alg != "RS256" {
		t.Errorf("a client without a choice gets %s, want RS256", h.Alg)
	}
	if _, _, err := e.op.CreateClient(ctx, oidcop.NewClient{Name: "X", RedirectURIs: []string{callback}, SigningAlg: "HS256"}); identity.ErrorCode(err) != api.CodeInvalidRequest {
		t.Errorf("registering a client for HS256: %v, want invalid_request", err)
	}
}
