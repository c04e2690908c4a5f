package postgres

import (
	"context"

	"github.com/porta-id/porta/api/store"
)

var factors = table[store.Factor]{
	name: "factors",
	columns: []string{"account_id", "id", "kind", "pending", "secret", "phone", "code_hash", "last_step",
		"created_at", "last_used_at"},
	keys: 2,
	fields: func(f *store.Factor) []any {
		return []any{&f.AccountID, &f.ID, &f.Kind, &f.Pending, &f.Secret, &f.Phone, &f.CodeHash, &f.LastStep,
			(*ts)(&f.CreatedAt), (*ts)(&f.LastUsedAt)}
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
