package bolt

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

var sessions = table[store.Session]{
	bucket:  bucketSessions,
	key:     func(s store.Session) string { return s.ID },
	reindex: reindexSession,
}

// sessionIndexKey is a session's key in sessions_by_account.
func sessionIndexKey(accountID, id string) []byte {
	return []byte(accountID + "\x00" + id)
}

// reindexSession keeps sessions_by_account in step.
func reindexSession(tx *bbolt.Tx, old, new *store.Session) error {
	idx := tx.Bucket(bucketSessionsByAccount)
	if old != nil {
		if err := idx.Delete(sessionIndexKey(old.AccountID, old.ID)); err != nil {
			return err
		}
	}
	if new == nil {
		return nil
	}
	return idx.Put(sessionIndexKey(new.AccountID, new.ID), []byte{})
}

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
	return s.update(ctx, "delete session", func(tx *bbolt.Tx) error {
		old, err := sessions.get(tx, id)
		if err != nil || old == nil {
			return orNotFound(err)
		}
		return sessions.remove(tx, old)
	})
}

// ListSessions returns the account's sessions, newest (by CreatedAt) first.
func (s *Store) ListSessions(ctx context.Context, accountID string) ([]store.Session, error) {
	var list []store.Session
	err := s.view(ctx, "list sessions", func(tx *bbolt.Tx) error {
		prefix := sessionIndexKey(accountID, "")
		c := tx.Bucket(bucketSessionsByAccount).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			sess, err := sessions.mustGet(tx, string(k[len(prefix):]))
			if err != nil {
				return err
			}
			list = append(list, sess)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(list, func(a, b store.Session) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return list, nil
}

// DeleteExpiredSessions removes sessions whose ExpiresAt is not after now
// and returns how many went.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := s.update(ctx, "delete expired sessions", func(tx *bbolt.Tx) (err error) {
		n, err = sessions.removeWhere(tx, func(sess store.Session) bool { return !now.Before(sess.ExpiresAt) })
		return err
	})
	return n, err
}
