package postgres

import (
	"context"

	"github.com/porta-id/porta/api/store"
)

var memberships = table[store.Membership]{
	name:    "memberships",
	columns: []string{"org_id", "account_id", "role", "created_at"},
	keys:    2,
	fields: func(m *store.Membership) []any {
		return []any{&m.OrgID, &m.AccountID, &m.Role, (*ts)(&m.CreatedAt)}
	},
}

// PutMembership creates or replaces the membership of m.AccountID in m.OrgID.
func (s *Store) PutMembership(ctx context.Context, m store.Membership) error {
	return upsert(ctx, s, "put membership", memberships, m)
}

// GetMembership returns one membership; ErrNotFound.
func (s *Store) GetMembership(ctx context.Context, orgID, accountID string) (store.Membership, error) {
	return get(ctx, s, "get membership", memberships, orgID, accountID)
}

// DeleteMembership removes one membership; ErrNotFound.
func (s *Store) DeleteMembership(ctx context.Context, orgID, accountID string) error {
	return remove(ctx, s, "delete membership", memberships, orgID, accountID)
}

// ListMembershipsByAccount returns the account's memberships ordered by OrgID.
func (s *Store) ListMembershipsByAccount(ctx context.Context, accountID string) ([]store.Membership, error) {
	return list(ctx, s, "list memberships by account", memberships, "WHERE account_id = $1 ORDER BY org_id", accountID)
}

// ListMembershipsByOrg returns the organization's memberships ordered by AccountID.
func (s *Store) ListMembershipsByOrg(ctx context.Context, orgID string) ([]store.Membership, error) {
	return list(ctx, s, "list memberships by org", memberships, "WHERE org_id = $1 ORDER BY account_id", orgID)
}
