package identity

import (
	"context"
	"crypto/rand"
	"testing"
)

// BenchmarkArgon2idHash is the hash-only ceiling for password sign-ins:
// one verify per sign-in at the production parameters, on every core.
func BenchmarkArgon2idHash(b *testing.B) {
	h := NewHasher(DefaultArgon2, 64, 0, rand.Reader)
	phc, err := h.Hash(context.Background(), "Correct-Horse-7")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if ok, _, _ := h.Verify(context.Background(), "", phc, "Correct-Horse-7"); !ok {
				b.Fatal("verify failed")
			}
		}
	})
}
