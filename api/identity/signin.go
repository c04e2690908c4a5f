package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// SignInResult is the outcome of a sign-in step. When Token is set the
// caller must replace the session cookie with it.
type SignInResult struct {
	Next    string
	Token   string
	Session store.Session
	// Second step: the methods to offer, the one to ask first, and
	// whether "remember this device" may be offered.
	Methods           []string
	Default           string
	CanRememberDevice bool
	// RememberDevice is how long remembering would skip the second step.
	RememberDevice time.Duration
	// EmergencyCode replaces a used one; shown once (api.NextAckEmergencyCode).
	EmergencyCode string
}

// Identify is the first sign-in step. Its answer depends only on the
// email's domain, so it reveals nothing about who has an account: the
// password step, or the organization's identity provider that serves the
// domain (api.NextSSO). Errors: api.CodeInvalidRequest.
func (s *Service) Identify(ctx context.Context, email string) (api.IdentifyResponse, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return api.IdentifyResponse{}, err
	}
	return s.identifyDomain(ctx, email[strings.LastIndexByte(email, '@')+1:])
}

// SignInPassword checks email and password. Unknown emails and wrong
// passwords give the same api.CodeInvalidCredentials after the same work; both count
// toward the email's and the IP's failure limits.
// Errors: api.CodeInvalidRequest, api.CodeInvalidCredentials, api.CodeTooManyAttempts.
func (s *Service) SignInPassword(ctx context.Context, email, password string, m Meta) (SignInResult, error) {
	now := s.now()
	email, err := NormalizeEmail(email)
	if err != nil {
		return SignInResult{}, err
	}
	if password == "" {
		return SignInResult{}, Errorf(api.CodeInvalidRequest, "Enter your password.")
	}
	acct, err := s.store.GetAccountByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return SignInResult{}, fmt.Errorf("sign in: %w", err)
	}
	ok, stale, err := s.verifyPassword(ctx, email, acct, password, m)
	switch {
	case ErrorCode(err) == api.CodeTooManyAttempts:
		s.auditAttempt(ctx, AuditSignInThrottled, acct.ID, email, m, "")
		return SignInResult{}, err
	case err != nil:
		return SignInResult{}, fmt.Errorf("sign in: %w", err)
	case !ok:
		s.auditAttempt(ctx, AuditSignInFailed, acct.ID, email, m, "password")
		return SignInResult{}, errCredentials()
	}
	if stale {
		s.rehash(ctx, acct.ID, password)
	}
	weak := validateNewPassword(s.policy, email, password) != nil
	res, err := s.advance(ctx, acct, store.Session{AMR: []string{"pwd"}}, weak, m)
	if err != nil {
		return SignInResult{}, err
	}
	s.seeDevice(ctx, acct, m, now)
	s.audit(ctx, AuditSignIn, acct.ID, email, m, res.Next)
	return res, nil
}

// rehash upgrades a hash made with older parameters. Failing to upgrade
// must not fail the sign-in; it is tried again next time.
func (s *Service) rehash(ctx context.Context, accountID, password string) {
	h, err := s.hasher.Hash(ctx, password)
	if err == nil {
		_, err = s.store.UpdateAccount(ctx, accountID, func(a store.Account) (store.Account, error) {
			a.PasswordHash = h
			return a, nil
		})
	}
	if err != nil {
		s.log.Warn("rehash password", "account", accountID, "err", err)
	}
}

// CompletePasswordChange sets a new password for a session that signed in
// with a password that no longer meets the policy, and completes it with a
// new session token. Errors: api.CodeUnauthenticated, api.CodeWeakPassword, api.CodeInvalidRequest.
func (s *Service) CompletePasswordChange(ctx context.Context, token, newPassword string, m Meta) (SignInResult, error) {
	now := s.now()
	sess, err := s.lookupSession(ctx, token, now)
	if err != nil {
		return SignInResult{}, err
	}
	switch sess.Stage {
	case StageChangePassword:
	case StageComplete:
		return SignInResult{}, Errorf(api.CodeInvalidRequest, "Your password does not need to change.")
	default:
		// A half-finished sign-in may only take its own next step.
		return SignInResult{}, errUnauthenticated()
	}
	acct, err := s.setPassword(ctx, sess.AccountID, newPassword, sess.ID, m)
	if err != nil {
		return SignInResult{}, err
	}
	return s.advance(ctx, acct, sess, false, m)
}

// setPassword validates and stores a new password for the account, ends
// what the old one opened (but the session keepID), and tells the person.
func (s *Service) setPassword(ctx context.Context, accountID, password, keepID string, m Meta) (store.Account, error) {
	acct, err := s.store.GetAccount(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return store.Account{}, errUnauthenticated()
	} else if err != nil {
		return store.Account{}, fmt.Errorf("set password: %w", err)
	}
	if err := validateNewPassword(s.policy, acct.Email, password); err != nil {
		return store.Account{}, err
	}
	if acct, err = s.storePassword(ctx, accountID, password, false); err != nil {
		return store.Account{}, err
	}
	if err := s.endOldPassword(ctx, acct, keepID, m); err != nil {
		return store.Account{}, err
	}
	s.audit(ctx, AuditPasswordChanged, acct.ID, acct.Email, m, "")
	s.notice(ctx, acct, "changed", m)
	return acct, nil
}

// storePassword hashes and saves a password that was already validated.
// A password set through an emailed link also proves the address.
func (s *Service) storePassword(ctx context.Context, accountID, password string, provesEmail bool) (store.Account, error) {
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return store.Account{}, fmt.Errorf("store password: %w", err)
	}
	now := s.now()
	acct, err := s.store.UpdateAccount(ctx, accountID, func(a store.Account) (store.Account, error) {
		a.PasswordHash = hash
		a.PasswordChangedAt = now
		a.UpdatedAt = now
		a.EmailVerified = a.EmailVerified || provesEmail
		return a, nil
	})
	if err != nil {
		return store.Account{}, fmt.Errorf("store password: %w", err)
	}
	return acct, nil
}

// endOldPassword ends everything the old password opened after a change or
// a reset: every session but keepID, every outstanding reset link, and
// every remembered device, which must pass the second step again.
func (s *Service) endOldPassword(ctx context.Context, acct store.Account, keepID string, m Meta) error {
	if _, err := s.RevokeOtherSessions(ctx, acct.ID, keepID, m); err != nil {
		return err
	}
	if err := s.store.DeleteTokens(ctx, tokenReset, acct.ID); err != nil {
		return fmt.Errorf("end old password: reset links: %w", err)
	}
	devices, err := s.store.ListDevices(ctx, acct.ID)
	if err != nil {
		return fmt.Errorf("end old password: devices: %w", err)
	}
	for _, d := range devices {
		if d.TrustedUntil.IsZero() {
			continue
		}
		d.TrustedUntil = time.Time{}
		if err := s.store.PutDevice(ctx, d); err != nil {
			return fmt.Errorf("end old password: devices: %w", err)
		}
	}
	return nil
}
