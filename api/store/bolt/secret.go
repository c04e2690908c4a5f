package bolt

import (
	"bytes"
	"context"
	"errors"

	"go.etcd.io/bbolt"
)

// Secret returns the named server secret, creating it with gen on first
// use; gen runs at most once per name, and its error is returned as is.
func (s *Store) Secret(ctx context.Context, name string, gen func() ([]byte, error)) ([]byte, error) {
	var secret []byte
	lookup := func(tx *bbolt.Tx) error {
		secret = bytes.Clone(tx.Bucket(bucketSecrets).Get([]byte(name)))
		return nil
	}
	if err := s.view(ctx, "secret", lookup); err != nil || secret != nil {
		return secret, err
	}
	err := s.updateAlone(ctx, "secret", func(tx *bbolt.Tx) error {
		if lookup(tx); secret != nil {
			return nil
		}
		b, err := gen()
		if err != nil {
			return callerError{err}
		}
		if len(b) == 0 {
			return errors.New("generator returned no bytes")
		}
		secret = bytes.Clone(b)
		return tx.Bucket(bucketSecrets).Put([]byte(name), secret)
	})
	if err != nil {
		return nil, err
	}
	return secret, nil
}

// ListSecrets returns every server secret by name.
func (s *Store) ListSecrets(ctx context.Context) (map[string][]byte, error) {
	return read(ctx, s, "list secrets", func(tx *bbolt.Tx) (map[string][]byte, error) {
		out := map[string][]byte{}
		err := eachPrefix(tx, bucketSecrets, nil, func(k, v []byte) error {
			out[string(k)] = bytes.Clone(v)
			return nil
		})
		return out, err
	})
}
