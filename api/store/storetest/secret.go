package storetest

import (
	"bytes"
	"crypto/rand"
	"sync/atomic"
	"testing"

	"github.com/porta-id/porta/api/store"
)

// randomSecret is a gen for Secret that counts its calls.
func randomSecret(calls *atomic.Int32) func() ([]byte, error) {
	return func() ([]byte, error) {
		calls.Add(1)
		b := make([]byte, 32)
		rand.Read(b)
		return b, nil
	}
}

func testSecret(t *testing.T, s store.Store) {
	var calls atomic.Int32
	first := MustSecret(t, s, "cookie", randomSecret(&calls))
	if calls.Load() != 1 || len(first) != 32 {
		t.Fatalf("first Secret: gen called %d times, %d bytes; want once, 32", calls.Load(), len(first))
	}
	want := bytes.Clone(first)
	first[0] ^= 0xff
	for range 2 {
		if got := MustSecret(t, s, "cookie", randomSecret(&calls)); !bytes.Equal(got, want) {
			t.Errorf("Secret = %x, want %x", got, want)
		}
	}
	if calls.Load() != 1 {
		t.Errorf("gen called %d times, want once", calls.Load())
	}
	if other := MustSecret(t, s, "totp", randomSecret(&calls)); bytes.Equal(other, want) {
		t.Error("two names share one secret")
	}
}

func testSecretGenError(t *testing.T, s store.Store) {
	_, err := s.Secret(t.Context(), "cookie", func() ([]byte, error) { return nil, errUpdater })
	assertErrorIs(t, err, errUpdater)
	var calls atomic.Int32
	MustSecret(t, s, "cookie", randomSecret(&calls))
	if calls.Load() != 1 {
		t.Errorf("gen called %d times after a failed first call, want once", calls.Load())
	}
}

func testSecretConcurrent(t *testing.T, s store.Store) {
	const n = 20
	var calls atomic.Int32
	got := make([][]byte, n)
	parallel(n, func(i int) {
		b, err := s.Secret(t.Context(), "cookie", randomSecret(&calls))
		if err != nil {
			t.Errorf("Secret %d: %v", i, err)
		}
		got[i] = b
	})
	for i := range got {
		if len(got[i]) == 0 || !bytes.Equal(got[i], got[0]) {
			t.Fatalf("concurrent first calls got different secrets: %x and %x", got[0], got[i])
		}
	}
}
