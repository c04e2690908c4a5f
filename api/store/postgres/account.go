package postgres

import (
	"context"

	"github.com/porta-id/porta/api/store"
)

var accounts = table[store.Account]{
	name:    "accounts",
	columns: []string{"id", "email", "name", "email_verified", "password_hash", "password_changed_at", "created_at", "updated_at", "current_org_id"},
	keys:    1,
	fields: func(a *store.Account) []any {
		return []any{&a.ID, &a.Email, &a.Name, &a.EmailVerified, &a.PasswordHash, (*ts)(&a.PasswordChangedAt), (*ts)(&a.CreatedAt), (*ts)(&a.UpdatedAt), &a.CurrentOrgID}
	},
}

// CreateAccount inserts a; ErrAlreadyExists when the ID or Email is taken.
func (s *Store) CreateAccount(ctx context.Context, a store.Account) error {
	return insert(ctx, s, "create account", accounts, a)
}

// GetAccount returns the account with id; ErrNotFound.
func (s *Store) GetAccount(ctx context.Context, id string) (store.Account, error) {
	return get(ctx, s, "get account", accounts, id)
}

// GetAccountByEmail returns the account with the normalized email; ErrNotFound.
func (s *Store) GetAccountByEmail(ctx context.Context, email string) (store.Account, error) {
	return one(ctx, s, "get account by email", accounts, accounts.selectWhere("WHERE email = $1"), email)
}

// UpdateAccount replaces the account with update(old) atomically;
// ErrNotFound, ErrConflict (email taken by another account, or ID changed),
// or update's own error. update may run more than once.
func (s *Store) UpdateAccount(ctx context.Context, id string, update func(store.Account) (store.Account, error)) (store.Account, error) {
	return modify(ctx, s, "update account", accounts, update, id)
}

// ListAccounts returns every account ordered by email.
func (s *Store) ListAccounts(ctx context.Context) ([]store.Account, error) {
	return list(ctx, s, "list accounts", accounts, "ORDER BY email")
}
