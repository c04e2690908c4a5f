package identity

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// Audit event types of invitations (joining is AuditMemberAdded).
const (
	AuditInvitationDeclined  = api.AuditInvitationDeclined
	AuditInvitationWithdrawn = api.AuditInvitationWithdrawn
)

// tokenInvitations is the kind of the one token record per account that
// holds its pending invitations, at most one per organization. One record
// updated atomically means an organization's invite, accept, decline or
// withdrawal rewrites only its own entry and never another's.
const tokenInvitations = "invitations"

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
		o, ok, err := s.orgViewByID(ctx, p.OrgID, p.Role)
		if err != nil {
			return nil, fmt.Errorf("invitations: %w", err)
		}
		if ok {
			out = append(out, PendingInvitation{ID: p.ID, Org: o, Role: p.Role, Inviter: p.Inviter, InvitedAt: p.InvitedAt, ExpiresAt: p.ExpiresAt})
		}
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
	s.record(ctx, store.AuditEvent{Type: AuditInvitationDeclined, OrgID: p.OrgID, AccountID: acct.ID, Email: acct.Email}, m)
	return s.retireLink(ctx, p.Link, s.now())
}

// WithdrawInvitation takes back the organization's pending invitation of
// email, and the activation link sent with it; other organizations'
// invitations stay. It answers the same whether or not there was one; by
// is who withdrew it, for the organization's log.
// Errors: api.CodeInvalidRequest, api.CodeNotFound (organization).
func (s *Service) WithdrawInvitation(ctx context.Context, slug, email, by string, m Meta) error {
	o, acct, err := s.invitedAccount(ctx, slug, email)
	if err != nil || acct.ID == "" {
		return err
	}
	_, p, err := s.takeInvite(ctx, acct.ID, func(p pendingInvite) bool { return p.OrgID == o.ID })
	if ErrorCode(err) == api.CodeNotFound {
		return nil
	} else if err != nil {
		return err
	}
	s.record(ctx, store.AuditEvent{Type: AuditInvitationWithdrawn, OrgID: o.ID, Actor: by, AccountID: acct.ID, Email: acct.Email}, m)
	return s.retireLink(ctx, p.Link, s.now())
}

// invitedAccount finds the organization slug and the account of email,
// the two an admin's call on an invitation names; no account is the zero
// Account. Errors: api.CodeInvalidRequest, api.CodeNotFound (organization).
func (s *Service) invitedAccount(ctx context.Context, slug, email string) (OrgView, store.Account, error) {
	o, err := s.Org(ctx, slug)
	if err != nil {
		return OrgView{}, store.Account{}, err
	}
	addr, err := NormalizeEmail(email)
	if err != nil {
		return OrgView{}, store.Account{}, err
	}
	acct, err := s.store.GetAccountByEmail(ctx, addr)
	if errors.Is(err, store.ErrNotFound) {
		return o, store.Account{Email: addr}, nil
	} else if err != nil {
		return OrgView{}, store.Account{}, fmt.Errorf("invitation: %w", err)
	}
	return o, acct, nil
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
	if err == nil {
		err = s.unlistInvite(ctx, got.OrgID, acct.ID)
	}
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
	if _, err := s.putMember(ctx, o, acct, p.Role, ""); err != nil {
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
	return liveEntries[pendingInvite](t, now)
}

// updateInvites replaces the account's invitations with change(live ones)
// atomically, creating the record on first use. change may run more than
// once. The record lives as long as its last entry.
func (s *Service) updateInvites(ctx context.Context, acct store.Account, now time.Time, change func([]pendingInvite) ([]pendingInvite, error)) error {
	fresh := store.Token{Hash: invitesKey(acct.ID), Kind: tokenInvitations, AccountID: acct.ID, Email: acct.Email, CreatedAt: now}
	return wrapInvites(updateEntries(ctx, s.store, fresh, now, change))
}

// expiring is an entry of a list kept in one token record.
type expiring interface{ expires() time.Time }

func (p pendingInvite) expires() time.Time { return p.ExpiresAt }

// liveEntries decodes the list a token record holds, without its expired
// entries.
func liveEntries[T expiring](t store.Token, now time.Time) ([]T, error) {
	var list []T
	if t.Data != "" {
		if err := json.Unmarshal([]byte(t.Data), &list); err != nil {
			return nil, fmt.Errorf("list %s: %w", t.Hash, err)
		}
	}
	return slices.DeleteFunc(list, func(e T) bool { return !now.Before(e.expires()) }), nil
}

// updateEntries replaces the list held by the token record fresh.Hash with
// change(its live entries) atomically, creating the record from fresh on
// first use. change may run more than once. The record lives as long as
// its last entry, so the sweep takes it when all have expired.
func updateEntries[T expiring](ctx context.Context, st store.Store, fresh store.Token, now time.Time, change func([]T) ([]T, error)) error {
	apply := func(t store.Token) (store.Token, error) {
		list, err := liveEntries[T](t, now)
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
		for _, e := range list {
			if e.expires().After(t.ExpiresAt) {
				t.ExpiresAt = e.expires()
			}
		}
		return t, nil
	}
	for range 3 {
		_, err := st.UpdateToken(ctx, fresh.Hash, apply)
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		t, err := apply(fresh)
		if err != nil {
			return err
		}
		if err := st.CreateToken(ctx, t); !errors.Is(err, store.ErrAlreadyExists) {
			return err
		}
	}
	return fmt.Errorf("list %s: %w", fresh.Hash, store.ErrConflict)
}

// wrapInvites keeps our own errors (api.CodeNotFound from change) as they are.
func wrapInvites(err error) error {
	var e *Error
	if err == nil || errors.As(err, &e) {
		return err
	}
	return fmt.Errorf("invitations: %w", err)
}
