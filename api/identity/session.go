package identity

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// Session stages: what a session still owes before it counts as signed
// in, stored with the session. Each is named after the next step it asks.
const (
	StageComplete       = ""
	StageChangePassword = api.NextChangePassword
	StageSecondFactor   = api.NextSecondFactor
	StageSetup          = api.NextSetupSecondFactor
	StageAckEmergency   = api.NextAckEmergencyCode
)

// pendingTTL bounds a session that is stuck half-way through sign-in.
const pendingTTL = 15 * time.Minute

// touchEvery limits how often LastSeenAt is written, so checking a session
// stays a read most of the time.
const touchEvery = time.Minute

// Auth is a validated session and its account.
type Auth struct {
	Session store.Session
	Account store.Account
}

// startSession creates a session like sess (account, stage, methods) and
// returns it with its cookie token ("id.secret"). Every sign-in step gets
// a new one, so a planted id is useless.
func (s *Service) startSession(ctx context.Context, sess store.Session, m Meta, now time.Time) (store.Session, string, error) {
	id, err := s.newID()
	if err != nil {
		return store.Session{}, "", err
	}
	secret, err := s.newSecret()
	if err != nil {
		return store.Session{}, "", err
	}
	sess.ExpiresAt = now.Add(s.max)
	if sess.Stage != StageComplete {
		sess.ExpiresAt = now.Add(pendingTTL)
	}
	sess.ID, sess.SecretHash = id, hashSecret(secret)
	sess.CreatedAt, sess.AuthenticatedAt, sess.LastSeenAt = now, now, now
	sess.IP, sess.UserAgent = m.IP, truncate(m.UserAgent, 512)
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return store.Session{}, "", fmt.Errorf("start session: %w", err)
	}
	return sess, id + "." + secret, nil
}

// lookupSession returns the live session for token at any stage.
// Errors: api.CodeUnauthenticated.
func (s *Service) lookupSession(ctx context.Context, token string, now time.Time) (store.Session, error) {
	id, secret, ok := splitToken(token)
	if !ok {
		return store.Session{}, errUnauthenticated()
	}
	sess, err := s.store.GetSession(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Session{}, errUnauthenticated()
	} else if err != nil {
		return store.Session{}, fmt.Errorf("lookup session: %w", err)
	}
	if !secretMatches(secret, sess.SecretHash) {
		return store.Session{}, errUnauthenticated()
	}
	if !now.Before(sess.ExpiresAt) || !now.Before(sess.LastSeenAt.Add(s.idle)) {
		if err := s.store.DeleteSession(ctx, id); err != nil && !errors.Is(err, store.ErrNotFound) {
			return store.Session{}, fmt.Errorf("lookup session: end expired: %w", err)
		}
		return store.Session{}, errUnauthenticated()
	}
	return sess, nil
}

// Authenticate returns the complete session for a cookie token and marks it
// as seen. Errors: api.CodeUnauthenticated.
func (s *Service) Authenticate(ctx context.Context, token string, m Meta) (Auth, error) {
	now := s.now()
	sess, err := s.lookupSession(ctx, token, now)
	if err != nil {
		return Auth{}, err
	}
	if sess.Stage != StageComplete {
		return Auth{}, errUnauthenticated()
	}
	acct, err := s.store.GetAccount(ctx, sess.AccountID)
	if errors.Is(err, store.ErrNotFound) {
		return Auth{}, errUnauthenticated()
	} else if err != nil {
		return Auth{}, fmt.Errorf("authenticate: %w", err)
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery || sess.IP != m.IP {
		sess, err = s.store.UpdateSession(ctx, sess.ID, func(old store.Session) (store.Session, error) {
			old.LastSeenAt = now
			old.IP = m.IP
			return old, nil
		})
		if errors.Is(err, store.ErrNotFound) {
			return Auth{}, errUnauthenticated()
		} else if err != nil {
			return Auth{}, fmt.Errorf("authenticate: touch: %w", err)
		}
	}
	return Auth{Session: sess, Account: acct}, nil
}

// SignOut ends the session of token; an unknown token is not an error.
func (s *Service) SignOut(ctx context.Context, token string, m Meta) error {
	now := s.now()
	sess, err := s.lookupSession(ctx, token, now)
	if err != nil {
		return nil
	}
	if err := s.store.DeleteSession(ctx, sess.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("sign out: %w", err)
	}
	s.audit(ctx, AuditSignOut, sess.AccountID, "", m, "")
	return nil
}

// Sessions returns the account's complete, live sessions, newest first.
func (s *Service) Sessions(ctx context.Context, accountID string) ([]store.Session, error) {
	all, err := s.store.ListSessions(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("sessions: %w", err)
	}
	now := s.now()
	return slices.DeleteFunc(all, func(x store.Session) bool {
		return x.Stage != StageComplete || !now.Before(x.ExpiresAt) || !now.Before(x.LastSeenAt.Add(s.idle))
	}), nil
}

// RevokeSession signs out one of the account's sessions. Errors: api.CodeNotFound
// (also for another account's session, which must not be distinguishable).
func (s *Service) RevokeSession(ctx context.Context, accountID, sessionID string, m Meta) error {
	sess, err := s.store.GetSession(ctx, sessionID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && sess.AccountID != accountID) {
		return Errorf(api.CodeNotFound, "That session has already ended.")
	} else if err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	if err := s.store.DeleteSession(ctx, sessionID); errors.Is(err, store.ErrNotFound) {
		return Errorf(api.CodeNotFound, "That session has already ended.")
	} else if err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	s.audit(ctx, AuditSessionRevoked, accountID, "", m, sessionID)
	return nil
}

// RevokeOtherSessions signs out every session of the account except keepID
// and returns how many ended.
func (s *Service) RevokeOtherSessions(ctx context.Context, accountID, keepID string, m Meta) (int, error) {
	all, err := s.store.ListSessions(ctx, accountID)
	if err != nil {
		return 0, fmt.Errorf("revoke sessions: %w", err)
	}
	n := 0
	for _, x := range all {
		if x.ID == keepID {
			continue
		}
		if err := s.store.DeleteSession(ctx, x.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return n, fmt.Errorf("revoke sessions: %w", err)
		}
		n++
	}
	if n > 0 {
		s.audit(ctx, AuditSessionRevoked, accountID, "", m, "all other sessions: "+strconv.Itoa(n))
	}
	return n, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
