package bolt

import (
	"context"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// clients are few (one per product), so they have no index.
var clients = table[store.Client]{
	bucket: bucketClients,
	key:    func(c store.Client) string { return c.ID },
}

// CreateClient inserts c; ErrAlreadyExists when the ID is taken.
func (s *Store) CreateClient(ctx context.Context, c store.Client) error {
	return insert(ctx, s, "create client", clients, c)
}

// GetClient returns the client with id; ErrNotFound.
func (s *Store) GetClient(ctx context.Context, id string) (store.Client, error) {
	return get(ctx, s, "get client", clients, id)
}

// UpdateClient replaces the client with update(old) atomically;
// ErrNotFound, ErrConflict when update changes the ID, or update's own
// error.
func (s *Store) UpdateClient(ctx context.Context, id string, update func(store.Client) (store.Client, error)) (store.Client, error) {
	return modify(ctx, s, "update client", clients, id, update)
}

// DeleteClient removes the client; ErrNotFound.
func (s *Store) DeleteClient(ctx context.Context, id string) error {
	return remove(ctx, s, "delete client", clients, id)
}

// ListClients returns every client ordered by ID.
func (s *Store) ListClients(ctx context.Context) ([]store.Client, error) {
	return read(ctx, s, "list clients", func(tx *bbolt.Tx) ([]store.Client, error) {
		return clients.listPrefix(tx, "")
	})
}
