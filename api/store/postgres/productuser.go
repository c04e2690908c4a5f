package postgres

import (
	"context"

	"github.com/porta-id/porta/api/store"
)

var productUsers = table[store.ProductUser]{
	name: "product_users",
	columns: []string{"client_id", "org_id", "user_id", "display_name", "emails", "postponed_until",
		"account_id", "linked_at", "created_at", "updated_at"},
	keys:  3,
	fresh: true,
	fields: func(u *store.ProductUser) []any {
		return []any{&u.ClientID, &u.OrgID, &u.UserID, &u.DisplayName, &u.Emails, (*ts)(&u.PostponedUntil),
			&u.AccountID, (*ts)(&u.LinkedAt), (*ts)(&u.CreatedAt), (*ts)(&u.UpdatedAt)}
	},
}

// UpdateProductUser stores update(old) as the user (clientID, orgID,
// userID) atomically, starting from a fresh user when there is none;
// ErrConflict (key changed, or the account is another user's, which
// product_users_account enforces).
func (s *Store) UpdateProductUser(ctx context.Context, clientID, orgID, userID string, update func(store.ProductUser) (store.ProductUser, error)) (store.ProductUser, error) {
	return modify(ctx, s, "update product user", productUsers, update, clientID, orgID, userID)
}

// GetProductUser returns one user; ErrNotFound.
func (s *Store) GetProductUser(ctx context.Context, clientID, orgID, userID string) (store.ProductUser, error) {
	return get(ctx, s, "get product user", productUsers, clientID, orgID, userID)
}

// GetProductUserByAccount returns the user linked to accountID; ErrNotFound.
func (s *Store) GetProductUserByAccount(ctx context.Context, clientID, orgID, accountID string) (store.ProductUser, error) {
	return one(ctx, s, "get product user by account", productUsers,
		productUsers.selectWhere("WHERE client_id = $1 AND org_id = $2 AND account_id = $3 AND account_id <> ''"), clientID, orgID, accountID)
}

// ListProductUsers returns the client's users in the organization ordered
// by UserID, from the primary key's range.
func (s *Store) ListProductUsers(ctx context.Context, clientID, orgID string) ([]store.ProductUser, error) {
	return list(ctx, s, "list product users", productUsers, "WHERE client_id = $1 AND org_id = $2 ORDER BY user_id", clientID, orgID)
}
