package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/store"
)

// CheckActivationLink says whom an activation link is for.
// Errors: api.CodeInvalidLink, api.CodeExpiredLink.
func (s *Service) CheckActivationLink(ctx context.Context, secret string) (store.Account, error) {
	t, err := s.peekToken(ctx, tokenActivation, secret)
	if err != nil {
		return store.Account{}, err
	}
	return s.pendingAccount(ctx, t)
}

// pendingAccount returns the account of an activation token while it still
// has no password. Errors: api.CodeInvalidLink.
func (s *Service) pendingAccount(ctx context.Context, t store.Token) (store.Account, error) {
	acct, err := s.store.GetAccount(ctx, t.AccountID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && acct.PasswordHash != "") {
		return store.Account{}, Errorf(api.CodeInvalidLink, "This account is already activated. Sign in, or reset your password if you forgot it.")
	} else if err != nil {
		return store.Account{}, fmt.Errorf("activation: %w", err)
	}
	return acct, nil
}

// Activate sets the first password of an invited account, once, proves
// its email, accepts the invitation of the organization that sent the link
// and signs in. Other organizations' invitations wait on the account page.
// Errors: api.CodeInvalidLink, api.CodeExpiredLink, api.CodeWeakPassword.
func (s *Service) Activate(ctx context.Context, secret, password string, m Meta) (SignInResult, error) {
	acct, err := s.CheckActivationLink(ctx, secret)
	if err != nil {
		return SignInResult{}, err
	}
	if err := validateNewPassword(s.policy, acct.Email, password); err != nil {
		return SignInResult{}, err
	}
	t, err := s.consumeToken(ctx, tokenActivation, secret)
	if err != nil {
		return SignInResult{}, err
	}
	if acct, err = s.storePassword(ctx, acct.ID, password, true); err != nil {
		return SignInResult{}, err
	}
	if t.Data != "" {
		_, p, err := s.takeInvite(ctx, acct.ID, func(p pendingInvite) bool { return p.OrgID == t.Data && p.Link == t.Hash })
		if err == nil {
			_, err = s.join(ctx, acct, p)
		}
		if err != nil && ErrorCode(err) != api.CodeNotFound {
			return SignInResult{}, err
		}
	}
	// The rest of sign-in still applies: an organization that enforces
	// two-step verification gets the setup wizard before the account page.
	res, err := s.advance(ctx, acct, store.Session{AMR: []string{"pwd"}}, false, m)
	if err != nil {
		return SignInResult{}, err
	}
	s.seeDevice(ctx, acct, m, s.now())
	s.audit(ctx, AuditActivated, acct.ID, acct.Email, m, "")
	return res, nil
}

// ResendActivation emails a fresh link in place of an expired (or lost)
// one, while the account is still not activated. The old link names the
// address, so the new one can only go where the first went, and it speaks
// for the same organization.
// Errors: api.CodeInvalidLink, api.CodeTooManyAttempts.
func (s *Service) ResendActivation(ctx context.Context, secret string, m Meta) (string, error) {
	t, err := s.peekToken(ctx, tokenActivation, secret)
	if err != nil && ErrorCode(err) != api.CodeExpiredLink {
		return "", err
	}
	acct, err := s.pendingAccount(ctx, t)
	if err != nil {
		return "", err
	}
	if err := s.checkSendIP(ctx, m.IP); err != nil {
		return "", err
	}
	ok, err := s.allowSendTo(ctx, "activation:"+acct.Email)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", errTooMany(sendWindow)
	}
	fresh, hash, err := s.issueActivation(ctx, acct, t.Data)
	if err != nil {
		return "", err
	}
	now := s.now()
	if err := s.retireLink(ctx, t.Hash, now); err != nil {
		return "", err
	}
	var inviter notify.Inviter
	if t.Data != "" {
		var entry pendingInvite
		err := s.updateInvites(ctx, acct, now, func(list []pendingInvite) ([]pendingInvite, error) {
			entry = pendingInvite{}
			for i := range list {
				if list[i].OrgID == t.Data && list[i].Link == t.Hash {
					list[i].Link = hash
					entry = list[i]
				}
			}
			return list, nil
		})
		if err != nil {
			return "", err
		}
		if o, err := s.store.GetOrg(ctx, t.Data); err == nil {
			inviter = inviterOf(entry.Inviter, &o)
		}
	}
	if err := s.sendActivation(ctx, acct, fresh, inviter); err != nil {
		return "", err
	}
	return fmt.Sprintf(msgResent, api.Lifetime(activationTTL)), nil
}

// issueActivation stores a new activation link for the account, on behalf
// of the organization orgID ("" for an operator), and returns its secret
// and hash. Links already sent stay valid: each organization retires only
// its own (see pendingInvite.Link), and activating once ends them all.
func (s *Service) issueActivation(ctx context.Context, acct store.Account, orgID string) (secret, hash string, err error) {
	if secret, err = s.newSecret(); err != nil {
		return "", "", err
	}
	now := s.now()
	hash = hashSecretHex(secret)
	t := store.Token{Hash: hash, Kind: tokenActivation, AccountID: acct.ID, Email: acct.Email, Data: orgID, CreatedAt: now, ExpiresAt: now.Add(activationTTL)}
	if err := s.store.CreateToken(ctx, t); err != nil {
		return "", "", fmt.Errorf("issue activation: %w", err)
	}
	return secret, hash, nil
}

// retireLink ends the activation link with hash, if it still works.
func (s *Service) retireLink(ctx context.Context, hash string, now time.Time) error {
	if hash == "" {
		return nil
	}
	if _, err := s.store.ConsumeToken(ctx, tokenActivation, hash, now); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("retire activation link: %w", err)
	}
	return nil
}

func (s *Service) sendActivation(ctx context.Context, acct store.Account, secret string, inviter notify.Inviter) error {
	return s.sendEmail(ctx, acct.Email, notify.Activation{Inviter: inviter, Account: acct.Email, Link: s.link("/activate", secret), Valid: activationTTL})
}
