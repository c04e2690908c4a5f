package bolt

import (
	"context"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// accounts_by_email maps an email to its account's ID.
var accounts = table[store.Account]{
	bucket:  bucketAccounts,
	key:     func(a store.Account) string { return a.ID },
	reindex: uniqueIndex(bucketAccountsByEmail, func(a store.Account) string { return a.Email }, func(a store.Account) string { return a.ID }),
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
	return read(ctx, s, "get account by email", func(tx *bbolt.Tx) (store.Account, error) {
		return accounts.getBy(tx, bucketAccountsByEmail, email)
	})
}

// UpdateAccount replaces the account with update(old) atomically;
// ErrNotFound, ErrConflict (email taken by another account, or ID changed),
// or update's own error.
func (s *Store) UpdateAccount(ctx context.Context, id string, update func(store.Account) (store.Account, error)) (store.Account, error) {
	return modify(ctx, s, "update account", accounts, id, update)
}

// ListAccounts returns every account ordered by email.
func (s *Store) ListAccounts(ctx context.Context) ([]store.Account, error) {
	return read(ctx, s, "list accounts", func(tx *bbolt.Tx) ([]store.Account, error) {
		return accounts.listIndex(tx, bucketAccountsByEmail, "", 0, indexValue)
	})
}

// indexValue is the record key that a unique index entry names: its value.
func indexValue(_, value []byte) string { return string(value) }
