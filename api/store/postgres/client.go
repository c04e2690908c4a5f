package postgres

import (
	"context"

	"github.com/porta-id/porta/api/store"
)

var clients = table[store.Client]{
	name: "clients",
	columns: []string{"id", "name", "secret_hash", "public", "redirect_uris", "post_logout_uris", "org_id", "first_party",
		"id_token_alg", "created_at", "updated_at"},
	keys: 1,
	fields: func(c *store.Client) []any {
		return []any{&c.ID, &c.Name, &c.SecretHash, &c.Public, &c.RedirectURIs, &c.PostLogoutURIs, &c.OrgID, &c.FirstParty,
			&c.IDTokenAlg, (*ts)(&c.CreatedAt), (*ts)(&c.UpdatedAt)}
	},
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
// error. update may run more than once.
func (s *Store) UpdateClient(ctx context.Context, id string, update func(store.Client) (store.Client, error)) (store.Client, error) {
	return modify(ctx, s, "update client", clients, update, id)
}

// DeleteClient removes the client; ErrNotFound.
func (s *Store) DeleteClient(ctx context.Context, id string) error {
	return remove(ctx, s, "delete client", clients, id)
}

// ListClients returns every client ordered by ID.
func (s *Store) ListClients(ctx context.Context) ([]store.Client, error) {
	return list(ctx, s, "list clients", clients, "ORDER BY id")
}
