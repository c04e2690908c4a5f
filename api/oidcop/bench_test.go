package oidcop_test

import (
	"context"
	"testing"

	"golang.org/x/oauth2"

	"github.com/porta-id/porta/api/oidcop"
)

// BenchmarkCodeExchange is one authorization-code exchange at the token
// endpoint, in process; make bench measures it over the real binary.
func BenchmarkCodeExchange(b *testing.B) {
	e := mustPorta(b)
	p := e.mustProduct(b, oidcop.NewClient{FirstParty: true})
	br := e.browser()
	type prepared struct {
		code string
		pk   pkce
	}
	codes := make([]prepared, b.N)
	for i := range codes {
		pk := newPKCE()
		codes[i] = prepared{br.code(b, p, pk), pk}
	}
	b.ResetTimer()
	for i := range b.N {
		if _, err := p.oauth.Exchange(context.Background(), codes[i].code, oauth2.VerifierOption(codes[i].pk.verifier)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUserinfo is one userinfo read with an access token.
func BenchmarkUserinfo(b *testing.B) {
	e := mustPorta(b)
	p := e.mustProduct(b, oidcop.NewClient{FirstParty: true})
	tok := e.mustTokens(b, p, e.browser())
	ts := oauth2.StaticTokenSource(tok)
	b.ResetTimer()
	for range b.N {
		if _, err := p.provider.UserInfo(context.Background(), ts); err != nil {
			b.Fatal(err)
		}
	}
}
