package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/limit"
	"github.com/porta-id/porta/api/store"
)

// Counter keys. Unknown emails are counted too, so limits behave the same
// whether or not an account exists.
func passwordKey(email string) string { return "email:" + email }

// knownDeviceKey counts the password failures of one browser that has
// signed in to the account before: it is exempt from the failures
// strangers cause (OWASP "device cookies") but still pays for its own.
func knownDeviceKey(email, deviceID string) string { return "email:" + email + "#device:" + deviceID }

func secondStepKey(accountID string) string { return "second:" + accountID }
func ipFailureKey(ip string) string         { return "ip:" + ip }
func ipSendKey(ip string) string            { return "ip-send:" + ip }
func ipChallengeKey(ip string) string       { return "ip-challenge:" + ip }

// sendWindow is the window of the per-address send cap.
const sendWindow = time.Hour

func (l Limits) passwordRule() limit.Rule {
	return limit.Rule{Free: l.FreeFailures, MaxDelay: l.MaxDelay, Max: l.MaxFailures, Lock: l.LockDuration, Forget: l.ForgetFailures}
}

// secondStepRule locks until the owner resets the password by email.
func (l Limits) secondStepRule() limit.Rule {
	return limit.Rule{Free: l.FreeFailures, MaxDelay: l.MaxDelay, Max: l.MaxSecondStepFailures, Forget: l.ForgetFailures}
}

func (l Limits) ipFailures() limit.Bucket {
	return limit.Bucket{PerMinute: l.IPFailuresPerMinute, Burst: l.IPFailureBurst}
}

func (l Limits) ipSends() limit.Bucket {
	return limit.Bucket{PerMinute: l.IPSendsPerMinute, Burst: l.IPSendBurst}
}

func (l Limits) ipChallenges() limit.Bucket {
	return limit.Bucket{PerMinute: l.IPChallengesPerMinute, Burst: l.IPChallengeBurst}
}

func errTooMany(wait time.Duration) *Error {
	r := limit.Refused{Wait: wait}
	secs := r.RetryAfterSeconds()
	e := Errorf(api.CodeTooManyAttempts, "Too many attempts. Try again in %s.", api.Wait(time.Duration(secs)*time.Second))
	e.RetryAfter = secs
	return e
}

func errSecondStepLocked() *Error {
	return Errorf(api.CodeTooManyAttempts, "Two-step verification is locked after too many wrong codes. Reset your password by email to unlock it.")
}

// refusal turns a limiter's refusal into api.CodeTooManyAttempts and passes other errors on.
func refusal(err error) error {
	if r, ok := limit.IsRefused(err); ok {
		if r.UntilReset {
			return errSecondStepLocked()
		}
		return errTooMany(r.Wait)
	}
	return err
}

// guard is one limited check: the address's bucket and the key's counter
// are both reserved before check runs, so parallel requests cannot spend
// more than the budget. check reports whether the secret was right; on
// success both are given back, on a wrong secret both stay spent.
type guard struct {
	key  string
	rule limit.Rule
}

// attempt runs check under g for the request m. The returned Attempt says
// whether this failure locked the key. Errors: api.CodeTooManyAttempts, check's own.
func (s *Service) attempt(ctx context.Context, g guard, m Meta, check func() (bool, error)) (bool, limit.Attempt, error) {
	now := s.now()
	if err := s.limiter.Take(ctx, ipFailureKey(m.IP), s.limits.ipFailures(), now); err != nil {
		return false, limit.Attempt{}, refusal(err)
	}
	a, err := s.limiter.Reserve(ctx, g.key, g.rule, now)
	if err != nil {
		return false, limit.Attempt{}, refusal(err)
	}
	ok, err := check()
	if err != nil || !ok {
		return false, a, err
	}
	if err := s.limiter.Clear(ctx, g.key); err != nil {
		return false, a, fmt.Errorf("clear failures: %w", err)
	}
	if err := s.limiter.Give(ctx, ipFailureKey(m.IP), s.limits.ipFailures(), now); err != nil {
		return false, a, fmt.Errorf("give back: %w", err)
	}
	return true, a, nil
}

// passwordGuard picks the counter for a password attempt on email: the
// browser's own when it has signed in to acct before, else the email's.
func (s *Service) passwordGuard(ctx context.Context, email string, acct store.Account, m Meta) (guard, error) {
	g := guard{key: passwordKey(email), rule: s.limits.passwordRule()}
	if acct.ID == "" || m.DeviceID == "" {
		return g, nil
	}
	_, err := s.store.GetDevice(ctx, acct.ID, m.DeviceID)
	switch {
	case err == nil:
		g.key = knownDeviceKey(email, m.DeviceID)
	case !errors.Is(err, store.ErrNotFound):
		return g, fmt.Errorf("password guard: %w", err)
	}
	return g, nil
}

// verifyPassword checks acct's password (acct may be the zero Account of
// an unknown email, which costs the same) under the password limits.
func (s *Service) verifyPassword(ctx context.Context, email string, acct store.Account, password string, m Meta) (ok, stale bool, err error) {
	// The address's share of the hashing queue is taken first, so a flood
	// beyond it is refused before it costs a store write.
	ticket, err := s.hasher.Admit(m.IP)
	if errors.Is(err, ErrHashQueueFull) {
		return false, false, errTooMany(time.Second)
	} else if err != nil {
		return false, false, err
	}
	defer ticket.Done()
	g, err := s.passwordGuard(ctx, email, acct, m)
	if err != nil {
		return false, false, err
	}
	ok, _, err = s.attempt(ctx, g, m, func() (bool, error) {
		if len(password) > s.policy.MaxLength {
			return false, nil
		}
		hash := acct.PasswordHash
		if hash == "" {
			hash = s.dummyHash
		}
		good, old, err := ticket.Verify(ctx, hash, password)
		stale = old
		return good && acct.PasswordHash != "", err
	})
	return ok, stale, err
}

// checkPassword verifies the password a signed-in person re-entered for a
// sensitive change, counting a wrong one like a failed sign-in: the audit
// log notes detail, the person reads wrong.
// Errors: api.CodeWrongPassword, api.CodeTooManyAttempts.
func (s *Service) checkPassword(ctx context.Context, acct store.Account, password string, m Meta, detail, wrong string) error {
	ok, _, err := s.verifyPassword(ctx, acct.Email, acct, password, m)
	if err != nil {
		return passwordCheckError(err)
	}
	if !ok {
		s.audit(ctx, AuditSignInFailed, acct.ID, acct.Email, m, detail)
		return &Error{Code: api.CodeWrongPassword, Message: wrong}
	}
	return nil
}

// clearAccountLimits lifts every counter of an account after its owner
// proved the mailbox by a reset link: the password counters (the email's
// and each known browser's) and the second-step lock.
func (s *Service) clearAccountLimits(ctx context.Context, acct store.Account) error {
	keys := []string{passwordKey(acct.Email), secondStepKey(acct.ID)}
	devices, err := s.store.ListDevices(ctx, acct.ID)
	if err != nil {
		return fmt.Errorf("clear limits: %w", err)
	}
	for _, d := range devices {
		keys = append(keys, knownDeviceKey(acct.Email, d.ID))
	}
	for _, k := range keys {
		if err := s.limiter.Clear(ctx, k); err != nil {
			return fmt.Errorf("clear limits: %w", err)
		}
	}
	return nil
}

// checkSendIP spends one unit of ip's sending budget, or returns api.CodeTooManyAttempts.
func (s *Service) checkSendIP(ctx context.Context, ip string) error {
	return refusal(s.limiter.Take(ctx, ipSendKey(ip), s.limits.ipSends(), s.now()))
}

// allowSendTo counts one email of a kind to an address and reports whether
// it is within SendsPerAddress for the current window.
func (s *Service) allowSendTo(ctx context.Context, key string) (bool, error) {
	return s.limiter.Count(ctx, "send:"+key, sendWindow, s.limits.SendsPerAddress, s.now())
}

// passwordCheckError keeps api.CodeTooManyAttempts for the person and wraps the rest.
func passwordCheckError(err error) error {
	if ErrorCode(err) == api.CodeTooManyAttempts {
		return err
	}
	return fmt.Errorf("check password: %w", err)
}
