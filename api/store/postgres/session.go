package postgres

import (
	"context"
	"time"

	"github.com/porta-id/porta/api/store"
)

var sessions = table[store.Session]{
	name: "sessions",
	columns: []string{"id", "secret_hash", "account_id", "stage", "amr", "created_at", "authenticated_at",
		"last_seen_at", "expires_at", "ip", "user_agent", "password_change_owed"},
	keys: 1,
	fields: func(s *store.Session) []any {
		return []any{&s.ID, &s.SecretHash, &s.AccountID, &s.Stage, &s.AMR, (*ts)(&s.CreatedAt), (*ts)(&s.AuthenticatedAt),
			(*ts)(&s.LastSeenAt), (*ts)(&s.ExpiresAt), &s.IP, &s.UserAgent, &s.PasswordChangeOwed}
	},
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
// ErrNotFound, ErrConflict when update changes the ID, or update's own
// error. update may run more than once.
func (s *Store) UpdateSession(ctx context.Context, id string, update func(store.Session) (store.Session, error)) (store.Session, error) {
	return modify(ctx, s, "update session", sessions, update, id)
}

// DeleteSession removes the session; ErrNotFound.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	return remove(ctx, s, "delete session", sessions, id)
}

// ListSessions returns the account's sessions, newest (by CreatedAt) first,
// ties by ID.
func (s *Store) ListSessions(ctx context.Context, accountID string) ([]store.Session, error) {
	return list(ctx, s, "list sessions", sessions, "WHERE account_id = $1 ORDER BY created_at DESC, id", accountID)
}

// DeleteExpiredSessions removes sessions whose ExpiresAt is not after now
// and returns how many went.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	return exec(ctx, s, "delete expired sessions", "DELETE FROM sessions WHERE expires_at <= $1", ts(now))
}
