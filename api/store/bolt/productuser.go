package bolt

import (
	"context"
	"strings"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// product_users are keyed productUserKey(client, org, user), so an
// organization's users of one product are one key range;
// product_users_by_account maps productUserKey(client, org, account) of a
// linked user to its key, which makes an account one user per product and
// organization.
var productUsers = table[store.ProductUser]{
	bucket: bucketProductUsers,
	key:    func(u store.ProductUser) string { return productUserKey(u.ClientID, u.OrgID, u.UserID) },
	fresh: func(key string) store.ProductUser {
		parts := strings.SplitN(key, "\x00", 3)
		return store.ProductUser{ClientID: parts[0], OrgID: parts[1], UserID: parts[2]}
	},
	reindex: uniqueSetIndex(bucketProductUsersByAcct, func(u store.ProductUser) []string {
		if u.AccountID == "" {
			return nil
		}
		return []string{productUserKey(u.ClientID, u.OrgID, u.AccountID)}
	}, func(u store.ProductUser) string { return productUserKey(u.ClientID, u.OrgID, u.UserID) }),
}

func productUserKey(clientID, orgID, id string) string { return pair(pair(clientID, orgID), id) }

// UpdateProductUser stores update(old) as the user (clientID, orgID,
// userID) atomically, starting from a fresh user when there is none;
// ErrConflict (key changed, or the account is another user's).
func (s *Store) UpdateProductUser(ctx context.Context, clientID, orgID, userID string, update func(store.ProductUser) (store.ProductUser, error)) (store.ProductUser, error) {
	return modify(ctx, s, "update product user", productUsers, productUserKey(clientID, orgID, userID), update)
}

// GetProductUser returns one user; ErrNotFound.
func (s *Store) GetProductUser(ctx context.Context, clientID, orgID, userID string) (store.ProductUser, error) {
	return get(ctx, s, "get product user", productUsers, productUserKey(clientID, orgID, userID))
}

// GetProductUserByAccount returns the user linked to accountID; ErrNotFound.
func (s *Store) GetProductUserByAccount(ctx context.Context, clientID, orgID, accountID string) (store.ProductUser, error) {
	return read(ctx, s, "get product user by account", func(tx *bbolt.Tx) (store.ProductUser, error) {
		return productUsers.getBy(tx, bucketProductUsersByAcct, productUserKey(clientID, orgID, accountID))
	})
}

// ListProductUsers returns the client's users in the organization ordered
// by UserID: one key range.
func (s *Store) ListProductUsers(ctx context.Context, clientID, orgID string) ([]store.ProductUser, error) {
	return read(ctx, s, "list product users", func(tx *bbolt.Tx) ([]store.ProductUser, error) {
		return productUsers.listPrefix(tx, productUserKey(clientID, orgID, ""))
	})
}
