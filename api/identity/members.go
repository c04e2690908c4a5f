package identity

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// Audit event types of member administration.
const (
	AuditRoleChanged   = api.AuditRoleChanged
	AuditMemberRemoved = api.AuditMemberRemoved
)

// MemberView is one member of an organization, as its admins see them.
type MemberView struct {
	AccountID, Email, Name, Role string
	Since                        time.Time
	// Activated is false while the person has not set a password yet.
	Activated bool
}

// maxMembersShown caps one answer of Members: an admin looking for
// someone narrows the search rather than pages through thousands.
const maxMembersShown = 200

// Members lists the organization's members whose email or name contains
// query (any case) — at most maxMembersShown of them, sorted by email —
// and whether more matched. Errors: api.CodeNotFound (organization).
func (s *Service) Members(ctx context.Context, slug, query string) ([]MemberView, bool, error) {
	o, err := s.Org(ctx, slug)
	if err != nil {
		return nil, false, err
	}
	ms, err := s.store.ListMembershipsByOrg(ctx, o.ID)
	if err != nil {
		return nil, false, fmt.Errorf("members: %w", err)
	}
	query = strings.ToLower(strings.TrimSpace(query))
	var out []MemberView
	more := false
	for _, m := range ms {
		a, err := s.store.GetAccount(ctx, m.AccountID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		} else if err != nil {
			return nil, false, fmt.Errorf("members: %w", err)
		}
		if query != "" && !strings.Contains(a.Email, query) && !strings.Contains(strings.ToLower(a.Name), query) {
			continue
		}
		if len(out) == maxMembersShown {
			more = true
			break
		}
		out = append(out, MemberView{AccountID: a.ID, Email: a.Email, Name: a.Name, Role: m.Role, Since: m.CreatedAt, Activated: a.PasswordHash != ""})
	}
	slices.SortFunc(out, func(a, b MemberView) int { return strings.Compare(a.Email, b.Email) })
	return out, more, nil
}

// errLastAdmin refuses a change that would leave an organization
// without an admin, who alone can run it from the app.
func errLastAdmin(o store.Org) *Error {
	return Errorf(api.CodeConflict, "%s needs at least one admin. Make someone else an admin first.", o.Name)
}

// SetMemberRole changes the role of the member accountID; the last admin
// stays one. by names who did it, for the audit log.
// Errors: api.CodeInvalidRequest (role), api.CodeNotFound (organization or member), api.CodeConflict (last admin).
func (s *Service) SetMemberRole(ctx context.Context, slug, accountID, role, by string, m Meta) (MemberView, error) {
	role, ok := cleanRole(role)
	if !ok {
		return MemberView{}, errRole(role)
	}
	o, err := s.Org(ctx, slug)
	if err != nil {
		return MemberView{}, err
	}
	var from string
	next, err := s.store.UpdateMembership(ctx, o.ID, accountID, api.RoleAdmin, func(ms store.Membership, admins int) (*store.Membership, error) {
		if ms.Role == api.RoleAdmin && role != api.RoleAdmin && admins <= 1 {
			return nil, errLastAdmin(o.Org)
		}
		from, ms.Role = ms.Role, role
		return &ms, nil
	})
	if err != nil {
		return MemberView{}, memberError(err)
	}
	a, err := s.store.GetAccount(ctx, accountID)
	if err != nil {
		return MemberView{}, fmt.Errorf("set role: %w", err)
	}
	if from != role {
		s.record(ctx, store.AuditEvent{Type: AuditRoleChanged, OrgID: o.ID, Actor: by, AccountID: a.ID, Email: a.Email, Detail: from + " → " + role}, m)
	}
	return MemberView{AccountID: a.ID, Email: a.Email, Name: a.Name, Role: next.Role, Since: next.CreatedAt, Activated: a.PasswordHash != ""}, nil
}

// RemoveMember takes the member accountID out of the organization; the
// last admin cannot go. Errors: api.CodeNotFound, api.CodeConflict (last admin).
func (s *Service) RemoveMember(ctx context.Context, slug, accountID, by string, m Meta) error {
	o, err := s.Org(ctx, slug)
	if err != nil {
		return err
	}
	_, err = s.store.UpdateMembership(ctx, o.ID, accountID, api.RoleAdmin, func(ms store.Membership, admins int) (*store.Membership, error) {
		if ms.Role == api.RoleAdmin && admins <= 1 {
			return nil, errLastAdmin(o.Org)
		}
		return nil, nil
	})
	if err != nil {
		return memberError(err)
	}
	if a, err := s.store.GetAccount(ctx, accountID); err == nil {
		s.record(ctx, store.AuditEvent{Type: AuditMemberRemoved, OrgID: o.ID, Actor: by, AccountID: a.ID, Email: a.Email}, m)
	}
	return nil
}

func memberError(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return Errorf(api.CodeNotFound, "That person is not a member.")
	}
	return err
}
