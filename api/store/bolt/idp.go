package bolt

import (
	"context"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// identity_providers_by_org holds pair(orgID, id) for every provider;
// identity_provider_domains maps each email domain to the ID of the one
// provider that serves it.
var identityProviders = table[store.IdentityProvider]{
	bucket: bucketIDPs,
	key:    func(p store.IdentityProvider) string { return p.ID },
	reindex: reindexAll(
		keyIndex(bucketIDPsByOrg, func(p store.IdentityProvider) []byte { return []byte(pair(p.OrgID, p.ID)) }),
		uniqueSetIndex(bucketIDPDomains, func(p store.IdentityProvider) []string { return p.Domains }, func(p store.IdentityProvider) string { return p.ID }),
	),
}

// PutIdentityProvider creates or replaces the provider with p.ID;
// ErrConflict when one of its domains belongs to another provider, with
// nothing changed. Domains the provider no longer lists are freed.
func (s *Store) PutIdentityProvider(ctx context.Context, p store.IdentityProvider) error {
	return upsert(ctx, s, "put identity provider", identityProviders, p)
}

// GetIdentityProvider returns the provider with id; ErrNotFound.
func (s *Store) GetIdentityProvider(ctx context.Context, id string) (store.IdentityProvider, error) {
	return get(ctx, s, "get identity provider", identityProviders, id)
}

// GetIdentityProviderByDomain returns the provider serving the email
// domain, compared byte for byte (callers pass it lower case); ErrNotFound.
func (s *Store) GetIdentityProviderByDomain(ctx context.Context, domain string) (store.IdentityProvider, error) {
	return read(ctx, s, "get identity provider by domain", func(tx *bbolt.Tx) (store.IdentityProvider, error) {
		return identityProviders.getBy(tx, bucketIDPDomains, domain)
	})
}

// ListIdentityProviders returns the organization's providers ordered by ID.
func (s *Store) ListIdentityProviders(ctx context.Context, orgID string) ([]store.IdentityProvider, error) {
	return read(ctx, s, "list identity providers", func(tx *bbolt.Tx) ([]store.IdentityProvider, error) {
		return identityProviders.listIndex(tx, bucketIDPsByOrg, pair(orgID, ""), 0, func(id, _ []byte) string { return string(id) })
	})
}

// DeleteIdentityProvider removes the provider and frees its domains;
// ErrNotFound. Its external identities stay: the caller removes them.
func (s *Store) DeleteIdentityProvider(ctx context.Context, id string) error {
	return remove(ctx, s, "delete identity provider", identityProviders, id)
}

// external_identities are keyed pair(providerID, subject);
// external_identities_by_account holds pair(accountID, "") followed by
// that key, so an account's links are one key range in (ProviderID,
// Subject) order.
var externalIdentities = table[store.ExternalIdentity]{
	bucket: bucketExternalIDs,
	key:    func(e store.ExternalIdentity) string { return pair(e.ProviderID, e.Subject) },
	reindex: keyIndex(bucketExternalIDsByAcct, func(e store.ExternalIdentity) []byte {
		return []byte(pair(e.AccountID, "") + pair(e.ProviderID, e.Subject))
	}),
}

// PutExternalIdentity creates or replaces the link (ProviderID, Subject).
func (s *Store) PutExternalIdentity(ctx context.Context, e store.ExternalIdentity) error {
	return upsert(ctx, s, "put external identity", externalIdentities, e)
}

// GetExternalIdentity returns one link; ErrNotFound.
func (s *Store) GetExternalIdentity(ctx context.Context, providerID, subject string) (store.ExternalIdentity, error) {
	return get(ctx, s, "get external identity", externalIdentities, pair(providerID, subject))
}

// ListExternalIdentities returns the account's links ordered by
// ProviderID, then Subject. It reads the account's range of
// external_identities_by_account.
func (s *Store) ListExternalIdentities(ctx context.Context, accountID string) ([]store.ExternalIdentity, error) {
	return read(ctx, s, "list external identities", func(tx *bbolt.Tx) ([]store.ExternalIdentity, error) {
		return externalIdentities.listIndex(tx, bucketExternalIDsByAcct, pair(accountID, ""), 0, func(key, _ []byte) string { return string(key) })
	})
}

// DeleteExternalIdentity removes one link; ErrNotFound.
func (s *Store) DeleteExternalIdentity(ctx context.Context, providerID, subject string) error {
	return remove(ctx, s, "delete external identity", externalIdentities, pair(providerID, subject))
}
