package identity

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/store"
)

// InviteSent is Invite's answer: Invite answers it whether or not the email
// already has an account, so the answer reveals nothing.
const InviteSent = "invited"

// invitationTTL is how long an invitation waits for an answer.
const invitationTTL = 30 * 24 * time.Hour

// Invitation is who invites whom, and where.
type Invitation struct {
	Email string
	Name  string
	// OrgSlug is optional for operators; organization admins always give it.
	OrgSlug string
	Role    string
	// Inviter is the name of the person inviting, shown in the email and
	// on the account page ("Your administrator" when empty).
	Inviter string
	// By is who invites, for the organization's log: an admin's email.
	By string
}

// Invite asks the person with the invitation's email to join the
// organization with the role; nobody joins without accepting. An email
// without an account gets an account without a password and an activation
// link (24 hours, one use); activating accepts the invitation. An existing
// account gets a pending invitation, which it accepts or declines on its
// account page. Inviting again to the same organization replaces only
// that organization's invitation. The answer is InviteSent either way.
// Errors: api.CodeInvalidRequest, api.CodeNotFound (organization), api.CodeConflict (operators only:
// an activated account and no organization to invite it to).
func (s *Service) Invite(ctx context.Context, inv Invitation, m Meta) (string, error) {
	addr, err := NormalizeEmail(inv.Email)
	if err != nil {
		return "", err
	}
	name, err := cleanText(fieldName, inv.Name, maxNameLength)
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
		return "", Errorf(api.CodeConflict, "%s already has an activated account.", addr)
	}
	if org == nil {
		secret, _, err := s.issueActivation(ctx, acct, "")
		if err != nil {
			return "", err
		}
		s.audit(ctx, AuditInvited, acct.ID, acct.Email, m, "")
		return InviteSent, s.sendActivation(ctx, acct, secret, inviterOf(inv.Inviter, nil))
	}
	if _, err := s.store.GetMembership(ctx, org.ID, acct.ID); err == nil {
		return InviteSent, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return "", fmt.Errorf("invite: %w", err)
	}
	var secret, link string
	if acct.PasswordHash == "" {
		if secret, link, err = s.issueActivation(ctx, acct, org.ID); err != nil {
			return "", err
		}
	}
	id, err := s.newID()
	if err != nil {
		return "", err
	}
	now := s.now()
	entry := pendingInvite{ID: id, OrgID: org.ID, Role: role, Inviter: inv.Inviter, InvitedAt: now, ExpiresAt: now.Add(invitationTTL), Link: link}
	var old pendingInvite
	err = s.updateInvites(ctx, acct, now, func(list []pendingInvite) ([]pendingInvite, error) {
		old = pendingInvite{}
		list = slices.DeleteFunc(list, func(p pendingInvite) bool {
			if p.OrgID == org.ID {
				old = p
				return true
			}
			return false
		})
		return append(list, entry), nil
	})
	if err != nil {
		return "", err
	}
	if err := s.retireLink(ctx, old.Link, now); err != nil {
		return "", err
	}
	if err := s.listInvite(ctx, org.ID, acct, entry); err != nil {
		return "", err
	}
	s.record(ctx, store.AuditEvent{Type: AuditInvited, OrgID: org.ID, Actor: cmp.Or(inv.By, byOperator), AccountID: acct.ID, Email: acct.Email, Detail: "as " + role}, m)
	if acct.PasswordHash == "" {
		return InviteSent, s.sendActivation(ctx, acct, secret, inviterOf(inv.Inviter, org))
	}
	return InviteSent, s.sendInvitation(ctx, acct, *org, inv.Inviter)
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

// inviterOf names who invites for an email: a person of org, or the
// operator when inviter is empty.
func inviterOf(inviter string, org *store.Org) notify.Inviter {
	if org == nil {
		return notify.Inviter{Name: inviter}
	}
	return notify.Inviter{Name: inviter, Org: org.Name}
}

// sendInvitation tells an existing account about an invitation; the
// button opens the account page (after sign-in) where it is answered.
func (s *Service) sendInvitation(ctx context.Context, acct store.Account, org store.Org, inviter string) error {
	return s.sendEmail(ctx, acct.Email, notify.Invitation{Inviter: inviter, Account: acct.Email, Org: org.Name, Link: s.link("/account#invitations", ""), Valid: invitationTTL})
}
