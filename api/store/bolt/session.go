package bolt

import (
	"context"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// sessions_by_account holds pair(accountID, id) for every session;
// sessions_by_expiry holds sessionExpiryKey, so a sweep reads only the
// expired.
var sessions = table[store.Session]{
	bucket: bucketSessions,
	key:    func(s store.Session) string { return s.ID },
	reindex: reindexAll(
		keyIndex(bucketSessionsByAccount, func(s store.Session) []byte {
			return []byte(pair(s.AccountID, s.ID))
		}),
		keyIndex(bucketSessionsByExpiry, sessionExpiryKey),
	),
}

func sessionExpiryKey(s store.Session) []byte { return timeKey(s.ExpiresAt, s.ID) }

// CreateSession inserts sess; ErrAlreadyExists.
func (s *Store) CreateSession(ctx context.Context, sess store.Session) error {
	return insert(ctx, s, "create session", sessions, sess)
}

// GetSession returns the session with id; ErrNotFound.
func (s *Store) GetSession(ctx context.Context, id string) (store.Session, error) {
	return get(ctx, s, "get session", sessions, id)
}

// UpdateSession replaces the session with update(old) atomically;
// ErrNotFound, ErrConflict when update changes the ID, or update's own error.
func (s *Store) UpdateSession(ctx context.Context, id string, update func(store.Session) (store.Session, error)) (store.Session, error) {
	return modify(ctx, s, "update session", sessions, id, update)
}

// DeleteSession removes the session; ErrNotFound.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	return remove(ctx, s, "delete session", sessions, id)
}

// ListSessions returns the account's sessions, newest (by CreatedAt) first,
// ties by ID.
func (s *Store) ListSessions(ctx context.Context, accountID string) ([]store.Session, error) {
	list, err := read(ctx, s, "list sessions", func(tx *bbolt.Tx) ([]store.Session, error) {
		return sessions.listIndex(tx, bucketSessionsByAccount, pair(accountID, ""), 0, func(id, _ []byte) string { return string(id) })
	})
	sortNewestFirst(list, func(s store.Session) time.Time { return s.CreatedAt }, func(s store.Session) string { return s.ID })
	return list, err
}

// DeleteExpiredSessions removes sessions whose ExpiresAt is not after now
// and returns how many went. It reads sessions_by_expiry up to now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	return sweepByTime(ctx, s, "delete expired sessions", sessions, bucketSessionsByExpiry, now, func(sess store.Session) bool { return expired(sess.ExpiresAt, now) })
}
