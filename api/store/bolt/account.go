package bolt

import (
	"context"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

var accounts = table[store.Account]{
	bucket:  bucketAccounts,
	key:     func(a store.Account) string { return a.ID },
	reindex: reindexAccount,
}

// reindexAccount keeps accounts_by_email (email → id) in step; a taken
// email is ErrAlreadyExists on insert and ErrConflict on update.
func reindexAccount(tx *bbolt.Tx, old, new *store.Account) error {
	if old != nil && new != nil && old.Email == new.Email {
		return nil
	}
	idx := tx.Bucket(bucketAccountsByEmail)
	if old != nil {
		if err := idx.Delete([]byte(old.Email)); err != nil {
			return err
		}
	}
	if new == nil {
		return nil
	}
	if idx.Get([]byte(new.Email)) != nil {
		if old == nil {
			return store.ErrAlreadyExists
		}
		return store.ErrConflict
	}
	return idx.Put([]byte(new.Email), []byte(new.ID))
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
	var a store.Account
	err := s.view(ctx, "get account by email", func(tx *bbolt.Tx) (err error) {
		id := tx.Bucket(bucketAccountsByEmail).Get([]byte(email))
		if id == nil {
			return store.ErrNotFound
		}
		a, err = accounts.mustGet(tx, string(id))
		return err
	})
	return a, err
}

// UpdateAccount replaces the account with update(old) atomically;
// ErrNotFound, ErrConflict (email taken by another account, or ID changed),
// or update's own error.
func (s *Store) UpdateAccount(ctx context.Context, id string, update func(store.Account) (store.Account, error)) (store.Account, error) {
	return modify(ctx, s, "update account", accounts, id, update)
}

// ListAccounts returns every account ordered by email.
func (s *Store) ListAccounts(ctx context.Context) ([]store.Account, error) {
	var list []store.Account
	err := s.view(ctx, "list accounts", func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketAccountsByEmail).ForEach(func(_, id []byte) error {
			a, err := accounts.mustGet(tx, string(id))
			list = append(list, a)
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}
