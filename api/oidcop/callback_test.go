package oidcop_test

import (
	"context"
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
	first := b.visit(t, api.ContinueURL(id)).Query().Get("code")
	if first == "" {
		t.Fatal("no code")
	}
	for name, who := range map[string]*browser{"Stranger": e.browser(), "SamePerson": b} {
		t.Run(name, func(t *testing.T) {
			back := who.visit(t, "/authorize/callback?id="+id)
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
