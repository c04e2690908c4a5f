package identity

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// randomBytes reads n bytes from the injected source.
func (s *Service) randomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(s.rand, b); err != nil {
		return nil, fmt.Errorf("random: %w", err)
	}
	return b, nil
}

// newID returns a 128-bit random identifier (26 lowercase characters).
func (s *Service) newID() (string, error) {
	b, err := s.randomBytes(16)
	if err != nil {
		return "", err
	}
	return idEncoding.EncodeToString(b), nil
}

// newSecret returns a 256-bit random secret, URL safe.
func (s *Service) newSecret() (string, error) {
	b, err := s.randomBytes(32)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashSecret is how one-time secrets and session secrets are stored. They
// carry 256 bits, so a fast hash is enough; passwords use argon2id.
func hashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

func hashSecretHex(secret string) string { return hex.EncodeToString(hashSecret(secret)) }

func secretMatches(secret string, hash []byte) bool {
	return subtle.ConstantTimeCompare(hashSecret(secret), hash) == 1
}

// splitToken splits "id.secret".
func splitToken(token string) (id, secret string, ok bool) {
	id, secret, ok = strings.Cut(token, ".")
	return id, secret, ok && id != "" && secret != ""
}
