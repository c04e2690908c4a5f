package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/porta-id/porta/api/store"
)

// identity_provider_domains holds a row per domain of each provider; its
// primary key makes a domain belong to one provider.
var identityProviders = table[store.IdentityProvider]{
	name: "identity_providers",
	columns: []string{"id", "org_id", "name", "preset", "issuer", "client_id", "client_secret", "domains", "trust_mfa",
		"domains_verified_at", "created_at", "updated_at"},
	keys: 1,
	fields: func(p *store.IdentityProvider) []any {
		return []any{&p.ID, &p.OrgID, &p.Name, &p.Preset, &p.Issuer, &p.ClientID, &p.ClientSecret, &p.Domains, &p.TrustMFA,
			(*ts)(&p.DomainsVerifiedAt), (*ts)(&p.CreatedAt), (*ts)(&p.UpdatedAt)}
	},
}

// PutIdentityProvider creates or replaces the provider with p.ID;
// ErrConflict when one of its domains belongs to another provider, with
// nothing changed. Domains the provider no longer lists are freed. Of two
// providers that claim one domain at once, the second waits for the first
// to commit and then fails.
func (s *Store) PutIdentityProvider(ctx context.Context, p store.IdentityProvider) error {
	_, err := inTx(ctx, s, "put identity provider", func(tx pgx.Tx) (struct{}, error) {
		if _, err := tx.Exec(ctx, identityProviders.upsertSQL(), identityProviders.fields(&p)...); err != nil {
			return struct{}{}, err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM identity_provider_domains WHERE provider_id = $1", p.ID); err != nil {
			return struct{}{}, err
		}
		_, err := tx.Exec(ctx, `INSERT INTO identity_provider_domains (domain, provider_id)
			SELECT DISTINCT unnest($2::text[]), $1`, p.ID, p.Domains)
		return struct{}{}, uniqueAs(err, store.ErrConflict)
	})
	return err
}

// GetIdentityProvider returns the provider with id; ErrNotFound.
func (s *Store) GetIdentityProvider(ctx context.Context, id string) (store.IdentityProvider, error) {
	return get(ctx, s, "get identity provider", identityProviders, id)
}

// GetIdentityProviderByDomain returns the provider serving the email
// domain, compared byte for byte (callers pass it lower case); ErrNotFound.
func (s *Store) GetIdentityProviderByDomain(ctx context.Context, domain string) (store.IdentityProvider, error) {
	return one(ctx, s, "get identity provider by domain", identityProviders,
		identityProviders.selectWhere("WHERE id = (SELECT provider_id FROM identity_provider_domains WHERE domain = $1)"), domain)
}

// ListIdentityProviders returns the organization's providers ordered by ID.
func (s *Store) ListIdentityProviders(ctx context.Context, orgID string) ([]store.IdentityProvider, error) {
	return list(ctx, s, "list identity providers", identityProviders, "WHERE org_id = $1 ORDER BY id", orgID)
}

// DeleteIdentityProvider removes the provider and frees its domains;
// ErrNotFound. Its external identities stay: the caller removes them.
func (s *Store) DeleteIdentityProvider(ctx context.Context, id string) error {
	_, err := inTx(ctx, s, "delete identity provider", func(tx pgx.Tx) (struct{}, error) {
		tag, err := tx.Exec(ctx, "DELETE FROM identity_providers WHERE id = $1", id)
		switch {
		case err != nil:
			return struct{}{}, err
		case tag.RowsAffected() == 0:
			return struct{}{}, store.ErrNotFound
		}
		_, err = tx.Exec(ctx, "DELETE FROM identity_provider_domains WHERE provider_id = $1", id)
		return struct{}{}, err
	})
	return err
}

var externalIdentities = table[store.ExternalIdentity]{
	name:    "external_identities",
	columns: []string{"provider_id", "subject", "account_id", "email", "created_at", "last_used_at"},
	keys:    2,
	fields: func(e *store.ExternalIdentity) []any {
		return []any{&e.ProviderID, &e.Subject, &e.AccountID, &e.Email, (*ts)(&e.CreatedAt), (*ts)(&e.LastUsedAt)}
	},
}

// PutExternalIdentity creates or replaces the link (ProviderID, Subject).
func (s *Store) PutExternalIdentity(ctx context.Context, e store.ExternalIdentity) error {
	return upsert(ctx, s, "put external identity", externalIdentities, e)
}

// GetExternalIdentity returns one link; ErrNotFound.
func (s *Store) GetExternalIdentity(ctx context.Context, providerID, subject string) (store.ExternalIdentity, error) {
	return get(ctx, s, "get external identity", externalIdentities, providerID, subject)
}

// ListExternalIdentities returns the account's links ordered by
// ProviderID, then Subject; external_identities_account_id serves it.
func (s *Store) ListExternalIdentities(ctx context.Context, accountID string) ([]store.ExternalIdentity, error) {
	return list(ctx, s, "list external identities", externalIdentities,
		"WHERE account_id = $1 ORDER BY provider_id, subject", accountID)
}

// DeleteExternalIdentity removes one link; ErrNotFound.
func (s *Store) DeleteExternalIdentity(ctx context.Context, providerID, subject string) error {
	return remove(ctx, s, "delete external identity", externalIdentities, providerID, subject)
}
