package identity

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// reauthWindow is how long after signing in a sensitive change needs no
// password again.
const reauthWindow = 10 * time.Minute

// TwoStep is an account's two-step verification state.
type TwoStep struct {
	Factors      []store.Factor
	Enforced     bool
	RequiredFrom time.Time
}

// Enabled reports whether a day-to-day second step is set up.
func (t TwoStep) Enabled() bool { return hasSecondStep(methodsOf(t.Factors)) }

// SetupOwed reports whether the account must set up two-step verification
// before it signs in anywhere: it is required (an organization enforces
// it, or the mandatory date has passed) and none is set up. A session
// from before the rule came owes it too.
func (t TwoStep) SetupOwed() bool { return t.Enforced && !t.Enabled() }

// confirmedFactors returns the account's factors that are set up.
func (s *Service) confirmedFactors(ctx context.Context, accountID string) ([]store.Factor, error) {
	all, err := s.store.ListFactors(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("factors: %w", err)
	}
	out := all[:0]
	for _, f := range all {
		if !f.Pending {
			out = append(out, f)
		}
	}
	return out, nil
}

// twoStepRequired reports whether the account must have two-step
// verification now: the service-wide date has passed, or one of its
// organizations enforces it.
func (s *Service) twoStepRequired(ctx context.Context, accountID string) (bool, error) {
	if !s.mfaFrom.IsZero() && !s.now().Before(s.mfaFrom) {
		return true, nil
	}
	ms, err := s.store.ListMembershipsByAccount(ctx, accountID)
	if err != nil {
		return false, fmt.Errorf("two-step required: %w", err)
	}
	for _, m := range ms {
		o, err := s.store.GetOrg(ctx, m.OrgID)
		if err == nil && o.Enforce2FA {
			return true, nil
		}
	}
	return false, nil
}

// TwoStepState returns the account's methods and whether they are required.
func (s *Service) TwoStepState(ctx context.Context, accountID string) (TwoStep, error) {
	factors, err := s.confirmedFactors(ctx, accountID)
	if err != nil {
		return TwoStep{}, err
	}
	required, err := s.twoStepRequired(ctx, accountID)
	if err != nil {
		return TwoStep{}, err
	}
	return TwoStep{Factors: factors, Enforced: required, RequiredFrom: s.mfaFrom}, nil
}

// canChangeFactors lets a session change second-step methods: during the
// setup step of sign-in, within a few minutes of signing in, or with the
// password re-entered. Errors: api.CodePasswordRequired, api.CodeWrongPassword, api.CodeTooManyAttempts.
func (s *Service) canChangeFactors(ctx context.Context, auth Auth, password string, m Meta) error {
	if auth.Session.Stage == StageSetup || s.now().Sub(auth.Session.AuthenticatedAt) < reauthWindow {
		return nil
	}
	if password == "" {
		return Errorf(api.CodePasswordRequired, "Enter your password to change how you sign in.")
	}
	return s.checkPassword(ctx, auth.Account, password, m, "password re-entered", "Your password is wrong.")
}

// AuthenticateSetup is Authenticate that also accepts a session in the
// setup step of sign-in, for the wizard's calls. Errors: api.CodeUnauthenticated.
func (s *Service) AuthenticateSetup(ctx context.Context, token string, m Meta) (Auth, error) {
	if sess, acct, err := s.sessionAt(ctx, token, StageSetup); err == nil {
		return Auth{Session: sess, Account: acct}, nil
	}
	return s.Authenticate(ctx, token, m)
}

// RemoveFactor removes a method. The last day-to-day method cannot go
// while two-step verification is required; the rule is checked and the
// method removed in one store call, so of two racing removals of an
// account's last two methods one fails. Errors: api.CodeNotFound, api.CodeForbidden.
func (s *Service) RemoveFactor(ctx context.Context, auth Auth, id, password string, m Meta) error {
	if err := s.canChangeFactors(ctx, auth, password, m); err != nil {
		return err
	}
	required, err := s.twoStepRequired(ctx, auth.Account.ID)
	if err != nil {
		return err
	}
	var removed store.Factor
	_, err = s.store.UpdateFactors(ctx, auth.Account.ID, func(all []store.Factor) ([]store.Factor, error) {
		i := slices.IndexFunc(all, func(f store.Factor) bool { return f.ID == id })
		if i < 0 {
			return nil, Errorf(api.CodeNotFound, "That method is already gone.")
		}
		removed = all[i]
		rest := withoutFactors(all, func(f store.Factor) bool { return f.ID == id })
		if hasSecondStep(methodsOf(withoutFactors(rest, isPending))) {
			return rest, nil
		}
		if required && removed.Kind != store.FactorEmergency {
			return nil, Errorf(api.CodeForbidden, "Two-step verification is required for your account, so its last method cannot be removed. Add another method first.")
		}
		// Without a day-to-day method an emergency code has nothing to back up.
		return nil, nil
	})
	if err != nil {
		return fmt.Errorf("remove factor: %w", err)
	}
	s.audit(ctx, AuditFactorChanged, auth.Account.ID, auth.Account.Email, m, removed.Kind+" removed")
	s.twoStepNotice(ctx, auth.Account, removed.Kind+"-removed", m)
	return nil
}

// withoutFactors returns the factors of fs that drop does not match.
func withoutFactors(fs []store.Factor, drop func(store.Factor) bool) []store.Factor {
	var out []store.Factor
	for _, f := range fs {
		if !drop(f) {
			out = append(out, f)
		}
	}
	return out
}

func isPending(f store.Factor) bool { return f.Pending }

// removeAllFactors turns two-step verification off for the account.
func (s *Service) removeAllFactors(ctx context.Context, accountID string) error {
	_, err := s.store.UpdateFactors(ctx, accountID, func([]store.Factor) ([]store.Factor, error) { return nil, nil })
	if err != nil {
		return fmt.Errorf("remove factors: %w", err)
	}
	return nil
}

// factorWithID returns f with a new ID, created now.
func (s *Service) factorWithID(f store.Factor) (store.Factor, error) {
	id, err := s.newID()
	if err != nil {
		return store.Factor{}, err
	}
	f.ID, f.CreatedAt = id, s.now()
	return f, nil
}

// newPendingFactor stores f as the account's one setup in progress of its
// kind, replacing an earlier one, and returns it.
func (s *Service) newPendingFactor(ctx context.Context, f store.Factor) (store.Factor, error) {
	f.Pending = true
	f, err := s.factorWithID(f)
	if err != nil {
		return store.Factor{}, err
	}
	_, err = s.store.UpdateFactors(ctx, f.AccountID, func(all []store.Factor) ([]store.Factor, error) {
		return append(withoutFactors(all, func(old store.Factor) bool { return old.Kind == f.Kind && old.Pending }), f), nil
	})
	if err != nil {
		return store.Factor{}, fmt.Errorf("new factor: %w", err)
	}
	return f, nil
}

func (s *Service) pendingFactor(ctx context.Context, accountID, kind string) (store.Factor, error) {
	all, err := s.store.ListFactors(ctx, accountID)
	if err != nil {
		return store.Factor{}, err
	}
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Kind == kind && all[i].Pending {
			return all[i], nil
		}
	}
	return store.Factor{}, errSetupGone()
}

func errSetupGone() error {
	return Errorf(api.CodeNotFound, "Start the setup again: this one is no longer in progress.")
}

// confirmFactor makes a pending factor count and replaces an older one of
// the same kind (one app, one phone).
func (s *Service) confirmFactor(ctx context.Context, auth Auth, f store.Factor, m Meta, notice string) (store.Factor, error) {
	var confirmed store.Factor
	_, err := s.store.UpdateFactors(ctx, f.AccountID, func(all []store.Factor) ([]store.Factor, error) {
		i := slices.IndexFunc(all, func(old store.Factor) bool { return old.ID == f.ID })
		if i < 0 {
			return nil, errSetupGone()
		}
		confirmed = all[i]
		confirmed.Pending = false
		replaced := func(old store.Factor) bool { return old.ID == f.ID || old.Kind == f.Kind && !old.Pending }
		return append(withoutFactors(all, replaced), confirmed), nil
	})
	if err != nil {
		return store.Factor{}, fmt.Errorf("confirm factor: %w", err)
	}
	f = confirmed
	s.audit(ctx, AuditFactorChanged, auth.Account.ID, auth.Account.Email, m, f.Kind+" added")
	s.twoStepNotice(ctx, auth.Account, notice, m)
	return f, nil
}
