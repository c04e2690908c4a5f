package bolt

import (
	"context"
	"time"

	"github.com/porta-id/porta/api/store"
)

// auth_requests_by_expiry holds authRequestExpiryKey for every request,
// so a sweep reads only the expired.
var authRequests = table[store.AuthRequest]{
	bucket:  bucketAuthRequests,
	key:     func(r store.AuthRequest) string { return r.ID },
	reindex: keyIndex(bucketAuthRequestsByExpiry, authRequestExpiryKey),
}

func authRequestExpiryKey(r store.AuthRequest) []byte { return timeKey(r.ExpiresAt, r.ID) }

// CreateAuthRequest inserts r; ErrAlreadyExists.
func (s *Store) CreateAuthRequest(ctx context.Context, r store.AuthRequest) error {
	return insert(ctx, s, "create auth request", authRequests, r)
}

// GetAuthRequest returns the request with id, expired or not; ErrNotFound.
func (s *Store) GetAuthRequest(ctx context.Context, id string) (store.AuthRequest, error) {
	return get(ctx, s, "get auth request", authRequests, id)
}

// UpdateAuthRequest replaces the request with update(old) atomically;
// ErrNotFound, ErrConflict when update changes the ID, or update's own
// error.
func (s *Store) UpdateAuthRequest(ctx context.Context, id string, update func(store.AuthRequest) (store.AuthRequest, error)) (store.AuthRequest, error) {
	return modify(ctx, s, "update auth request", authRequests, id, update)
}

// DeleteAuthRequest removes the request; ErrNotFound.
func (s *Store) DeleteAuthRequest(ctx context.Context, id string) error {
	return remove(ctx, s, "delete auth request", authRequests, id)
}

// DeleteExpiredAuthRequests removes requests whose ExpiresAt is not after
// now and returns how many went. It reads auth_requests_by_expiry up to
// now.
func (s *Store) DeleteExpiredAuthRequests(ctx context.Context, now time.Time) (int, error) {
	return sweepByTime(ctx, s, "delete expired auth requests", authRequests, bucketAuthRequestsByExpiry, now, func(r store.AuthRequest) bool {
		return expired(r.ExpiresAt, now)
	})
}
