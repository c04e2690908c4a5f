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

// UpdateMembership applies update to one membership. bbolt's single
// writer makes calls take turns; the count reads the organization's key
// range, which an admin's change to its members may afford.
func (s *Store) UpdateMembership(ctx context.Context, orgID, accountID, countRole string, update func(store.Membership, int) (*store.Membership, error)) (*store.Membership, error) {
	return write(ctx, s, "update membership", func(tx *bbolt.Tx) (*store.Membership, error) {
		old, err := memberships.mustGet(tx, pair(orgID, accountID))
		if err != nil {
			return nil, err
		}
		all, err := memberships.listPrefix(tx, pair(orgID, ""))
		if err != nil {
			return nil, err
		}
		n := 0
		for _, m := range all {
			if m.Role == countRole {
				n++
			}
		}
		next, err := update(old, n)
		if err != nil {
			return nil, callerError{err}
		}
		if next == nil {
			return nil, memberships.remove(tx, &old)
		}
		if next.OrgID != orgID || next.AccountID != accountID {
			return nil, store.ErrConflict
		}
		return next, memberships.put(tx, &old, *next)
	})
}
