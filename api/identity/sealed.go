package identity

import (
	"context"
	"time"

	"github.com/porta-id/porta/api/store"
)

// Seal encrypts a secret for the store with the secrets key, for the
// parts of Porta beside identity that keep secrets (the OpenID Provider's
// signing keys, organizations' SSO client secrets).
func (s *Service) Seal(plain []byte) ([]byte, error) { return s.box.seal(plain) }

// Open decrypts what Seal made.
func (s *Service) Open(sealed []byte) ([]byte, error) { return s.box.open(sealed) }

// DerivedKey returns a 32-byte key for purpose, bound to the secrets key:
// the same on every replica, different for every purpose.
func (s *Service) DerivedKey(purpose string) []byte { return s.box.derive(purpose) }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// Audit records a security event of another part of Porta (the OpenID
// Provider) in the account's audit log.
func (s *Service) Audit(ctx context.Context, typ, accountID string, m Meta, detail string) {
	s.audit(ctx, typ, accountID, "", m, detail)
}

// AuditOrgChange records a change to the organization by another part of
// Porta (its SSO providers) in the organization's log; by is who made it.
func (s *Service) AuditOrgChange(ctx context.Context, orgID, by string, m Meta, detail string) {
	s.record(ctx, store.AuditEvent{Type: AuditOrgChanged, OrgID: orgID, Actor: by, Detail: detail}, m)
}

// AuditEvent is the event Audit would record, for a store write that
// records it with what it is about, in one transaction.
func (s *Service) AuditEvent(typ, accountID string, m Meta, detail string) (store.AuditEvent, error) {
	return s.stamp(store.AuditEvent{Type: typ, AccountID: accountID, Detail: detail}, m)
}

type metaKey struct{}

// WithMeta returns ctx carrying m, for code that gets only a context from
// the HTTP layer (the OpenID Provider's storage, called by its library).
func WithMeta(ctx context.Context, m Meta) context.Context {
	return context.WithValue(ctx, metaKey{}, m)
}

// MetaFrom returns the Meta that WithMeta put in ctx, or a zero Meta.
func MetaFrom(ctx context.Context) Meta {
	m, _ := ctx.Value(metaKey{}).(Meta)
	return m
}
