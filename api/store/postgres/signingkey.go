package postgres

import (
	"context"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/porta-id/porta/api/store"
)

var signingKeys = table[store.SigningKey]{
	name:    "signing_keys",
	columns: []string{"id", "algorithm", "private_key", "public_key", "created_at", "retired_at", "expires_at"},
	keys:    1,
	fields: func(k *store.SigningKey) []any {
		return []any{&k.ID, &k.Algorithm, &k.Private, &k.Public, (*ts)(&k.CreatedAt), (*ts)(&k.RetiredAt), (*ts)(&k.ExpiresAt)}
	},
}

// signingKeysLock is the first key of the transaction advisory lock that
// UpdateSigningKeys takes, the second being 0. A lock on the rows would
// not do: an empty set has none, and two first keys would both be added.
const signingKeysLock int32 = 0x736b // "sk"

// ListSigningKeys returns every signing key, oldest first by CreatedAt,
// ties by ID.
func (s *Store) ListSigningKeys(ctx context.Context) ([]store.SigningKey, error) {
	return list(ctx, s, "list signing keys", signingKeys, "ORDER BY created_at, id")
}

// UpdateSigningKeys replaces the whole set of signing keys with
// update(old) atomically, old in ListSigningKeys order: keys missing from
// the result are deleted, the others written. It returns the new set in
// ListSigningKeys order. ErrConflict when the result has an empty or
// repeated ID; update's own error as is, with nothing changed. update may
// run more than once. Calls from every process take turns on an advisory
// lock, and each reads the set once the one before has committed.
func (s *Store) UpdateSigningKeys(ctx context.Context, update func([]store.SigningKey) ([]store.SigningKey, error)) ([]store.SigningKey, error) {
	return inTx(ctx, s, "update signing keys", func(tx pgx.Tx) ([]store.SigningKey, error) {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, 0)", signingKeysLock); err != nil {
			return nil, err
		}
		old, err := signingKeys.query(ctx, tx, signingKeys.selectWhere("ORDER BY created_at, id"))
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
		kept := make([]string, 0, len(next))
		for _, k := range next {
			kept = append(kept, k.ID)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM signing_keys WHERE NOT id = ANY($1)", kept); err != nil {
			return nil, err
		}
		for _, k := range next {
			if _, err := tx.Exec(ctx, signingKeys.upsertSQL(), signingKeys.fields(&k)...); err != nil {
				return nil, err
			}
		}
		next = slices.Clone(next)
		slices.SortFunc(next, func(a, b store.SigningKey) int {
			if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		return next, nil
	})
}
