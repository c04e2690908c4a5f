package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/porta-id/porta/api/store"
)

// Invite outcomes.
const (
	InviteSent  = "invited" // new account: an activation email went out
	InviteAdded = "added"   // existing account: added to the organization and told so
)

// Invitation is who invites whom, and where.
type Invitation struct {
	Email string
	Name  string
	// OrgSlug is optional for operators; organization admins always give it.
	OrgSlug string
	Role    string
	// Inviter is the display name used in the email ("Your administrator"
	// when empty).
	Inviter string
}

// Invite creates an account without a password for the invitation's email
// and emails an activation link (24 hours, one use). When the email already
// has an activated account, it is added to the organization and told so.
// Errors: EInvalid, ENotFound (organization), EConflict (an activated
// account and no organization to add it to).
func (s *Service) Invite(ctx context.Context, inv Invitation, m Meta) (string, error) {
	addr, err := NormalizeEmail(inv.Email)
	if err != nil {
		return "", err
	}
	name, err := cleanName(inv.Name)
	if err != nil {
		return "", err
	}
	role, ok := cleanRole(inv.Role)
	if !ok {
		return "", errRole(inv.Role)
	}
	var org *store.Org
	if inv.OrgSlug != "" {
		o, err := s.Org(ctx, inv.OrgSlug)
		if err != nil {
			return "", err
		}
		org = &o.Org
	}
	acct, err := s.store.GetAccountByEmail(ctx, addr)
	switch {
	case errors.Is(err, store.ErrNotFound):
		if acct, err = s.createPendingAccount(ctx, addr, name); err != nil {
			return "", err
		}
	case err != nil:
		return "", fmt.Errorf("invite: %w", err)
	case acct.PasswordHash != "" && org == nil:
		return "", Errorf(EConflict, "%s already has an activated account.", addr)
	}
	if org != nil {
		if _, err := s.putMember(ctx, *org, acct, role); err != nil {
			return "", err
		}
	}
	if acct.PasswordHash != "" {
		return InviteAdded, s.sendAdded(ctx, acct, *org)
	}
	s.audit(ctx, AuditInvited, acct.ID, acct.Email, m, inv.OrgSlug)
	return InviteSent, s.sendActivation(ctx, acct, inv.Inviter)
}

func (s *Service) createPendingAccount(ctx context.Context, addr, name string) (store.Account, error) {
	id, err := s.newID()
	if err != nil {
		return store.Account{}, err
	}
	now := s.now()
	a := store.Account{ID: id, Email: addr, Name: name, CreatedAt: now, UpdatedAt: now}
	if err := s.store.CreateAccount(ctx, a); err != nil {
		return store.Account{}, fmt.Errorf("invite: %w", err)
	}
	s.audit(ctx, AuditAccountCreated, id, addr, Meta{}, "invited")
	return a, nil
}

func (s *Service) sendActivation(ctx context.Context, acct store.Account, inviter string) error {
	if inviter == "" {
		inviter = tr("inviter.operator")
	}
	secret, err := s.issueToken(ctx, tokenActivation, acct, activationTTL)
	if err != nil {
		return err
	}
	return s.sendEmail(ctx, acct.Email, email{
		Subject:    tr("activate.subject"),
		Heading:    tr("activate.heading"),
		Paragraphs: []string{tr("activate.body", inviter, acct.Email, validity(activationTTL))},
		Action:     &emailLink{tr("activate.action"), s.link("/activate", secret)},
		Why:        tr("why.account"),
	})
}

func (s *Service) sendAdded(ctx context.Context, acct store.Account, org store.Org) error {
	v := s.orgView(org, "")
	return s.sendEmail(ctx, acct.Email, email{
		Subject:    tr("added.subject", org.Name),
		Heading:    tr("added.heading", org.Name),
		Paragraphs: []string{tr("added.body", acct.Email, org.Name)},
		Action:     &emailLink{tr("added.action", org.Name), v.SignInURL},
		Why:        tr("why.account"),
	})
}

// CheckActivationLink says whom an activation link is for.
// Errors: EInvalidLink, EExpiredLink.
func (s *Service) CheckActivationLink(ctx context.Context, secret string) (store.Account, error) {
	t, err := s.peekToken(ctx, tokenActivation, secret)
	if err != nil {
		return store.Account{}, err
	}
	return s.pendingAccount(ctx, t)
}

// pendingAccount returns the account of an activation token while it still
// has no password. Errors: EInvalidLink.
func (s *Service) pendingAccount(ctx context.Context, t store.Token) (store.Account, error) {
	acct, err := s.store.GetAccount(ctx, t.AccountID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && acct.PasswordHash != "") {
		return store.Account{}, Errorf(EInvalidLink, "This account is already activated. Sign in, or reset your password if you forgot it.")
	} else if err != nil {
		return store.Account{}, fmt.Errorf("activation: %w", err)
	}
	return acct, nil
}

// Activate sets the first password of an invited account, once, proves
// its email and signs in. Errors: EInvalidLink, EExpiredLink, EWeakPassword.
func (s *Service) Activate(ctx context.Context, secret, password string, m Meta) (SignInResult, error) {
	acct, err := s.CheckActivationLink(ctx, secret)
	if err != nil {
		return SignInResult{}, err
	}
	if err := validateNewPassword(s.policy, acct.Email, password); err != nil {
		return SignInResult{}, err
	}
	if _, err := s.consumeToken(ctx, tokenActivation, secret); err != nil {
		return SignInResult{}, err
	}
	if acct, err = s.storePassword(ctx, acct.ID, password, true); err != nil {
		return SignInResult{}, err
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
// address, so the new one can only go where the first went.
// Errors: EInvalidLink, ETooMany.
func (s *Service) ResendActivation(ctx context.Context, secret string, m Meta) (string, error) {
	t, err := s.peekToken(ctx, tokenActivation, secret)
	if err != nil && ErrorCode(err) != EExpiredLink {
		return "", err
	}
	acct, err := s.pendingAccount(ctx, t)
	if err != nil {
		return "", err
	}
	if err := s.checkSendIP(m.IP); err != nil {
		return "", err
	}
	ok, err := s.allowSendTo(ctx, "activation:"+acct.Email)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", errTooMany(sendWindow)
	}
	if err := s.sendActivation(ctx, acct, ""); err != nil {
		return "", err
	}
	return msgResent, nil
}
