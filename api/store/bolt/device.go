package bolt

import (
	"context"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// devices are keyed pair(accountID, id), so an account's are one key range.
var devices = table[store.Device]{
	bucket: bucketDevices,
	key:    func(d store.Device) string { return pair(d.AccountID, d.ID) },
}

// PutDevice creates or replaces the device (AccountID, ID).
func (s *Store) PutDevice(ctx context.Context, d store.Device) error {
	return upsert(ctx, s, "put device", devices, d)
}

// GetDevice returns one device; ErrNotFound.
func (s *Store) GetDevice(ctx context.Context, accountID, id string) (store.Device, error) {
	return get(ctx, s, "get device", devices, pair(accountID, id))
}

// ListDevices returns the account's devices, most recently seen first
// (ties by ID).
func (s *Store) ListDevices(ctx context.Context, accountID string) ([]store.Device, error) {
	list, err := read(ctx, s, "list devices", func(tx *bbolt.Tx) ([]store.Device, error) {
		return devices.listPrefix(tx, pair(accountID, ""))
	})
	sortNewestFirst(list, func(d store.Device) time.Time { return d.LastSeen }, func(d store.Device) string { return d.ID })
	return list, err
}

// DeleteDevice removes one device; ErrNotFound.
func (s *Store) DeleteDevice(ctx context.Context, accountID, id string) error {
	return remove(ctx, s, "delete device", devices, pair(accountID, id))
}
