package bolt

import (
	"context"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// factors are keyed pair(accountID, id), so an account's are one key range.
// An account has a handful, so a list sorts them rather than keeping an
// index by CreatedAt.
var factors = table[store.Factor]{
	bucket: bucketFactors,
	key:    func(f store.Factor) string { return pair(f.AccountID, f.ID) },
}

// CreateFactor inserts f; ErrAlreadyExists when (AccountID, ID) exists.
func (s *Store) CreateFactor(ctx context.Context, f store.Factor) error {
	return insert(ctx, s, "create factor", factors, f)
}

// GetFactor returns one factor; ErrNotFound.
func (s *Store) GetFactor(ctx context.Context, accountID, id string) (store.Factor, error) {
	return get(ctx, s, "get factor", factors, pair(accountID, id))
}

// UpdateFactor replaces the factor with update(old) atomically; ErrNotFound,
// ErrConflict when update changes the AccountID or ID, or update's own
// error. bbolt's single writer makes concurrent updates take turns, so of
// several that accept one TOTP step only the first sees it unused.
func (s *Store) UpdateFactor(ctx context.Context, accountID, id string, update func(store.Factor) (store.Factor, error)) (store.Factor, error) {
	return modify(ctx, s, "update factor", factors, pair(accountID, id), update)
}

// DeleteFactor removes one factor; ErrNotFound.
func (s *Store) DeleteFactor(ctx context.Context, accountID, id string) error {
	return remove(ctx, s, "delete factor", factors, pair(accountID, id))
}

// ListFactors returns the account's factors ordered by CreatedAt, ties by ID.
func (s *Store) ListFactors(ctx context.Context, accountID string) ([]store.Factor, error) {
	list, err := read(ctx, s, "list factors", func(tx *bbolt.Tx) ([]store.Factor, error) {
		return factors.listPrefix(tx, pair(accountID, ""))
	})
	sortOldestFirst(list, func(f store.Factor) time.Time { return f.CreatedAt }, func(f store.Factor) string { return f.ID })
	return list, err
}
