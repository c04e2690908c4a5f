package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/porta-id/porta/api/store"
)

var failures = table[store.Failures]{
	name:    "failures",
	columns: []string{"key", "count", "last_failure", "locked_until", "expires_at"},
	keys:    1,
	fields: func(f *store.Failures) []any {
		return []any{&f.Key, &f.Count, (*ts)(&f.LastFailure), (*ts)(&f.LockedUntil), (*ts)(&f.ExpiresAt)}
	},
	fresh: true,
	empty: func(f store.Failures) bool { return f.Count == 0 && f.LockedUntil.IsZero() },
}

// GetFailures returns the counter for key; a zero Failures with Key set
// when there is none.
func (s *Store) GetFailures(ctx context.Context, key string) (store.Failures, error) {
	f, err := get(ctx, s, "get failures", failures, key)
	if errors.Is(err, store.ErrNotFound) {
		return store.Failures{Key: key}, nil
	}
	return f, err
}

// UpdateFailures replaces the counter with update(old) atomically, starting
// from a zero Failures{Key: key} when there is none. A result with Count 0
// and no LockedUntil removes the counter. ErrConflict when update changes
// the Key, or update's own error. update may run more than once.
func (s *Store) UpdateFailures(ctx context.Context, key string, update func(store.Failures) (store.Failures, error)) (store.Failures, error) {
	return modify(ctx, s, "update failures", failures, update, key)
}

// ListFailures returns every counter ordered by key.
func (s *Store) ListFailures(ctx context.Context) ([]store.Failures, error) {
	return list(ctx, s, "list failures", failures, "ORDER BY key")
}

// DeleteExpiredFailures removes counters whose ExpiresAt is before now (a
// zero ExpiresAt, stored as -infinity, included) and returns how many
// went; failures_expires_at finds them.
func (s *Store) DeleteExpiredFailures(ctx context.Context, now time.Time) (int, error) {
	return exec(ctx, s, "delete expired failures", "DELETE FROM failures WHERE expires_at < $1", ts(now))
}
