package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/porta-id/porta/api/identity"
)

// loadSecretsKey reads the key that seals TOTP secrets, creating it (mode
// 0600) on first start. It lives beside the data, never inside the
// database, so a database copy alone reveals no authenticator key. With
// several replicas every one must have the same file.
func loadSecretsKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		if len(b) != identity.SecretsKeySize {
			return nil, fmt.Errorf("secrets key %s: want %d bytes, found %d", path, identity.SecretsKeySize, len(b))
		}
		return b, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("secrets key: %w", err)
	}
	key := make([]byte, identity.SecretsKeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("secrets key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return loadSecretsKey(path) // another process made it first
	} else if err != nil {
		return nil, fmt.Errorf("secrets key: %w", err)
	}
	if _, err := f.Write(key); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	return key, f.Close()
}
