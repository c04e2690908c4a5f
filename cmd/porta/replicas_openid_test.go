package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/oidcop"
	"github.com/porta-id/porta/api/testkit"
)

// replicaCallback is the product's redirect URI; nothing listens there.
const replicaCallback = "http://127.0.0.1:9/callback"

// Two replicas on one PostgreSQL serve one OpenID Provider: a code from
// one is redeemed on the other once, both publish the same keys, and a
// rotation on one is what the other signs with.
func TestReplicasOpenID(t *testing.T) {
	dsn := MustPostgresDB(t)
	keyFile := t.TempDir() + "/secrets.key"
	clock := testkit.NewClock(time.Now().Truncate(time.Second))
	replica := func(c *Config) {
		c.Store, c.Demo, c.Web, c.SecretsKeyFile, c.Now = dsn, true, nil, keyFile, clock.Now
		c.SigningKeyRotation = 24 * time.Hour
	}
	a := MustPorta(t, replica)
	b := MustPorta(t, replica)
	ctx := context.Background()
	client, secret, err := a.OpenID.CreateClient(ctx, oidcop.NewClient{Name: "Ledger", RedirectURIs: []string{replicaCallback}, FirstParty: true})
	if err != nil {
		t.Fatal(err)
	}
	person := MustAPIClient(t, a, "test")
	if _, err := person.SignInPassword(ctx, demoEmail, demoPassword); err != nil {
		t.Fatal(err)
	}
	jar := person.Transport.(*api.HTTPTransport).Client.Jar
	browser := &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(r.URL.String(), replicaCallback) {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	conf := func(m *Main) *oauth2.Config {
		return &oauth2.Config{
			ClientID: client.ID, ClientSecret: secret, RedirectURL: replicaCallback,
			Endpoint: oauth2.Endpoint{AuthURL: m.URL() + "/authorize", TokenURL: m.URL() + "/oauth/token", AuthStyle: oauth2.AuthStyleInHeader},
			Scopes:   []string{oidc.ScopeOpenID, "email"},
		}
	}
	// codeOn signs in for the product on m and returns the code.
	codeOn := func(t *testing.T, m *Main) (string, string) {
		t.Helper()
		verifier := oauth2.GenerateVerifier()
		resp, err := browser.Get(conf(m).AuthCodeURL("st", oidc.Nonce("n"), oauth2.S256ChallengeOption(verifier)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc, err := url.Parse(resp.Header.Get("Location"))
		if err != nil || loc.Query().Get("code") == "" {
			t.Fatalf("authorize on %s ended at %d %q, want the callback with a code", m.URL(), resp.StatusCode, resp.Header.Get("Location"))
		}
		return loc.Query().Get("code"), verifier
	}
	exchange := func(m *Main, code, verifier string) (*oauth2.Token, error) {
		return conf(m).Exchange(ctx, code, oauth2.VerifierOption(verifier))
	}
	verify := func(t *testing.T, issuer, keysOf *Main, tok *oauth2.Token) {
		t.Helper()
		keys := oidc.NewRemoteKeySet(ctx, keysOf.URL()+"/keys")
		v := oidc.NewVerifier(issuerOf(t, issuer), keys, &oidc.Config{ClientID: client.ID})
		if _, err := v.Verify(ctx, tok.Extra("id_token").(string)); err != nil {
			t.Fatalf("ID token of %s against the keys of %s: %v", issuer.URL(), keysOf.URL(), err)
		}
	}

	t.Run("CodeRedeemedOnceOnTheOther", func(t *testing.T) {
		code, verifier := codeOn(t, a)
		tok, err := exchange(b, code, verifier)
		if err != nil {
			t.Fatalf("redeem on the other replica: %v", err)
		}
		verify(t, b, a, tok)
		for _, m := range []*Main{b, a} {
			if _, err := exchange(m, code, verifier); !isOAuthError(err, "invalid_grant") {
				t.Fatalf("second redemption on %s: %v, want invalid_grant", m.URL(), err)
			}
		}
	})
	t.Run("ConcurrentRedemptionOnBoth", func(t *testing.T) {
		code, verifier := codeOn(t, b)
		var (
			wg     sync.WaitGroup
			mu     sync.Mutex
			won    int
			start  = make(chan struct{})
			others []error
		)
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := exchange([]*Main{a, b}[i%2], code, verifier)
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					won++
				} else {
					others = append(others, err)
				}
			}()
		}
		close(start)
		wg.Wait()
		if won != 1 {
			t.Fatalf("%d of 8 redemptions across both replicas got tokens, want 1", won)
		}
		for _, err := range others {
			if !isOAuthError(err, "invalid_grant") {
				t.Errorf("a losing redemption: %v, want invalid_grant", err)
			}
		}
	})
	t.Run("SameKeysAndRotationSeenByTheOther", func(t *testing.T) {
		before := publishedKeys(t, a)
		if got := publishedKeys(t, b); !slices.Equal(got, before) || len(before) != 2 {
			t.Fatalf("keys: %v on one replica, %v on the other; want the same pair", before, got)
		}
		// A rotation by a. b, whose cached set falls due at the same
		// moment (and is read again a minute later in any case), finds
		// a's new keys in the store and adds none of its own.
		clock.Advance(24 * time.Hour)
		after := publishedKeys(t, a)
		if len(after) != 4 || !slices.Contains(after, before[0]) || !slices.Contains(after, before[1]) {
			t.Fatalf("after rotation a publishes %v, want the old pair %v and a new one", after, before)
		}
		clock.Advance(time.Minute)
		if got := publishedKeys(t, b); !slices.Equal(got, after) {
			t.Fatalf("after a's rotation b publishes %v, want %v", got, after)
		}
		if _, err := person.SignInPassword(ctx, demoEmail, demoPassword); err != nil {
			t.Fatal(err)
		}
		code, verifier := codeOn(t, a)
		tok, err := exchange(b, code, verifier)
		if err != nil {
			t.Fatal(err)
		}
		kid := headerKid(t, tok.Extra("id_token").(string))
		if slices.Contains(before, kid) || !slices.Contains(after, kid) {
			t.Fatalf("b signs with %s; want the key a rotated in (%v, old %v)", kid, after, before)
		}
		verify(t, b, a, tok)
	})
}

func isOAuthError(err error, code string) bool {
	var re *oauth2.RetrieveError
	return errors.As(err, &re) && re.ErrorCode == code
}

// publishedKeys returns the sorted key IDs of m's /keys.
func publishedKeys(tb testing.TB, m *Main) []string {
	tb.Helper()
	resp, err := http.Get(m.URL() + "/keys")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var set struct {
		Keys []struct{ Kid string } `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err != nil {
		tb.Fatalf("keys of %s: %v", m.URL(), err)
	}
	var out []string
	for _, k := range set.Keys {
		out = append(out, k.Kid)
	}
	slices.Sort(out)
	return out
}

func headerKid(tb testing.TB, raw string) string {
	tb.Helper()
	var h struct{ Kid string }
	parts := strings.Split(raw, ".")
	b, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err == nil {
		err = json.Unmarshal(b, &h)
	}
	if err != nil {
		tb.Fatalf("token header: %v", err)
	}
	return h.Kid
}

// issuerOf is the issuer m's discovery document names.
func issuerOf(tb testing.TB, m *Main) string {
	tb.Helper()
	resp, err := http.Get(m.URL() + "/.well-known/openid-configuration")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var d struct{ Issuer string }
	if err := json.NewDecoder(resp.Body).Decode(&d); err != nil || d.Issuer == "" {
		tb.Fatalf("discovery of %s: %v", m.URL(), err)
	}
	return d.Issuer
}
