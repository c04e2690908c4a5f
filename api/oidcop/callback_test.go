package oidcop_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/oidcop"
)

// TestOneCodePerRequest: /authorize/callback needs no cookie, so a
// request that has returned to the product with its code gives no
// other — not to the person again, not to a stranger who learnt its ID.
func TestOneCodePerRequest(t *testing.T) {
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	b := e.browser()
	pk := newPKCE()
	at := b.visit(t, p.authorizeURL("st-1", "n-1", pk))
	id := at.Query().Get(api.RequestParam)
	b.signIn(t)
	toCallback := b.continueTo(t, id)
	first := b.visit(t, toCallback).Query().Get("code")
	if first == "" {
		t.Fatal("no code")
	}
	// Even with the browser's whole callback address, ticket and all.
	for name, who := range map[string]*browser{"Stranger": e.browser(), "SamePerson": b} {
		t.Run(name, func(t *testing.T) {
			back := who.visit(t, toCallback)
			if c := back.Query().Get("code"); c != "" {
				_, err := p.oauth.Exchange(context.Background(), c, oauth2.VerifierOption(pk.verifier))
				t.Fatalf("a second code for the request (its exchange: %v)", err)
			}
		})
	}
	if _, err := p.oauth.Exchange(context.Background(), first, oauth2.VerifierOption(pk.verifier)); err != nil {
		t.Fatalf("the request's one code: %v", err)
	}
}

// A stranger who learnt a request's ID gets no code even before the
// person's browser comes back for it: /authorize/callback wants the
// ticket that only the browser whose session signed in was given.
func TestCallbackWantsTheBrowsersTicket(t *testing.T) {
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	b := e.browser()
	pk := newPKCE()
	id := b.visit(t, p.authorizeURL("st-1", "n-1", pk)).Query().Get(api.RequestParam)
	b.signIn(t)
	toCallback := b.continueTo(t, id)
	for name, path := range map[string]string{
		"NoTicket":     "/authorize/callback?id=" + id,
		"ForgedTicket": "/authorize/callback?id=" + id + "&ticket=AAAA",
		"OtherTicket":  strings.Replace(toCallback, id, "other-request", 1),
	} {
		t.Run(name, func(t *testing.T) {
			if back := e.browser().visit(t, path); back.Query().Get("code") != "" || back.Path != api.ErrorScreen {
				t.Fatalf("a stranger at %s landed at %s, want the error screen", path, back)
			}
		})
	}
	back := b.visit(t, toCallback)
	if _, err := p.oauth.Exchange(context.Background(), back.Query().Get("code"), oauth2.VerifierOption(pk.verifier)); err != nil {
		t.Fatalf("the browser's own code after the strangers' tries: %v", err)
	}
}

// continueTo is the browser at api.ContinuePath for request id, once
// signed in: it returns the /authorize/callback address it is sent to.
func (b *browser) continueTo(t *testing.T, id string) string {
	t.Helper()
	resp, err := b.http.Get(b.e.url + api.ContinueURL(id))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	to := resp.Header.Get("Location")
	if !strings.HasPrefix(to, "/authorize/callback?") {
		t.Fatalf("continue sent the browser to %q, want /authorize/callback", to)
	}
	return to
}
