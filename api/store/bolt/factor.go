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
	sortFactors(list)
	return list, err
}

// UpdateFactors replaces the account's whole set of factors with
// update(old) atomically, old in ListFactors order: factors missing from
// the result are deleted, new ones created, the others written. It returns
// the new set in ListFactors order. ErrConflict when a returned factor has
// another AccountID or an empty or repeated ID; update's own error as is,
// with nothing changed. bbolt's single writer makes concurrent calls take
// turns, so each update sees the set the one before left.
func (s *Store) UpdateFactors(ctx context.Context, accountID string, update func([]store.Factor) ([]store.Factor, error)) ([]store.Factor, error) {
	return write(ctx, s, "update factors", func(tx *bbolt.Tx) ([]store.Factor, error) {
		old, err := factors.listPrefix(tx, pair(accountID, ""))
		if err != nil {
			return nil, err
		}
		sortFactors(old)
		byID := make(map[string]*store.Factor, len(old))
		for i := range old {
			byID[old[i].ID] = &old[i]
		}
		next, err := update(append([]store.Factor(nil), old...))
		if err != nil {
			return nil, callerError{err}
		}
		if err := store.CheckFactorSet(accountID, next); err != nil {
			return nil, err
		}
		kept := make(map[string]bool, len(next))
		for _, f := range next {
			kept[f.ID] = true
			if err := factors.put(tx, byID[f.ID], f); err != nil {
				return nil, err
			}
		}
		for i := range old {
			if !kept[old[i].ID] {
				if err := factors.remove(tx, &old[i]); err != nil {
					return nil, err
				}
			}
		}
		next = append([]store.Factor(nil), next...)
		sortFactors(next)
		return next, nil
	})
}

// sortFactors puts list in ListFactors order.
func sortFactors(list []store.Factor) {
	sortOldestFirst(list, func(f store.Factor) time.Time { return f.CreatedAt }, func(f store.Factor) string { return f.ID })
}
