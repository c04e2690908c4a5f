package bolt

import (
	"context"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// orgs_by_slug maps a slug to its organization's ID.
var orgs = table[store.Org]{
	bucket:  bucketOrgs,
	key:     func(o store.Org) string { return o.ID },
	reindex: uniqueIndex(bucketOrgsBySlug, func(o store.Org) string { return o.Slug }, func(o store.Org) string { return o.ID }),
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
	return read(ctx, s, "get org by slug", func(tx *bbolt.Tx) (store.Org, error) {
		return orgs.getBy(tx, bucketOrgsBySlug, slug)
	})
}

// UpdateOrg replaces the organization with update(old) atomically;
// ErrNotFound, ErrConflict (slug taken by another organization, or ID
// changed), or update's own error.
func (s *Store) UpdateOrg(ctx context.Context, id string, update func(store.Org) (store.Org, error)) (store.Org, error) {
	return modify(ctx, s, "update org", orgs, id, update)
}

// ListOrgs returns every organization ordered by slug.
func (s *Store) ListOrgs(ctx context.Context) ([]store.Org, error) {
	return read(ctx, s, "list orgs", func(tx *bbolt.Tx) ([]store.Org, error) {
		return orgs.listIndex(tx, bucketOrgsBySlug, "", 0, indexValue)
	})
}
