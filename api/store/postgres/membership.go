package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

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

// membershipsLock is the first key of the advisory lock UpdateMembership
// takes per organization (the second is lockKey(orgID)): the count it
// hands to update must not change before the write.
const membershipsLock int32 = 0x6d62 // "mb"

// UpdateMembership applies update to one membership under the
// organization's lock.
func (s *Store) UpdateMembership(ctx context.Context, orgID, accountID, countRole string, update func(store.Membership, int) (*store.Membership, error)) (*store.Membership, error) {
	return inTx(ctx, s, "update membership", func(tx pgx.Tx) (*store.Membership, error) {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, $2)", membershipsLock, lockKey(orgID)); err != nil {
			return nil, err
		}
		old, err := memberships.queryOne(ctx, tx, memberships.selectWhere(memberships.byKey()+" FOR UPDATE"), orgID, accountID)
		if err != nil {
			return nil, err
		}
		var n int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM memberships WHERE org_id = $1 AND role = $2", orgID, countRole).Scan(&n); err != nil {
			return nil, err
		}
		next, err := update(old, n)
		if err != nil {
			return nil, callerError{err}
		}
		if next == nil {
			_, err = tx.Exec(ctx, "DELETE FROM memberships "+memberships.byKey(), orgID, accountID)
			return nil, err
		}
		if next.OrgID != orgID || next.AccountID != accountID {
			return nil, store.ErrConflict
		}
		_, err = tx.Exec(ctx, memberships.updateSQL(), memberships.fields(next)...)
		return next, err
	})
}
