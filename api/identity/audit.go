package identity

import (
	"context"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// Audit event types; those of an organization's log are api's.
const (
	AuditSignIn           = "signin"
	AuditSignInFailed     = "signin_failed"
	AuditSignInThrottled  = "signin_throttled"
	AuditSignOut          = "signout"
	AuditPasswordChanged  = "password_changed"
	AuditSessionRevoked   = "session_revoked"
	AuditAccountCreated   = "account_created"
	AuditProfileUpdated   = "profile_updated"
	AuditPasswordReset    = "password_reset"
	AuditInvited          = api.AuditInvited
	AuditActivated        = "activated"
	AuditOrgCreated       = api.AuditOrgCreated
	AuditMemberAdded      = api.AuditMemberAdded
	AuditFactorChanged    = "two_step_changed"
	AuditOrgChanged       = api.AuditOrgChanged
	AuditSecondStepLocked = "second_step_locked"
	AuditStepUp           = "step_up"
	AuditProductLinked    = api.AuditProductLinked
)

// audit records an event of the account's log.
func (s *Service) audit(ctx context.Context, typ, accountID, email string, m Meta, detail string) {
	s.record(ctx, store.AuditEvent{Type: typ, AccountID: accountID, Email: email, Detail: detail}, m)
}

// record stamps e (see stamp) and appends it: to the log of its account,
// and of its organization when it has one. A failure to record is logged,
// not returned: the person's action has already happened.
func (s *Service) record(ctx context.Context, e store.AuditEvent, m Meta) {
	e, err := s.stamp(e, m)
	if err == nil {
		err = s.store.AppendAudit(ctx, e)
	}
	if err != nil {
		s.log.Error("audit", "type", e.Type, "account", e.AccountID, "org", e.OrgID, "err", err)
	}
}

// stamp gives e its ID, the time and where the request came from.
func (s *Service) stamp(e store.AuditEvent, m Meta) (store.AuditEvent, error) {
	id, err := s.newID()
	e.ID, e.Time, e.IP, e.UserAgent = id, s.now(), m.IP, truncate(m.UserAgent, 512)
	return e, err
}

// AuditLog returns the account's recent events, newest first.
func (s *Service) AuditLog(ctx context.Context, accountID string, limit int) ([]store.AuditEvent, error) {
	return s.store.ListAudit(ctx, accountID, limit)
}

// auditAttempt records a failed or throttled sign-in. For an email without
// an account it only logs: anonymous traffic must not grow the store, and
// the log (with its own rotation) is where an operator watches for
// credential stuffing.
func (s *Service) auditAttempt(ctx context.Context, typ, accountID, email string, m Meta, detail string) {
	if accountID == "" {
		s.log.Info("audit", "type", typ, "email", email, "ip", m.IP, "detail", detail)
		return
	}
	s.audit(ctx, typ, accountID, email, m, detail)
}
