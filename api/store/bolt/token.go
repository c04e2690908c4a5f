package bolt

import (
	"context"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

var tokens = table[store.Token]{
	bucket: bucketTokens,
	key:    func(t store.Token) string { return t.Hash },
}

// CreateToken inserts t; ErrAlreadyExists when the hash exists.
func (s *Store) CreateToken(ctx context.Context, t store.Token) error {
	return insert(ctx, s, "create token", tokens, t)
}

// ConsumeToken deletes and returns the token with hash and kind if it has
// not expired at now (ExpiresAt after now); ErrNotFound otherwise. An
// expired token stays until DeleteTokens removes it.
func (s *Store) ConsumeToken(ctx context.Context, kind, hash string, now time.Time) (store.Token, error) {
	var t store.Token
	err := s.update(ctx, "consume token", func(tx *bbolt.Tx) error {
		old, err := tokens.get(tx, hash)
		if err != nil || old == nil || old.Kind != kind || !now.Before(old.ExpiresAt) {
			return orNotFound(err)
		}
		t = *old
		return tokens.remove(tx, old)
	})
	if err != nil {
		return store.Token{}, err
	}
	return t, nil
}

// UpdateToken replaces the token with update(old) atomically; ErrNotFound,
// ErrConflict when update changes the Hash, or update's own error.
func (s *Store) UpdateToken(ctx context.Context, hash string, update func(store.Token) (store.Token, error)) (store.Token, error) {
	return modify(ctx, s, "update token", tokens, hash, update)
}

// DeleteTokens removes every token of kind for accountID.
func (s *Store) DeleteTokens(ctx context.Context, kind, accountID string) error {
	return s.update(ctx, "delete tokens", func(tx *bbolt.Tx) error {
		_, err := tokens.removeWhere(tx, func(t store.Token) bool { return t.Kind == kind && t.AccountID == accountID })
		return err
	})
}
