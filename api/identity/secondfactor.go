package identity

import (
	"context"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/limit"
	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/store"
)

// Texted codes: 6 digits, 10 minutes, 5 tries.
const (
	smsSignIn     = "sms-signin"
	smsSetup      = "sms-setup"
	smsCodeTTL    = 10 * time.Minute
	smsCodeTries  = 5
	smsCodeDigits = 6
)

func errInvalidCode() *Error {
	return Errorf(api.CodeInvalidCode, "That code didn't work. Check it and try again.")
}

func constantEqual(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// SecondFactor is what a person sends for the second step.
type SecondFactor struct {
	Code           string
	RememberDevice bool
	DisableTwoStep bool
}

// SignInTOTP checks an authenticator-app code at the second step.
// Errors: api.CodeUnauthenticated, api.CodeInvalidCode, api.CodeTooManyAttempts.
func (s *Service) SignInTOTP(ctx context.Context, token string, in SecondFactor, m Meta) (SignInResult, error) {
	return s.secondStep(ctx, token, in, m, factorAMR[store.FactorTOTP], func(acct store.Account, factors []store.Factor) error {
		for _, f := range factors {
			if f.Kind == store.FactorTOTP {
				return s.checkTOTP(ctx, f, in.Code)
			}
		}
		return errInvalidCode()
	})
}

// SendSignInSMS texts a code for the second step and returns the masked
// number. Errors: api.CodeUnauthenticated, api.CodeNotFound (no phone), api.CodeTooManyAttempts.
func (s *Service) SendSignInSMS(ctx context.Context, token string, m Meta) (string, error) {
	_, acct, err := s.sessionAt(ctx, token, StageSecondFactor)
	if err != nil {
		return "", err
	}
	factors, err := s.confirmedFactors(ctx, acct.ID)
	if err != nil {
		return "", err
	}
	for _, f := range factors {
		if f.Kind == store.FactorSMS {
			if err := s.textCode(ctx, acct, f, smsSignIn, m); err != nil {
				return "", err
			}
			return MaskPhone(f.Phone), nil
		}
	}
	return "", Errorf(api.CodeNotFound, "Your account has no phone number for codes.")
}

// SignInSMS checks a texted code at the second step.
func (s *Service) SignInSMS(ctx context.Context, token string, in SecondFactor, m Meta) (SignInResult, error) {
	return s.secondStep(ctx, token, in, m, factorAMR[store.FactorSMS], func(acct store.Account, _ []store.Factor) error {
		return s.checkTextedCode(ctx, acct, smsSignIn, in.Code)
	})
}

// SignInEmergency uses the emergency code, once. It signs in and issues a
// new code that must be acknowledged, or, with DisableTwoStep and when
// nothing requires two-step verification, turns it off.
// Errors: api.CodeInvalidCode, api.CodeForbidden (required), api.CodeTooManyAttempts.
func (s *Service) SignInEmergency(ctx context.Context, token string, in SecondFactor, m Meta) (SignInResult, error) {
	var acctSeen store.Account
	res, err := s.secondStep(ctx, token, in, m, factorAMR[store.FactorEmergency], func(acct store.Account, factors []store.Factor) error {
		acctSeen = acct
		want := emergencyHash(in.Code)
		for _, f := range factors {
			if f.Kind == store.FactorEmergency && constantEqual(f.CodeHash, want) {
				if in.DisableTwoStep {
					if required, err := s.twoStepRequired(ctx, acct.ID); err != nil || required {
						if err == nil {
							err = Errorf(api.CodeForbidden, "An organization you belong to requires two-step verification, so it cannot be turned off.")
						}
						return err
					}
				}
				// Deleting is the consume: of two racing uses one finds it gone.
				if err := s.store.DeleteFactor(ctx, acct.ID, f.ID); errors.Is(err, store.ErrNotFound) {
					return errInvalidCode()
				} else if err != nil {
					return err
				}
				return nil
			}
		}
		return errInvalidCode()
	})
	if err != nil {
		return SignInResult{}, err
	}
	if in.DisableTwoStep {
		if err := s.removeAllFactors(ctx, acctSeen.ID); err != nil {
			return SignInResult{}, err
		}
		s.audit(ctx, AuditFactorChanged, acctSeen.ID, acctSeen.Email, m, "two-step verification turned off with the emergency code")
		s.twoStepNotice(ctx, acctSeen, "off", m)
		return res, nil
	}
	code, err := s.issueEmergencyCode(ctx, acctSeen.ID)
	if err != nil {
		return SignInResult{}, err
	}
	s.twoStepNotice(ctx, acctSeen, "emergency-used", m)
	if _, err := s.store.UpdateSession(ctx, res.Session.ID, func(old store.Session) (store.Session, error) {
		old.Stage = StageAckEmergency
		return old, nil
	}); err != nil {
		return SignInResult{}, fmt.Errorf("emergency: %w", err)
	}
	res.Next, res.EmergencyCode = api.NextAckEmergencyCode, code
	return res, nil
}

// AckEmergencyCode completes a sign-in once the new emergency code is stored.
func (s *Service) AckEmergencyCode(ctx context.Context, token string, m Meta) (SignInResult, error) {
	sess, acct, err := s.sessionAt(ctx, token, StageAckEmergency)
	if err != nil {
		return SignInResult{}, err
	}
	return s.advance(ctx, acct, sess, false, m)
}

// CompleteSetup completes a sign-in that had to set up two-step
// verification. Errors: api.CodeUnauthenticated, api.CodeInvalidRequest (nothing set up yet).
func (s *Service) CompleteSetup(ctx context.Context, token string, m Meta) (SignInResult, error) {
	sess, acct, err := s.sessionAt(ctx, token, StageSetup)
	if err != nil {
		return SignInResult{}, err
	}
	factors, err := s.confirmedFactors(ctx, acct.ID)
	if err != nil {
		return SignInResult{}, err
	}
	if !hasSecondStep(methodsOf(factors)) {
		return SignInResult{}, Errorf(api.CodeInvalidRequest, "Set up an authenticator app, a phone or a passkey first.")
	}
	// Setting a method up proved it, as a second step would have.
	sess.AMR = slices.Clone(sess.AMR)
	for _, f := range factors {
		amr := factorAMR[f.Kind]
		if f.Passkey != nil {
			amr = passkeyAMR(f.Passkey.BackupEligible)
		}
		if amr != "" && f.Kind != store.FactorEmergency && !slices.Contains(sess.AMR, amr) {
			sess.AMR = append(sess.AMR, amr)
		}
	}
	sess.AMR = append(sess.AMR, "mfa")
	return s.advance(ctx, acct, sess, false, m)
}

// secondStep runs one second-step check for the session of token: it
// counts failures toward the account's limit, and on success remembers
// the device if asked and moves the sign-in on with amr + "mfa".
func (s *Service) secondStep(ctx context.Context, token string, in SecondFactor, m Meta, amr string, check func(store.Account, []store.Factor) error) (SignInResult, error) {
	sess, acct, err := s.sessionAt(ctx, token, StageSecondFactor)
	if err != nil {
		return SignInResult{}, err
	}
	if in.Code == "" || len(in.Code) > 64 {
		return SignInResult{}, Errorf(api.CodeInvalidRequest, "Enter the code.")
	}
	factors, err := s.confirmedFactors(ctx, acct.ID)
	if err != nil {
		return SignInResult{}, err
	}
	g := guard{key: secondStepKey(acct.ID), rule: s.limits.secondStepRule()}
	var wrong error
	ok, att, err := s.attempt(ctx, g, m, func() (bool, error) {
		wrong = check(acct, factors)
		if ErrorCode(wrong) == api.CodeInvalidCode {
			return false, nil
		}
		return wrong == nil, wrong
	})
	if err != nil {
		return SignInResult{}, err
	}
	if !ok {
		return SignInResult{}, s.failedStep(ctx, acct, att, amr, wrong, m)
	}
	return s.passedStep(ctx, sess, acct, in.RememberDevice, []string{amr, "mfa"}, m)
}

// failedStep records a second step of acct that failed with wrong (what
// says how), and answers it: wrong, or the lock when this failure was one
// too many.
func (s *Service) failedStep(ctx context.Context, acct store.Account, att limit.Attempt, what string, wrong error, m Meta) error {
	s.audit(ctx, AuditSignInFailed, acct.ID, acct.Email, m, what)
	if !att.Locks {
		return wrong
	}
	s.audit(ctx, AuditSecondStepLocked, acct.ID, acct.Email, m, strconv.Itoa(att.Count)+" failed second steps")
	s.notice(ctx, acct, notify.EventSecondLocked, m)
	return errSecondStepLocked()
}

// passedStep moves the sign-in of sess on once its second step passed,
// with amr added to its methods; the browser is remembered if asked.
func (s *Service) passedStep(ctx context.Context, sess store.Session, acct store.Account, remember bool, amr []string, m Meta) (SignInResult, error) {
	if remember && !s.rememberForbidden(ctx, acct.ID) {
		s.rememberDevice(ctx, acct.ID, m, s.now())
	}
	sess.AMR = append(slices.Clone(sess.AMR), amr...)
	s.audit(ctx, AuditSignIn, acct.ID, acct.Email, m, "second step: "+strings.Join(amr, " "))
	return s.advance(ctx, acct, sess, false, m)
}

// rememberDevice lets this browser skip the second step for a while.
func (s *Service) rememberDevice(ctx context.Context, accountID string, m Meta, now time.Time) {
	if m.DeviceID == "" {
		return
	}
	d, err := s.store.GetDevice(ctx, accountID, m.DeviceID)
	if errors.Is(err, store.ErrNotFound) {
		d = store.Device{AccountID: accountID, ID: m.DeviceID, FirstSeen: now, UserAgent: truncate(m.UserAgent, 512)}
	} else if err != nil {
		s.log.Error("remember device", "err", err)
		return
	}
	d.LastSeen, d.IP, d.TrustedUntil = now, m.IP, now.Add(s.rememberFor)
	if err := s.store.PutDevice(ctx, d); err != nil {
		s.log.Error("remember device", "err", err)
	}
}

// RememberedDevices lists the account's browsers that skip the second step.
func (s *Service) RememberedDevices(ctx context.Context, accountID string) ([]store.Device, error) {
	all, err := s.store.ListDevices(ctx, accountID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	return slices.DeleteFunc(all, func(d store.Device) bool { return !now.Before(d.TrustedUntil) }), nil
}

// ForgetDevice makes a browser ask for the second step again. Errors: api.CodeNotFound.
func (s *Service) ForgetDevice(ctx context.Context, auth Auth, id string, m Meta) error {
	d, err := s.store.GetDevice(ctx, auth.Account.ID, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !s.now().Before(d.TrustedUntil)) {
		return Errorf(api.CodeNotFound, "That device is not remembered.")
	} else if err != nil {
		return fmt.Errorf("forget device: %w", err)
	}
	d.TrustedUntil = time.Time{}
	if err := s.store.PutDevice(ctx, d); err != nil {
		return fmt.Errorf("forget device: %w", err)
	}
	s.audit(ctx, AuditFactorChanged, auth.Account.ID, auth.Account.Email, m, "remembered device forgotten")
	return nil
}

// textCode texts a fresh 6-digit code for purpose to the factor's phone.
// Only its keyed hash is kept; sending is limited per account and per IP.
func (s *Service) textCode(ctx context.Context, acct store.Account, f store.Factor, purpose string, m Meta) error {
	if err := s.checkSendIP(ctx, m.IP); err != nil {
		return err
	}
	if ok, err := s.allowSendTo(ctx, purpose+":"+acct.ID); err != nil {
		return err
	} else if !ok {
		return errTooMany(sendWindow)
	}
	code, err := s.digits(smsCodeDigits)
	if err != nil {
		return err
	}
	now := s.now()
	hash := smsTokenKey(purpose, acct.ID)
	if err := s.store.DeleteTokens(ctx, purpose, acct.ID); err != nil {
		return fmt.Errorf("text code: %w", err)
	}
	t := store.Token{Hash: hash, Kind: purpose, AccountID: acct.ID, Email: acct.Email,
		Data: hex.EncodeToString(s.box.codeMAC(code)), CreatedAt: now, ExpiresAt: now.Add(smsCodeTTL)}
	if err := s.store.CreateToken(ctx, t); err != nil {
		return fmt.Errorf("text code: %w", err)
	}
	return s.queue.SendSMS(ctx, notify.SignInCode(f.Phone, code, smsCodeTTL))
}

// checkTextedCode checks a texted code, at most smsCodeTries times; the
// right code is consumed once. Errors: api.CodeInvalidCode.
func (s *Service) checkTextedCode(ctx context.Context, acct store.Account, purpose, code string) error {
	_, err := s.checkCode(ctx, purpose, smsTokenKey(purpose, acct.ID), code, smsCodeTries)
	return err
}

// checkCode checks a short code against the code token of kind stored
// under key, at most tries times. Of
// concurrent right answers exactly one gets the token, the others
// api.CodeInvalidCode like a wrong code.
func (s *Service) checkCode(ctx context.Context, kind, key, code string, tries int) (store.Token, error) {
	now := s.now()
	t, err := s.store.UpdateToken(ctx, key, func(old store.Token) (store.Token, error) {
		old.Attempts++
		return old, nil
	})
	if errors.Is(err, store.ErrNotFound) || (err == nil && (t.Kind != kind || !now.Before(t.ExpiresAt))) {
		return store.Token{}, Errorf(api.CodeInvalidCode, "That code has expired. Send a new one.")
	} else if err != nil {
		return store.Token{}, err
	}
	// Past its tries the code stays refused until it expires or a new one
	// replaces it; it is not deleted, so a right answer still within its
	// tries that raced with these wins as it would have alone.
	if t.Attempts > tries {
		return store.Token{}, Errorf(api.CodeInvalidCode, "Too many wrong codes. Send a new one.")
	}
	if !constantEqual(t.Data, hex.EncodeToString(s.box.codeMAC(code))) {
		return store.Token{}, errInvalidCode()
	}
	t, err = s.store.ConsumeToken(ctx, kind, key, now)
	if errors.Is(err, store.ErrNotFound) {
		return store.Token{}, errInvalidCode()
	}
	return t, err
}

func smsTokenKey(purpose, accountID string) string { return purpose + ":" + accountID }

// digits returns n random decimal digits, without modulo bias.
func (s *Service) digits(n int) (string, error) {
	out := make([]byte, 0, n)
	for len(out) < n {
		b, err := s.randomBytes(n)
		if err != nil {
			return "", err
		}
		for _, v := range b {
			if v < 250 && len(out) < n {
				out = append(out, '0'+v%10)
			}
		}
	}
	return string(out), nil
}

// twoStepNotice emails the person about a change to their second step.
func (s *Service) twoStepNotice(ctx context.Context, acct store.Account, what string, m Meta) {
	err := s.sendEmail(ctx, acct.Email, notify.TwoStepChange{Change: what, Account: acct.Email, From: noticeFrom(m), Link: s.link("/account", ""), When: s.now()})
	if err != nil {
		s.log.Error("two-step notice", "account", acct.ID, "err", err)
	}
}
