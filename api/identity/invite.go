package identity

import (
	"context"
	"encoding/json"
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

// Audit event types of invitations (joining is AuditMemberAdded).
const (
	AuditInvitationDeclined  = "invitation_declined"
	AuditInvitationWithdrawn = "invitation_withdrawn"
)

// tokenInvitations is the kind of the one token record per account that
// holds its pending invitations, at most one per organization. One record
// updated atomically means an organization's invite, accept, decline or
// withdrawal rewrites only its own entry and never another's.
const tokenInvitations = "invitations"

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
}

// PendingInvitation is an organization's invitation waiting for the
// account's answer.
type PendingInvitation struct {
	ID        string
	Org       OrgView
	Role      string
	Inviter   string
	InvitedAt time.Time
	ExpiresAt time.Time
}

// pendingInvite is one entry of an account's invitations record.
type pendingInvite struct {
	ID        string    `json:"id"`
	OrgID     string    `json:"orgId"`
	Role      string    `json:"role"`
	Inviter   string    `json:"inviter,omitempty"`
	InvitedAt time.Time `json:"invitedAt"`
	ExpiresAt time.Time `json:"expiresAt"`
	// Link is the hash of the activation link sent with the invitation to
	// an account without a password, so that the same organization's next
	// invitation or withdrawal retires exactly that link and no other.
	Link string `json:"link,omitempty"`
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
	s.audit(ctx, AuditInvited, acct.ID, acct.Email, m, org.Slug+" as "+role)
	if acct.PasswordHash == "" {
		return InviteSent, s.sendActivation(ctx, acct, secret, inviterOf(inv.Inviter, org))
	}
	return InviteSent, s.sendInvitation(ctx, acct, *org, inv.Inviter)
}

// Invitations returns the account's pending invitations, oldest first.
func (s *Service) Invitations(ctx context.Context, accountID string) ([]PendingInvitation, error) {
	t, err := s.store.GetToken(ctx, invitesKey(accountID))
	if errors.Is(err, store.ErrNotFound) {
		return []PendingInvitation{}, nil
	} else if err != nil {
		return nil, fmt.Errorf("invitations: %w", err)
	}
	list, err := liveInvites(t, s.now())
	if err != nil {
		return nil, err
	}
	out := make([]PendingInvitation, 0, len(list))
	for _, p := range list {
		o, err := s.store.GetOrg(ctx, p.OrgID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("invitations: %w", err)
		}
		out = append(out, PendingInvitation{ID: p.ID, Org: s.orgView(o, p.Role), Role: p.Role, Inviter: p.Inviter, InvitedAt: p.InvitedAt, ExpiresAt: p.ExpiresAt})
	}
	return out, nil
}

// AcceptInvitation makes the account a member of the organization of its
// pending invitation id, with the invited role. Only the invited account
// can: any other id is not found. Errors: api.CodeNotFound.
func (s *Service) AcceptInvitation(ctx context.Context, accountID, id string, m Meta) (OrgView, error) {
	acct, p, err := s.takeInvite(ctx, accountID, func(p pendingInvite) bool { return id != "" && p.ID == id })
	if err != nil {
		return OrgView{}, err
	}
	return s.join(ctx, acct, p)
}

// DeclineInvitation forgets the account's pending invitation id.
// Errors: api.CodeNotFound.
func (s *Service) DeclineInvitation(ctx context.Context, accountID, id string, m Meta) error {
	acct, p, err := s.takeInvite(ctx, accountID, func(p pendingInvite) bool { return id != "" && p.ID == id })
	if err != nil {
		return err
	}
	s.audit(ctx, AuditInvitationDeclined, acct.ID, acct.Email, m, p.OrgID)
	return s.retireLink(ctx, p.Link, s.now())
}

// WithdrawInvitation takes back the organization's pending invitation of
// email, and the activation link sent with it; other organizations'
// invitations stay. It answers the same whether or not there was one.
// Errors: api.CodeInvalidRequest, api.CodeNotFound (organization).
func (s *Service) WithdrawInvitation(ctx context.Context, slug, email string, m Meta) error {
	o, err := s.Org(ctx, slug)
	if err != nil {
		return err
	}
	addr, err := NormalizeEmail(email)
	if err != nil {
		return err
	}
	acct, err := s.store.GetAccountByEmail(ctx, addr)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	} else if err != nil {
		return fmt.Errorf("withdraw invitation: %w", err)
	}
	_, p, err := s.takeInvite(ctx, acct.ID, func(p pendingInvite) bool { return p.OrgID == o.ID })
	if ErrorCode(err) == api.CodeNotFound {
		return nil
	} else if err != nil {
		return err
	}
	s.audit(ctx, AuditInvitationWithdrawn, acct.ID, acct.Email, m, o.Slug)
	return s.retireLink(ctx, p.Link, s.now())
}

// takeInvite removes the account's live invitation that match selects and
// returns it; of concurrent calls exactly one gets it. Errors: api.CodeNotFound.
func (s *Service) takeInvite(ctx context.Context, accountID string, match func(pendingInvite) bool) (store.Account, pendingInvite, error) {
	acct, err := s.store.GetAccount(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return store.Account{}, pendingInvite{}, errNoInvitation()
	} else if err != nil {
		return store.Account{}, pendingInvite{}, fmt.Errorf("invitation: %w", err)
	}
	var got pendingInvite
	err = s.updateInvites(ctx, acct, s.now(), func(list []pendingInvite) ([]pendingInvite, error) {
		got = pendingInvite{}
		i := slices.IndexFunc(list, match)
		if i < 0 {
			return nil, errNoInvitation()
		}
		got = list[i]
		return slices.Delete(list, i, i+1), nil
	})
	return acct, got, err
}

// join adds the account to the organization of a taken invitation.
// Errors: api.CodeNotFound (the organization is gone).
func (s *Service) join(ctx context.Context, acct store.Account, p pendingInvite) (OrgView, error) {
	o, err := s.store.GetOrg(ctx, p.OrgID)
	if errors.Is(err, store.ErrNotFound) {
		return OrgView{}, errNoInvitation()
	} else if err != nil {
		return OrgView{}, fmt.Errorf("accept invitation: %w", err)
	}
	if _, err := s.putMember(ctx, o, acct, p.Role); err != nil {
		return OrgView{}, err
	}
	return s.orgView(o, p.Role), nil
}

func errNoInvitation() *Error {
	return Errorf(api.CodeNotFound, "This invitation is no longer open.")
}

func invitesKey(accountID string) string { return tokenInvitations + ":" + accountID }

// liveInvites decodes an invitations record without its expired entries.
func liveInvites(t store.Token, now time.Time) ([]pendingInvite, error) {
	var list []pendingInvite
	if t.Data != "" {
		if err := json.Unmarshal([]byte(t.Data), &list); err != nil {
			return nil, fmt.Errorf("invitations of %s: %w", t.AccountID, err)
		}
	}
	return slices.DeleteFunc(list, func(p pendingInvite) bool { return !now.Before(p.ExpiresAt) }), nil
}

// updateInvites replaces the account's invitations with change(live ones)
// atomically, creating the record on first use. change may run more than
// once. The record lives as long as its last entry.
func (s *Service) updateInvites(ctx context.Context, acct store.Account, now time.Time, change func([]pendingInvite) ([]pendingInvite, error)) error {
	apply := func(t store.Token) (store.Token, error) {
		list, err := liveInvites(t, now)
		if err != nil {
			return t, err
		}
		if list, err = change(list); err != nil {
			return t, err
		}
		data, err := json.Marshal(list)
		if err != nil {
			return t, err
		}
		t.Data, t.ExpiresAt = string(data), now
		for _, p := range list {
			if p.ExpiresAt.After(t.ExpiresAt) {
				t.ExpiresAt = p.ExpiresAt
			}
		}
		return t, nil
	}
	key := invitesKey(acct.ID)
	for range 3 {
		_, err := s.store.UpdateToken(ctx, key, apply)
		if !errors.Is(err, store.ErrNotFound) {
			return wrapInvites(err)
		}
		t, err := apply(store.Token{Hash: key, Kind: tokenInvitations, AccountID: acct.ID, Email: acct.Email, CreatedAt: now})
		if err != nil {
			return wrapInvites(err)
		}
		if err := s.store.CreateToken(ctx, t); !errors.Is(err, store.ErrAlreadyExists) {
			return wrapInvites(err)
		}
	}
	return fmt.Errorf("invitations of %s: %w", acct.ID, store.ErrConflict)
}

// wrapInvites keeps our own errors (api.CodeNotFound from change) as they are.
func wrapInvites(err error) error {
	var e *Error
	if err == nil || errors.As(err, &e) {
		return err
	}
	return fmt.Errorf("invitations: %w", err)
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

func (s *Service) sendActivation(ctx context.Context, acct store.Account, secret string, inviter notify.Inviter) error {
	return s.sendEmail(ctx, acct.Email, notify.Activation{Inviter: inviter, Account: acct.Email, Link: s.link("/activate", secret), Valid: activationTTL})
}

// sendInvitation tells an existing account about an invitation; the
// button opens the account page (after sign-in) where it is answered.
func (s *Service) sendInvitation(ctx context.Context, acct store.Account, org store.Org, inviter string) error {
	return s.sendEmail(ctx, acct.Email, notify.Invitation{Inviter: inviter, Account: acct.Email, Org: org.Name, Link: s.link("/account#invitations", ""), Valid: invitationTTL})
}

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
