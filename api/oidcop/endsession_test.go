package oidcop_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/porta-id/porta/api/oidcop"
)

const loggedOut = "http://127.0.0.1:9/logged-out"

// endSession visits /end_session with the parameters in b and returns
// the status and where it redirects.
func (b *browser) endSession(tb testing.TB, kv ...string) (int, string) {
	tb.Helper()
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	resp, err := b.http.Get(b.e.url + "/end_session?" + v.Encode())
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

func TestEndSession(t *testing.T) {
	ctx := context.Background()
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true, PostLogoutURIs: []string{loggedOut}})
	other := e.mustProduct(t, oidcop.NewClient{Name: "Other", FirstParty: true, PostLogoutURIs: []string{"http://127.0.0.1:9/other"}})

	t.Run("OK", func(t *testing.T) {
		b := e.browser()
		tok := e.mustTokens(t, p, b)
		hint := tok.Extra("id_token").(string)
		state := "s t&ä=1"
		status, loc := b.endSession(t, "id_token_hint", hint, "post_logout_redirect_uri", loggedOut, "state", state)
		u, err := url.Parse(loc)
		if status != 302 || err != nil || !strings.HasPrefix(loc, loggedOut+"?") || u.Query().Get("state") != state {
			t.Fatalf("end_session: %d to %q, want %s with the state", status, loc, loggedOut)
		}
		if _, err := b.api.Session(ctx); err == nil {
			t.Error("the Porta session survived the product's logout")
		}
		if _, err := p.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
			t.Error("the product's access token works after logout")
		}
		if at := b.visit(t, p.authorizeURL("st", "n", newPKCE())); at.Query().Get("code") != "" {
			t.Errorf("after logout, authorize went straight back with a code: %s", at)
		}
	})
	t.Run("ClientIDWithoutHint", func(t *testing.T) {
		b := e.browser()
		status, loc := b.endSession(t, "client_id", p.id, "post_logout_redirect_uri", loggedOut, "state", "x")
		if status != 302 || !strings.HasPrefix(loc, loggedOut+"?state=x") {
			t.Fatalf("end_session: %d to %q, want %s", status, loc, loggedOut)
		}
	})
	for name, kv := range map[string][]string{
		"ErrUnregisteredURI":       {"post_logout_redirect_uri", "https://evil.example/out"},
		"ErrAnotherClientsURI":     {"post_logout_redirect_uri", "http://127.0.0.1:9/other"},
		"ErrPrefixOfRegistered":    {"post_logout_redirect_uri", loggedOut + "/more"},
		"ErrHintOfAnotherClient":   {"post_logout_redirect_uri", loggedOut, "client_id", other.id},
		"ErrTamperedHint":          {"post_logout_redirect_uri", loggedOut, "tamper", "1"},
		"NoClientNoHintNoRedirect": {"post_logout_redirect_uri", loggedOut, "nohint", "1"},
	} {
		t.Run(name, func(t *testing.T) {
			b := e.browser()
			tok := e.mustTokens(t, p, b)
			hint := tok.Extra("id_token").(string)
			params := []string{"id_token_hint", hint}
			for i := 0; i+1 < len(kv); i += 2 {
				switch kv[i] {
				case "tamper":
					parts := strings.Split(hint, ".")
					params[1] = parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
				case "nohint":
					params = nil
				default:
					params = append(params, kv[i], kv[i+1])
				}
			}
			status, loc := b.endSession(t, params...)
			if status >= 500 || (strings.HasPrefix(name, "Err") && status != 400) {
				t.Fatalf("end_session: %d", status)
			}
			if u, err := url.Parse(loc); loc != "" && (err != nil || u.Host != "") {
				t.Fatalf("end_session redirected to %q, want no redirect out of Porta", loc)
			}
		})
	}
}
