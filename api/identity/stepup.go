package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// StepUp asks a complete session that has not had a second step for one,
// because a product wants two-step verification (OpenID acr_values). The
// session becomes a sign-in waiting for its second step, which a
// remembered browser does not skip; for an account without a method, it
// becomes the setup wizard — and since setting up a method is a change to
// how one signs in, that needs a sign-in within the last few minutes, as
// any such change does. A session that has had its second step is done as
// it is. Errors: api.CodeUnauthenticated, api.CodePasswordRequired (sign in again first).
func (s *Service) StepUp(ctx context.Context, token string, m Meta) (SignInResult, error) {
	auth, err := s.Authenticate(ctx, token, m)
	if err != nil {
		return SignInResult{}, err
	}
	if hasMFA(auth.Session.AMR) {
		return SignInResult{Next: api.NextDone}, nil
	}
	acct, now := auth.Account, s.now()
	factors, err := s.confirmedFactors(ctx, acct.ID)
	if err != nil {
		return SignInResult{}, err
	}
	methods := methodsOf(factors)
	next := store.Session{AccountID: acct.ID, AMR: auth.Session.AMR}
	var res SignInResult
	switch {
	case hasSecondStep(methods):
		next.Stage, res = StageSecondFactor, s.askSecondStep(ctx, acct.ID, methods, m)
	case now.Sub(auth.Session.AuthenticatedAt) < reauthWindow:
		next.Stage, res.Next = StageSetup, api.NextSetupSecondFactor
	default:
		return SignInResult{}, Errorf(api.CodePasswordRequired, "Sign in again to set up two-step verification.")
	}
	if err := s.store.DeleteSession(ctx, auth.Session.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
		return SignInResult{}, fmt.Errorf("step up: %w", err)
	}
	sess, token, err := s.startSession(ctx, next, m, now)
	if err != nil {
		return SignInResult{}, err
	}
	s.audit(ctx, AuditStepUp, acct.ID, acct.Email, m, res.Next)
	res.Token, res.Session = token, sess
	return res, nil
}
