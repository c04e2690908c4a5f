package bolt

import (
	"context"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// failures_by_expiry holds appendTime(ExpiresAt) followed by the key for
// every counter, so a sweep reads the expired ones and stops.
var failures = table[store.Failures]{
	bucket:  bucketFailures,
	key:     func(f store.Failures) string { return f.Key },
	reindex: keyIndex(bucketFailuresByExpiry, failureExpiryKey),
	fresh:   func(key string) store.Failures { return store.Failures{Key: key} },
	empty:   func(f store.Failures) bool { return f.Count == 0 && f.LockedUntil.IsZero() },
}

// GetFailures returns the counter for key; a zero Failures with Key set
// when there is none.
func (s *Store) GetFailures(ctx context.Context, key string) (store.Failures, error) {
	f := store.Failures{Key: key}
	err := s.view(ctx, "get failures", func(tx *bbolt.Tx) error {
		stored, err := failures.get(tx, key)
		if stored != nil {
			f = *stored
		}
		return err
	})
	return f, err
}

// UpdateFailures replaces the counter with update(old) atomically, starting
// from a zero Failures{Key: key} when there is none. A result with Count 0
// and no LockedUntil removes the counter. ErrConflict when update changes
// the Key, or update's own error.
func (s *Store) UpdateFailures(ctx context.Context, key string, update func(store.Failures) (store.Failures, error)) (store.Failures, error) {
	return modify(ctx, s, "update failures", failures, key, update)
}

// ListFailures returns every counter ordered by key.
func (s *Store) ListFailures(ctx context.Context) ([]store.Failures, error) {
	return read(ctx, s, "list failures", func(tx *bbolt.Tx) ([]store.Failures, error) {
		return failures.listPrefix(tx, "")
	})
}

func failureExpiryKey(f store.Failures) []byte { return timeKey(f.ExpiresAt, f.Key) }

// DeleteExpiredFailures removes counters whose ExpiresAt is before now (a
// zero ExpiresAt included) and returns how many went. It reads
// failures_by_expiry up to now.
func (s *Store) DeleteExpiredFailures(ctx context.Context, now time.Time) (int, error) {
	return sweepByTime(ctx, s, "delete expired failures", failures, bucketFailuresByExpiry, now, func(f store.Failures) bool { return f.ExpiresAt.Before(now) })
}
