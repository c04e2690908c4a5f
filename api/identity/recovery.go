package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/store"
)

// The answers to calls that send email: the same whether or not the
// address has an account.
const (
	msgResetSent = "If that address has a Porta account, we have sent it a link to reset the password. The link works for %s."
	msgFindSent  = "If that address has a Porta account, we have sent it the sign-in address of every organization it belongs to."
	msgResent    = "We have sent a new activation link. It works for %s."
)

// ForgotPassword queues a reset link for email and answers at once. The
// request does the same work for every address (one queued job); the
// worker looks the account up later. Errors: api.CodeInvalidRequest, api.CodeTooManyAttempts (per IP).
func (s *Service) ForgotPassword(ctx context.Context, email string, m Meta) (string, error) {
	if err := s.queueEmailJob(ctx, jobResetLink, email, m); err != nil {
		return "", err
	}
	return fmt.Sprintf(msgResetSent, api.Lifetime(s.resetTTL)), nil
}

// queueEmailJob takes a request to email the address email: it spends the
// IP's sending budget and queues job for the address. The request costs
// the same whether or not the address has an account; the job decides.
// Errors: api.CodeInvalidRequest, api.CodeTooManyAttempts.
func (s *Service) queueEmailJob(ctx context.Context, job, email string, m Meta) error {
	addr, err := NormalizeEmail(email)
	if err != nil {
		return err
	}
	if err := s.checkSendIP(ctx, m.IP); err != nil {
		return err
	}
	return s.queue.Schedule(ctx, job, addr)
}

// jobAccount returns the account a queued email job of kind writes to.
// ok is false when addr has no account, or has had its share of such
// emails lately: then the job sends nothing.
func (s *Service) jobAccount(ctx context.Context, kind, addr string) (store.Account, bool, error) {
	acct, err := s.store.GetAccountByEmail(ctx, addr)
	if errors.Is(err, store.ErrNotFound) {
		return store.Account{}, false, nil
	} else if err != nil {
		return store.Account{}, false, err
	}
	if ok, err := s.allowSendTo(ctx, kind+":"+addr); err != nil || !ok {
		return store.Account{}, false, err
	}
	return acct, true, nil
}

// runResetJob emails a reset link if the address has an account and has
// not had too many links lately.
func (s *Service) runResetJob(ctx context.Context, addr string) error {
	acct, ok, err := s.jobAccount(ctx, "reset", addr)
	if err != nil || !ok {
		return err
	}
	secret, err := s.issueToken(ctx, tokenReset, acct, s.resetTTL)
	if err != nil {
		return err
	}
	return s.sendEmail(ctx, acct.Email, notify.PasswordReset{Account: acct.Email, Link: s.link("/reset", secret), Valid: s.resetTTL})
}

// CheckResetLink says whose password a reset link resets.
// Errors: api.CodeInvalidLink (also for expired links: one message, one way back).
func (s *Service) CheckResetLink(ctx context.Context, secret string) (store.Token, error) {
	t, err := s.peekToken(ctx, tokenReset, secret)
	if ErrorCode(err) == api.CodeExpiredLink {
		return store.Token{}, errInvalidLink()
	}
	return t, err
}

// ResetPassword sets a new password with a reset link, once. It ends what
// the old password opened (sessions, other reset links, remembered
// devices) and lifts the failure locks, the second step's included, but
// signs nobody in: the person signs in afresh, second step included. Errors: api.CodeInvalidLink, api.CodeWeakPassword.
func (s *Service) ResetPassword(ctx context.Context, secret, password string, m Meta) (store.Account, error) {
	t, err := s.CheckResetLink(ctx, secret)
	if err != nil {
		return store.Account{}, err
	}
	if err := validateNewPassword(s.policy, t.Email, password); err != nil {
		return store.Account{}, err
	}
	if t, err = s.consumeToken(ctx, tokenReset, secret); err != nil {
		return store.Account{}, err
	}
	acct, err := s.storePassword(ctx, t.AccountID, password, true)
	if err != nil {
		return store.Account{}, err
	}
	if err := s.clearAccountLimits(ctx, acct); err != nil {
		return store.Account{}, fmt.Errorf("reset password: %w", err)
	}
	if err := s.endOldPassword(ctx, acct, "", m); err != nil {
		return store.Account{}, err
	}
	s.audit(ctx, AuditPasswordReset, acct.ID, acct.Email, m, "")
	s.notice(ctx, acct, notify.EventPasswordReset, m)
	return acct, nil
}
