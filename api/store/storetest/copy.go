package storetest

import (
	"bytes"
	"testing"

	"github.com/porta-id/porta/api/store"
)

// The List methods that exist so a whole store can be copied.

func testListFailures(t *testing.T, s store.Store) {
	b, a := newFailures("email:b@example.com"), newFailures("email:a@example.com")
	for _, f := range []store.Failures{b, a} {
		MustUpdateFailures(t, s, f)
	}
	got, err := s.ListFailures(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	assertEqualList(t, got, []store.Failures{a, b})
}

func testListTokens(t *testing.T, s store.Store) {
	b, a := newToken("h2", "reset", "a1"), newToken("h1", "activation", "a2")
	for _, tok := range []store.Token{b, a} {
		MustCreateToken(t, s, tok)
	}
	got, err := s.ListTokens(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	assertEqualList(t, got, []store.Token{a, b})
}

func testListSecrets(t *testing.T, s store.Store) {
	want := map[string][]byte{"one": []byte("first"), "two": {0, 1, 2, 255}}
	for name, v := range want {
		MustSecret(t, s, name, func() ([]byte, error) { return v, nil })
	}
	got, err := s.ListSecrets(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("ListSecrets = %d secrets, want %d", len(got), len(want))
	}
	for name, v := range want {
		if !bytes.Equal(got[name], v) {
			t.Errorf("secret %q = %v, want %v", name, got[name], v)
		}
	}
}
