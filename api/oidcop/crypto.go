package oidcop

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/op"
)

// accessTokenCrypto seals op's opaque access tokens ("tokenID:subject")
// with AES-256-GCM: authenticated like op's default, a JWE, at a tenth of
// its cost — which is most of what a userinfo call spends beyond its
// reads. Tokens sealed by op's default before are still opened, for the
// rest of their short lives.
type accessTokenCrypto struct {
	aead   cipher.AEAD
	before op.Crypto
}

// sealedPrefix marks tokens accessTokenCrypto sealed (and names the
// format, so it can change).
const sealedPrefix = "p1."

func newAccessTokenCrypto(key [32]byte) (*accessTokenCrypto, error) {
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &accessTokenCrypto{aead: aead, before: op.NewAES256GCMCrypto(key, "")}, nil
}

func (c *accessTokenCrypto) Encrypt(plain string) (string, error) {
	nonce := make([]byte, c.aead.NonceSize(), c.aead.NonceSize()+len(plain)+c.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return sealedPrefix + base64.RawURLEncoding.EncodeToString(c.aead.Seal(nonce, nonce, []byte(plain), nil)), nil
}

var errSealed = errors.New("access token: not sealed by this provider")

func (c *accessTokenCrypto) Decrypt(sealed string) (string, error) {
	rest, ok := strings.CutPrefix(sealed, sealedPrefix)
	if !ok {
		return c.before.Decrypt(sealed)
	}
	b, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil || len(b) < c.aead.NonceSize() {
		return "", errSealed
	}
	plain, err := c.aead.Open(nil, b[:c.aead.NonceSize()], b[c.aead.NonceSize():], nil)
	if err != nil {
		return "", errSealed
	}
	return string(plain), nil
}
