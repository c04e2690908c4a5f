package identity

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// advance ends the step a person just passed and starts the next one:
// the second step first if the account has one (unless this browser is
// remembered), so a half-signed-in session can do nothing before it; then
// a new password if the stored one is too weak; then the setup wizard if
// two-step verification is required and missing; then done. Each step
// gets a new session token.
func (s *Service) advance(ctx context.Context, acct store.Account, prev store.Session, weakPassword bool, m Meta) (SignInResult, error) {
	now := s.now()
	if prev.ID != "" {
		if err := s.store.DeleteSession(ctx, prev.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return SignInResult{}, fmt.Errorf("sign in: %w", err)
		}
	}
	next := store.Session{AccountID: acct.ID, Stage: StageComplete, AMR: prev.AMR}
	owed := weakPassword || prev.PasswordChangeOwed
	res := SignInResult{Next: api.NextDone}
	var methods []string
	required := false
	if !hasMFA(next.AMR) {
		factors, err := s.confirmedFactors(ctx, acct.ID)
		if err != nil {
			return SignInResult{}, err
		}
		methods = methodsOf(factors)
		if required, err = s.twoStepRequired(ctx, acct.ID); err != nil {
			return SignInResult{}, err
		}
	}
	switch {
	case hasSecondStep(methods) && !s.deviceTrusted(ctx, acct.ID, m):
		next.Stage, next.PasswordChangeOwed = StageSecondFactor, owed
		res = s.askSecondStep(ctx, acct.ID, methods, m)
	case owed:
		next.Stage, res.Next = StageChangePassword, api.NextChangePassword
	case !hasMFA(next.AMR) && !hasSecondStep(methods) && required:
		next.Stage, res.Next = StageSetup, api.NextSetupSecondFactor
	}
	sess, token, err := s.startSession(ctx, next, m, now)
	if err != nil {
		return SignInResult{}, err
	}
	res.Token, res.Session = token, sess
	return res, nil
}

// askSecondStep is the answer that sends a sign-in to its second step
// with methods, the default first.
func (s *Service) askSecondStep(ctx context.Context, accountID string, methods []string, m Meta) SignInResult {
	return SignInResult{
		Next: api.NextSecondFactor, Methods: methods, Default: methods[0],
		CanRememberDevice: m.DeviceID != "" && !s.rememberForbidden(ctx, accountID),
		RememberDevice:    s.rememberFor,
	}
}

// hasMFA reports whether a session's methods include a second step.
func hasMFA(amr []string) bool { return slices.Contains(amr, "mfa") }

// hasSecondStep reports whether methods include one that can be used day
// to day: an emergency code alone does not count.
func hasSecondStep(methods []string) bool {
	return slices.ContainsFunc(methods, func(m string) bool { return m != api.MethodEmergency })
}

// factorAMR is the amr value (RFC 8176) a sign-in gets from each kind of
// factor it passed; a passkey's depends on the passkey (passkeyAMR).
var factorAMR = map[string]string{store.FactorTOTP: "otp", store.FactorSMS: "sms", store.FactorEmergency: "emergency"}

// methodsOf lists the kinds of factors, the preferred default first: the
// app, then SMS, then a passkey, then the emergency code.
func methodsOf(factors []store.Factor) []string {
	var out []string
	for _, kind := range []string{store.FactorTOTP, store.FactorSMS, store.FactorPasskey, store.FactorEmergency} {
		for _, f := range factors {
			if m := FactorMethod(kind); f.Kind == kind && !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// rememberForbidden reports whether an organization of the account makes
// its members pass the second step every time.
func (s *Service) rememberForbidden(ctx context.Context, accountID string) bool {
	ms, err := s.store.ListMembershipsByAccount(ctx, accountID)
	if err != nil {
		return true
	}
	for _, m := range ms {
		if o, err := s.store.GetOrg(ctx, m.OrgID); err != nil || o.ForbidRememberDevice {
			return true
		}
	}
	return false
}

// deviceTrusted reports whether this browser was remembered after a
// second step and may skip it (and no organization forbids that).
func (s *Service) deviceTrusted(ctx context.Context, accountID string, m Meta) bool {
	if m.DeviceID == "" || s.rememberForbidden(ctx, accountID) {
		return false
	}
	d, err := s.store.GetDevice(ctx, accountID, m.DeviceID)
	return err == nil && s.now().Before(d.TrustedUntil)
}

// sessionAt returns the live session of token at stage.
// Errors: api.CodeUnauthenticated.
func (s *Service) sessionAt(ctx context.Context, token, stage string) (store.Session, store.Account, error) {
	sess, err := s.lookupSession(ctx, token, s.now())
	if err != nil {
		return store.Session{}, store.Account{}, err
	}
	if sess.Stage != stage {
		return store.Session{}, store.Account{}, errUnauthenticated()
	}
	acct, err := s.store.GetAccount(ctx, sess.AccountID)
	if errors.Is(err, store.ErrNotFound) {
		return store.Session{}, store.Account{}, errUnauthenticated()
	} else if err != nil {
		return store.Session{}, store.Account{}, fmt.Errorf("session: %w", err)
	}
	return sess, acct, nil
}

// FactorMethod is the wire name (api.Method…) of a stored factor kind: the
// one place where the store's kinds meet the API's.
func FactorMethod(kind string) string {
	switch kind {
	case store.FactorTOTP:
		return api.MethodTOTP
	case store.FactorSMS:
		return api.MethodSMS
	case store.FactorEmergency:
		return api.MethodEmergency
	case store.FactorPasskey:
		return api.MethodPasskey
	}
	return kind
}
