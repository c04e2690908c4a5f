package postgres

import (
	"context"

	"github.com/porta-id/porta/api/store"
)

var devices = table[store.Device]{
	name:    "devices",
	columns: []string{"account_id", "id", "user_agent", "ip", "first_seen", "last_seen", "trusted_until"},
	keys:    2,
	fields: func(d *store.Device) []any {
		return []any{&d.AccountID, &d.ID, &d.UserAgent, &d.IP, (*ts)(&d.FirstSeen), (*ts)(&d.LastSeen), (*ts)(&d.TrustedUntil)}
	},
}

// PutDevice creates or replaces the device (AccountID, ID).
func (s *Store) PutDevice(ctx context.Context, d store.Device) error {
	return upsert(ctx, s, "put device", devices, d)
}

// GetDevice returns one device; ErrNotFound.
func (s *Store) GetDevice(ctx context.Context, accountID, id string) (store.Device, error) {
	return get(ctx, s, "get device", devices, accountID, id)
}

// ListDevices returns the account's devices, most recently seen first
// (ties by ID).
func (s *Store) ListDevices(ctx context.Context, accountID string) ([]store.Device, error) {
	return list(ctx, s, "list devices", devices, "WHERE account_id = $1 ORDER BY last_seen DESC, id", accountID)
}

// DeleteDevice removes one device; ErrNotFound.
func (s *Store) DeleteDevice(ctx context.Context, accountID, id string) error {
	return remove(ctx, s, "delete device", devices, accountID, id)
}
