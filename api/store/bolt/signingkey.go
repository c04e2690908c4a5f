package bolt

import (
	"context"
	"slices"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// signingKeys are a handful (the current key, the next, the retired ones
// still published), so a list sorts them rather than keeping an index by
// CreatedAt.
var signingKeys = table[store.SigningKey]{
	bucket: bucketSigningKeys,
	key:    func(k store.SigningKey) string { return k.ID },
}

// ListSigningKeys returns every signing key, oldest first by CreatedAt,
// ties by ID.
func (s *Store) ListSigningKeys(ctx context.Context) ([]store.SigningKey, error) {
	return read(ctx, s, "list signing keys", listSigningKeys)
}

func listSigningKeys(tx *bbolt.Tx) ([]store.SigningKey, error) {
	list, err := signingKeys.listPrefix(tx, "")
	sortOldestFirst(list, func(k store.SigningKey) time.Time { return k.CreatedAt }, func(k store.SigningKey) string { return k.ID })
	return list, err
}

// UpdateSigningKeys replaces the whole set of signing keys with
// update(old) atomically, old in ListSigningKeys order: keys missing from
// the result are deleted, the others written. It returns the new set in
// ListSigningKeys order. ErrConflict when the result has an empty or
// repeated ID; update's own error as is, with nothing changed. bbolt's
// single writer and its file lock make calls take turns, so each update
// sees the set the one before left.
func (s *Store) UpdateSigningKeys(ctx context.Context, update func([]store.SigningKey) ([]store.SigningKey, error)) ([]store.SigningKey, error) {
	return write(ctx, s, "update signing keys", func(tx *bbolt.Tx) ([]store.SigningKey, error) {
		old, err := listSigningKeys(tx)
		if err != nil {
			return nil, err
		}
		next, err := update(slices.Clone(old))
		if err != nil {
			return nil, callerError{err}
		}
		if err := store.CheckSigningKeySet(next); err != nil {
			return nil, err
		}
		byID := make(map[string]*store.SigningKey, len(old))
		for i := range old {
			byID[old[i].ID] = &old[i]
		}
		kept := make(map[string]bool, len(next))
		for _, k := range next {
			kept[k.ID] = true
			if err := signingKeys.put(tx, byID[k.ID], k); err != nil {
				return nil, err
			}
		}
		for i := range old {
			if !kept[old[i].ID] {
				if err := signingKeys.remove(tx, &old[i]); err != nil {
					return nil, err
				}
			}
		}
		next = slices.Clone(next)
		sortOldestFirst(next, func(k store.SigningKey) time.Time { return k.CreatedAt }, func(k store.SigningKey) string { return k.ID })
		return next, nil
	})
}
