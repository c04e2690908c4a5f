package bolt

import (
	"context"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// grants_by_account holds grantAccountKey for every grant, so an
// account's grants are one key range, newest first; grants_by_expiry holds
// grantExpiryKey, so a sweep reads only the expired. An update may not
// move a grant to another account or client.
var grants = table[store.Grant]{
	bucket: bucketGrants,
	key:    func(g store.Grant) string { return g.ID },
	reindex: reindexAll(
		keyIndex(bucketGrantsByAccount, grantAccountKey),
		keyIndex(bucketGrantsByExpiry, grantExpiryKey),
	),
	fixed: func(g store.Grant) string { return pair(g.AccountID, g.ClientID) },
}

// grantAccountKey is pair(AccountID, ""), CreatedAt (appendTimeDesc), then
// the ID.
func grantAccountKey(g store.Grant) []byte {
	return append(appendTimeDesc([]byte(pair(g.AccountID, "")), g.CreatedAt), g.ID...)
}

func grantExpiryKey(g store.Grant) []byte { return timeKey(g.ExpiresAt, g.ID) }

// CreateGrant inserts g and appends events in one transaction;
// ErrAlreadyExists when the ID is taken, and then no event is appended.
func (s *Store) CreateGrant(ctx context.Context, g store.Grant, events ...store.AuditEvent) error {
	return s.update(ctx, "create grant", func(tx *bbolt.Tx) error { return insertGrant(tx, g, events) })
}

// RedeemCode spends the code token, inserts g and appends events in one
// transaction; ErrNotFound, ErrConflict (spent), ErrAlreadyExists.
func (s *Store) RedeemCode(ctx context.Context, codeHash string, g store.Grant, events ...store.AuditEvent) error {
	return s.update(ctx, "redeem code", func(tx *bbolt.Tx) error {
		_, err := tokens.modify(tx, codeHash, func(t store.Token) (store.Token, error) {
			if t.Attempts > 0 {
				return t, store.ErrConflict
			}
			t.Attempts = 1
			return t, nil
		})
		if err != nil {
			return err
		}
		return insertGrant(tx, g, events)
	})
}

func insertGrant(tx *bbolt.Tx, g store.Grant, events []store.AuditEvent) error {
	if err := grants.insert(tx, g); err != nil {
		return err
	}
	for _, e := range events {
		if err := audit.insert(tx, e); err != nil {
			return err
		}
	}
	return nil
}

// GetGrant returns the grant with id, expired or not; ErrNotFound.
func (s *Store) GetGrant(ctx context.Context, id string) (store.Grant, error) {
	return get(ctx, s, "get grant", grants, id)
}

// UpdateGrant replaces the grant with update(old) atomically; ErrNotFound,
// ErrConflict when update changes the ID, AccountID or ClientID, or
// update's own error, with nothing changed. bbolt's single writer makes
// concurrent updates take turns, so of several that rotate one refresh
// token only the first sees it current.
func (s *Store) UpdateGrant(ctx context.Context, id string, update func(store.Grant) (store.Grant, error)) (store.Grant, error) {
	return modify(ctx, s, "update grant", grants, id, update)
}

// DeleteGrant removes the grant; ErrNotFound.
func (s *Store) DeleteGrant(ctx context.Context, id string) error {
	return remove(ctx, s, "delete grant", grants, id)
}

// ListGrants returns the account's grants, newest first by CreatedAt, ties
// by ID. It reads the account's range of grants_by_account.
func (s *Store) ListGrants(ctx context.Context, accountID string) ([]store.Grant, error) {
	return read(ctx, s, "list grants", func(tx *bbolt.Tx) ([]store.Grant, error) {
		return grants.listIndex(tx, bucketGrantsByAccount, pair(accountID, ""), 0, func(rest, _ []byte) string {
			return string(rest[timeLen:])
		})
	})
}

// DeleteExpiredGrants removes grants whose ExpiresAt is not after now and
// returns how many went. It reads grants_by_expiry up to now.
func (s *Store) DeleteExpiredGrants(ctx context.Context, now time.Time) (int, error) {
	return sweepByTime(ctx, s, "delete expired grants", grants, bucketGrantsByExpiry, now, func(g store.Grant) bool {
		return expired(g.ExpiresAt, now)
	})
}
