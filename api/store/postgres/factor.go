package postgres

import (
	"context"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/porta-id/porta/api/store"
)

var factors = table[store.Factor]{
	name: "factors",
	columns: []string{"account_id", "id", "kind", "pending", "secret", "phone", "code_hash", "last_step",
		"created_at", "last_used_at", "passkey"},
	keys: 2,
	fields: func(f *store.Factor) []any {
		return []any{&f.AccountID, &f.ID, &f.Kind, &f.Pending, &f.Secret, &f.Phone, &f.CodeHash, &f.LastStep,
			(*ts)(&f.CreatedAt), (*ts)(&f.LastUsedAt), &f.Passkey}
	},
}

// CreateFactor inserts f; ErrAlreadyExists when (AccountID, ID) exists.
func (s *Store) CreateFactor(ctx context.Context, f store.Factor) error {
	return insert(ctx, s, "create factor", factors, f)
}

// GetFactor returns one factor; ErrNotFound.
func (s *Store) GetFactor(ctx context.Context, accountID, id string) (store.Factor, error) {
	return get(ctx, s, "get factor", factors, accountID, id)
}

// UpdateFactor replaces the factor with update(old) atomically; ErrNotFound,
// ErrConflict when update changes the AccountID or ID, or update's own
// error. update may run more than once. Concurrent updates wait for the
// row's lock and then read the row as the previous one left it, so of
// several that accept one TOTP step only the first sees it unused.
func (s *Store) UpdateFactor(ctx context.Context, accountID, id string, update func(store.Factor) (store.Factor, error)) (store.Factor, error) {
	return modify(ctx, s, "update factor", factors, update, accountID, id)
}

// DeleteFactor removes one factor; ErrNotFound.
func (s *Store) DeleteFactor(ctx context.Context, accountID, id string) error {
	return remove(ctx, s, "delete factor", factors, accountID, id)
}

// ListFactors returns the account's factors ordered by CreatedAt, ties by ID.
func (s *Store) ListFactors(ctx context.Context, accountID string) ([]store.Factor, error) {
	return list(ctx, s, "list factors", factors, "WHERE account_id = $1 ORDER BY created_at, id", accountID)
}

// factorsLock is the first key of the transaction advisory lock that
// UpdateFactors takes per account, the second being a hash of the account
// ID. Row locks alone would not do: an account without factors has no row
// to lock, and two first sets would both be written. Two-key advisory
// locks never meet migrationLock, which has one key.
const factorsLock int32 = 0x6661 // "fa"

// lockKey hashes an ID into the second key of a two-key advisory lock
// (factorsLock, membershipsLock); IDs that share a hash only wait for
// each other.
func lockKey(id string) int32 {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int32(h.Sum32())
}

// UpdateFactors replaces the account's whole set of factors with
// update(old) atomically, old in ListFactors order: factors missing from
// the result are deleted, new ones created, the others written. It returns
// the new set in ListFactors order. ErrConflict when a returned factor has
// another AccountID or an empty or repeated ID, or an ID that a concurrent
// CreateFactor took; update's own error as is, with nothing changed.
// update may run more than once. Concurrent calls for one account take
// turns on an advisory lock, and each reads the set once the one before
// has committed; the rows are also locked, so a concurrent UpdateFactor or
// DeleteFactor waits.
func (s *Store) UpdateFactors(ctx context.Context, accountID string, update func([]store.Factor) ([]store.Factor, error)) ([]store.Factor, error) {
	return inTx(ctx, s, "update factors", func(tx pgx.Tx) ([]store.Factor, error) {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, $2)", factorsLock, lockKey(accountID)); err != nil {
			return nil, err
		}
		old, err := factors.query(ctx, tx, factors.selectWhere("WHERE account_id = $1 ORDER BY created_at, id FOR UPDATE"), accountID)
		if err != nil {
			return nil, err
		}
		next, err := update(slices.Clone(old))
		if err != nil {
			return nil, callerError{err}
		}
		if err := store.CheckFactorSet(accountID, next); err != nil {
			return nil, err
		}
		stored := make(map[string]bool, len(old))
		for _, f := range old {
			stored[f.ID] = true
		}
		kept := make(map[string]bool, len(next))
		for _, f := range next {
			kept[f.ID] = true
			sql := factors.insertSQL()
			if stored[f.ID] {
				sql = factors.updateSQL()
			}
			if _, err := tx.Exec(ctx, sql, factors.fields(&f)...); err != nil {
				return nil, uniqueAs(err, store.ErrConflict)
			}
		}
		var gone []string
		for _, f := range old {
			if !kept[f.ID] {
				gone = append(gone, f.ID)
			}
		}
		if len(gone) > 0 {
			if _, err := tx.Exec(ctx, "DELETE FROM factors WHERE account_id = $1 AND id = ANY($2)", accountID, gone); err != nil {
				return nil, err
			}
		}
		next = slices.Clone(next)
		slices.SortFunc(next, func(a, b store.Factor) int {
			if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		return next, nil
	})
}
