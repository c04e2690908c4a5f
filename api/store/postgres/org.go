package postgres

import (
	"context"

	"github.com/porta-id/porta/api/store"
)

var orgs = table[store.Org]{
	name:    "orgs",
	columns: []string{"id", "slug", "name", "enforce_2fa", "forbid_remember_device", "trusted_domains", "switch_date", "created_at", "updated_at"},
	keys:    1,
	fields: func(o *store.Org) []any {
		return []any{&o.ID, &o.Slug, &o.Name, &o.Enforce2FA, &o.ForbidRememberDevice, &o.TrustedDomains, (*ts)(&o.SwitchDate),
			(*ts)(&o.CreatedAt), (*ts)(&o.UpdatedAt)}
	},
}

// CreateOrg inserts o; ErrAlreadyExists when the ID or Slug is taken.
func (s *Store) CreateOrg(ctx context.Context, o store.Org) error {
	return insert(ctx, s, "create org", orgs, o)
}

// GetOrg returns the organization with id; ErrNotFound.
func (s *Store) GetOrg(ctx context.Context, id string) (store.Org, error) {
	return get(ctx, s, "get org", orgs, id)
}

// GetOrgBySlug returns the organization with slug; ErrNotFound.
func (s *Store) GetOrgBySlug(ctx context.Context, slug string) (store.Org, error) {
	return one(ctx, s, "get org by slug", orgs, orgs.selectWhere("WHERE slug = $1"), slug)
}

// UpdateOrg replaces the organization with update(old) atomically;
// ErrNotFound, ErrConflict (slug taken by another organization, or ID
// changed), or update's own error. update may run more than once.
func (s *Store) UpdateOrg(ctx context.Context, id string, update func(store.Org) (store.Org, error)) (store.Org, error) {
	return modify(ctx, s, "update org", orgs, update, id)
}

// ListOrgs returns every organization ordered by slug.
func (s *Store) ListOrgs(ctx context.Context) ([]store.Org, error) {
	return list(ctx, s, "list orgs", orgs, "ORDER BY slug")
}
