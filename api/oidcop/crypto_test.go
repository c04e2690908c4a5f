package oidcop

import (
	"strings"
	"testing"

	"github.com/zitadel/oidc/v3/pkg/op"
)

func TestAccessTokenCrypto(t *testing.T) {
	key := [32]byte{1, 2, 3}
	c, err := newAccessTokenCrypto(key)
	if err != nil {
		t.Fatal(err)
	}
	const plain = "grant-1.1767225600:account-1"
	sealed, err := c.Encrypt(plain)
	if err != nil || !strings.HasPrefix(sealed, sealedPrefix) || strings.Contains(sealed, "grant-1") {
		t.Fatalf("Encrypt: %q, %v; want it sealed", sealed, err)
	}
	if again, _ := c.Encrypt(plain); again == sealed {
		t.Fatal("two seals of one token are the same: the nonce is not fresh")
	}
	if got, err := c.Decrypt(sealed); err != nil || got != plain {
		t.Fatalf("Decrypt: %q, %v", got, err)
	}
	// A token op sealed before, with the same key, still opens.
	old, _ := op.NewAES256GCMCrypto(key, "").Encrypt(plain)
	if got, err := c.Decrypt(old); err != nil || got != plain {
		t.Fatalf("Decrypt of op's seal: %q, %v", got, err)
	}
	other, _ := newAccessTokenCrypto([32]byte{9})
	flipped := []byte(sealed)
	flipped[len(flipped)-2] ^= 1
	for name, bad := range map[string]string{
		"another key": mustSeal(t, other, plain),
		"tampered":    string(flipped),
		"cut short":   sealedPrefix + "AAAA",
		"not base64":  sealedPrefix + "!!!",
		"garbage":     "x.y.z",
		"empty":       "",
	} {
		if got, err := c.Decrypt(bad); err == nil {
			t.Errorf("%s: Decrypt gave %q, want an error", name, got)
		}
	}
}

func mustSeal(t *testing.T, c *accessTokenCrypto, plain string) string {
	t.Helper()
	s, err := c.Encrypt(plain)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
