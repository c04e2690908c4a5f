package identity

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// tokenOrgInvites is the kind of the one token record per organization
// that lists its pending invitations for its admins. Each account's own
// record (tokenInvitations) is what accepting reads; this one follows it.
const tokenOrgInvites = "org_invitations"

// maxListedInvites bounds the pending invitations an admin sees at once.
const maxListedInvites = 200

// orgInvite is one entry of an organization's pending invitations.
type orgInvite struct {
	AccountID string    `json:"accountId"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	Inviter   string    `json:"inviter,omitempty"`
	InvitedAt time.Time `json:"invitedAt"`
	ExpiresAt time.Time `json:"expiresAt"`
}

func (o orgInvite) expires() time.Time { return o.ExpiresAt }

func orgInvitesKey(orgID string) string { return tokenOrgInvites + ":" + orgID }

// updateOrgInvites replaces the organization's list of pending
// invitations with change(live ones), atomically.
func (s *Service) updateOrgInvites(ctx context.Context, orgID string, change func([]orgInvite) []orgInvite) error {
	now := s.now()
	fresh := store.Token{Hash: orgInvitesKey(orgID), Kind: tokenOrgInvites, CreatedAt: now}
	err := updateEntries(ctx, s.store, fresh, now, func(list []orgInvite) ([]orgInvite, error) { return change(list), nil })
	if err != nil {
		return fmt.Errorf("organization invitations: %w", err)
	}
	return nil
}

// listInvite puts the account's invitation in the organization's list.
func (s *Service) listInvite(ctx context.Context, orgID string, acct store.Account, p pendingInvite) error {
	entry := orgInvite{AccountID: acct.ID, Email: acct.Email, Role: p.Role, Inviter: p.Inviter, InvitedAt: p.InvitedAt, ExpiresAt: p.ExpiresAt}
	return s.updateOrgInvites(ctx, orgID, func(list []orgInvite) []orgInvite {
		return append(slices.DeleteFunc(list, func(o orgInvite) bool { return o.AccountID == acct.ID }), entry)
	})
}

// unlistInvite takes the account's invitation off the organization's list.
func (s *Service) unlistInvite(ctx context.Context, orgID, accountID string) error {
	return s.updateOrgInvites(ctx, orgID, func(list []orgInvite) []orgInvite {
		return slices.DeleteFunc(list, func(o orgInvite) bool { return o.AccountID == accountID })
	})
}

// PendingInvites lists the organization's invitations nobody has answered
// yet, oldest first, at most 200 (more says there are others), for its
// admins. Errors: api.CodeNotFound.
func (s *Service) PendingInvites(ctx context.Context, slug string) (list []api.PendingInvite, more bool, err error) {
	o, err := s.Org(ctx, slug)
	if err != nil {
		return nil, false, err
	}
	t, err := s.store.GetToken(ctx, orgInvitesKey(o.ID))
	if errors.Is(err, store.ErrNotFound) {
		return []api.PendingInvite{}, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("organization invitations: %w", err)
	}
	entries, err := liveEntries[orgInvite](t, s.now())
	if err != nil {
		return nil, false, err
	}
	slices.SortFunc(entries, func(a, b orgInvite) int {
		return cmp.Or(a.InvitedAt.Compare(b.InvitedAt), cmp.Compare(a.Email, b.Email))
	})
	if len(entries) > maxListedInvites {
		entries, more = entries[:maxListedInvites], true
	}
	list = make([]api.PendingInvite, 0, len(entries))
	for _, e := range entries {
		list = append(list, api.PendingInvite{Email: e.Email, Role: e.Role, Inviter: e.Inviter, InvitedAt: e.InvitedAt, ExpiresAt: e.ExpiresAt})
	}
	return list, more, nil
}

// ResendInvitation sends the organization's pending invitation of email
// again, as a new invitation with the same role: a fresh email (and, for
// an account without a password, a fresh activation link) and a new
// expiry. by is the admin, for the log. Errors: api.CodeInvalidRequest,
// api.CodeNotFound (no such organization, or no pending invitation of
// that email).
func (s *Service) ResendInvitation(ctx context.Context, slug, email, by string, m Meta) error {
	o, acct, err := s.invitedAccount(ctx, slug, email)
	if err != nil {
		return err
	}
	gone := Errorf(api.CodeNotFound, "%s has no open invitation to %s.", acct.Email, o.Name)
	if acct.ID == "" {
		return gone
	}
	list, err := s.Invitations(ctx, acct.ID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(list, func(p PendingInvitation) bool { return p.Org.ID == o.ID })
	if i < 0 {
		return gone
	}
	_, err = s.Invite(ctx, Invitation{Email: acct.Email, OrgSlug: o.Slug, Role: list[i].Role, Inviter: list[i].Inviter, By: by}, m)
	return err
}
