-- When Porta's operator confirmed that an organization owns the email
-- domains its identity provider serves (store.IdentityProvider
-- DomainsVerifiedAt); '-infinity' until then.
ALTER TABLE identity_providers ADD COLUMN domains_verified_at timestamptz NOT NULL DEFAULT '-infinity';
