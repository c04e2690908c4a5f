package oidcop_test

import (
	"context"
	"sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/porta-id/porta/api/oidcop"
)

// TestCodeRedeemedOnceUnderConcurrency: of many exchanges of one code at
// the same moment, exactly one gets tokens.
func TestCodeRedeemedOnceUnderConcurrency(t *testing.T) {
	const n = 16
	e := mustPorta(t)
	for name, public := range map[string]bool{"Confidential": false, "Public": true} {
		t.Run(name, func(t *testing.T) {
			p := e.mustProduct(t, oidcop.NewClient{FirstParty: true, Public: public})
			if public {
				p.oauth.ClientSecret = ""
			}
			pk := newPKCE()
			code := e.mustCode(t, p, pk)
			var (
				wg     sync.WaitGroup
				start  = make(chan struct{})
				mu     sync.Mutex
				tokens []*oauth2.Token
				errs   []error
			)
			for range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					tok, err := p.oauth.Exchange(context.Background(), code, oauth2.VerifierOption(pk.verifier))
					mu.Lock()
					defer mu.Unlock()
					if err != nil {
						errs = append(errs, err)
					} else {
						tokens = append(tokens, tok)
					}
				}()
			}
			close(start)
			wg.Wait()
			if len(tokens) != 1 {
				t.Fatalf("%d of %d concurrent exchanges of one code got tokens, want 1", len(tokens), n)
			}
			for _, err := range errs {
				wantOAuthError(t, err, "invalid_grant")
			}
		})
	}
}
