package identity

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
)

// SecretsKeySize is the length of the key that seals secrets at rest.
const SecretsKeySize = 32

// secretBox seals secrets kept in the store (TOTP keys) with AES-256-GCM
// under a key that lives outside the database, so a copy of the database
// alone does not yield anyone's authenticator codes.
type secretBox struct {
	aead cipher.AEAD
	// codeKey keys the HMAC of short one-time codes (SMS), derived from
	// the same key so a database copy cannot brute-force them offline.
	codeKey []byte
	rand    io.Reader
}

func newSecretBox(key []byte, rand io.Reader) (*secretBox, error) {
	if len(key) != SecretsKeySize {
		return nil, fmt.Errorf("secrets key: want %d bytes, got %d", SecretsKeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("porta one-time codes"))
	return &secretBox{aead: aead, codeKey: m.Sum(nil), rand: rand}, nil
}

// seal encrypts plain; the nonce travels in front of the ciphertext.
func (b *secretBox) seal(plain []byte) ([]byte, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := io.ReadFull(b.rand, nonce); err != nil {
		return nil, err
	}
	return b.aead.Seal(nonce, nonce, plain, nil), nil
}

// open decrypts what seal made.
func (b *secretBox) open(sealed []byte) ([]byte, error) {
	n := b.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("sealed secret too short")
	}
	return b.aead.Open(nil, sealed[:n], sealed[n:], nil)
}

// codeMAC is the stored form of a short one-time code.
func (b *secretBox) codeMAC(code string) []byte {
	m := hmac.New(sha256.New, b.codeKey)
	m.Write([]byte(code))
	return m.Sum(nil)
}

// derive returns a 32-byte key for purpose, bound to the secrets key, so
// each use has its own key and none reveals another.
func (b *secretBox) derive(purpose string) []byte {
	m := hmac.New(sha256.New, b.codeKey)
	m.Write([]byte("porta derived key: " + purpose))
	return m.Sum(nil)
}
