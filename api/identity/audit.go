package identity

import (
	"context"

	"github.com/porta-id/porta/api/store"
)

// Audit event types.
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
	AuditInvited          = "invited"
	AuditActivated        = "activated"
	AuditOrgCreated       = "org_created"
	AuditMemberAdded      = "member_added"
	AuditFactorChanged    = "two_step_changed"
	AuditOrgChanged       = "org_changed"
	AuditSecondStepLocked = "second_step_locked"
	AuditStepUp           = "step_up"
	AuditProductLinked    = "product_linked"
)

// audit records an event. A failure to record is logged, not returned:
// the person's action has already happened.
func (s *Service) audit(ctx context.Context, typ, accountID, email string, m Meta, detail string) {
	e, err := s.newAuditEvent(typ, accountID, email, m, detail)
	if err == nil {
		err = s.store.AppendAudit(ctx, e)
	}
	if err != nil {
		s.log.Error("audit", "type", typ, "account", accountID, "err", err)
	}
}

func (s *Service) newAuditEvent(typ, accountID, email string, m Meta, detail string) (store.AuditEvent, error) {
	id, err := s.newID()
	return store.AuditEvent{
		ID: id, Time: s.now(), Type: typ, AccountID: accountID, Email: email,
		IP: m.IP, UserAgent: truncate(m.UserAgent, 512), Detail: detail,
	}, err
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
