package bolt

import (
	"context"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// memberships are keyed pair(orgID, accountID), so an organization's are
// one key range; memberships_by_account holds pair(accountID, orgID).
var memberships = table[store.Membership]{
	bucket: bucketMemberships,
	key:    func(m store.Membership) string { return pair(m.OrgID, m.AccountID) },
	reindex: keyIndex(bucketMembershipsByAcct, func(m store.Membership) []byte {
		return []byte(pair(m.AccountID, m.OrgID))
	}),
}

// PutMembership creates or replaces the membership of m.AccountID in m.OrgID.
func (s *Store) PutMembership(ctx context.Context, m store.Membership) error {
	return upsert(ctx, s, "put membership", memberships, m)
}

// GetMembership returns one membership; ErrNotFound.
func (s *Store) GetMembership(ctx context.Context, orgID, accountID string) (store.Membership, error) {
	return get(ctx, s, "get membership", memberships, pair(orgID, accountID))
}

// DeleteMembership removes one membership; ErrNotFound.
func (s *Store) DeleteMembership(ctx context.Context, orgID, accountID string) error {
	return remove(ctx, s, "delete membership", memberships, pair(orgID, accountID))
}

// ListMembershipsByAccount returns the account's memberships ordered by OrgID.
func (s *Store) ListMembershipsByAccount(ctx context.Context, accountID string) ([]store.Membership, error) {
	return read(ctx, s, "list memberships by account", func(tx *bbolt.Tx) ([]store.Membership, error) {
		return memberships.listIndex(tx, bucketMembershipsByAcct, pair(accountID, ""), 0, func(orgID, _ []byte) string {
			return pair(string(orgID), accountID)
		})
	})
}

// ListMembershipsByOrg returns the organization's memberships ordered by AccountID.
func (s *Store) ListMembershipsByOrg(ctx context.Context, orgID string) ([]store.Membership, error) {
	return read(ctx, s, "list memberships by org", func(tx *bbolt.Tx) ([]store.Membership, error) {
		return memberships.listPrefix(tx, pair(orgID, ""))
	})
}
