package identity

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/store"
)

// slugPattern is what an organization's short name may look like: it
// becomes part of an address (acme.example.com or /o/acme).
var slugPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$`)

// OrgView is an organization with its sign-in address.
type OrgView struct {
	store.Org
	SignInURL string
	Role      string
}

// CreateOrg creates an organization. Errors: api.CodeInvalidRequest, api.CodeConflict.
func (s *Service) CreateOrg(ctx context.Context, slug, name string) (store.Org, error) {
	slug = strings.ToLower(strings.TrimSpace(slug))
	if !slugPattern.MatchString(slug) {
		return store.Org{}, Errorf(api.CodeInvalidRequest, "An organization's short name uses 1–40 lowercase letters, digits and inner hyphens, like acme or acme-eu.")
	}
	name, err := cleanText(fieldOrgName, name, maxNameLength)
	if err != nil {
		return store.Org{}, err
	}
	if name == "" {
		return store.Org{}, Errorf(api.CodeInvalidRequest, "Give the organization a name of at most %d characters.", maxNameLength)
	}
	id, err := s.newID()
	if err != nil {
		return store.Org{}, err
	}
	now := s.now()
	o := store.Org{ID: id, Slug: slug, Name: name, CreatedAt: now, UpdatedAt: now}
	if err := s.store.CreateOrg(ctx, o); errors.Is(err, store.ErrAlreadyExists) {
		return store.Org{}, Errorf(api.CodeConflict, "An organization called %q already exists.", slug)
	} else if err != nil {
		return store.Org{}, fmt.Errorf("create org: %w", err)
	}
	s.record(ctx, store.AuditEvent{Type: AuditOrgCreated, OrgID: o.ID, Actor: byOperator, Detail: slug}, Meta{})
	return o, nil
}

// Org returns an organization by slug. Errors: api.CodeNotFound.
func (s *Service) Org(ctx context.Context, slug string) (OrgView, error) {
	o, err := s.store.GetOrgBySlug(ctx, strings.ToLower(slug))
	if errors.Is(err, store.ErrNotFound) {
		return OrgView{}, Errorf(api.CodeNotFound, "There is no organization called %q.", slug)
	} else if err != nil {
		return OrgView{}, fmt.Errorf("org: %w", err)
	}
	return s.orgView(o, ""), nil
}

func (s *Service) orgView(o store.Org, role string) OrgView {
	return OrgView{Org: o, SignInURL: s.baseURL + "/o/" + o.Slug, Role: role}
}

// ListOrgs returns every organization.
func (s *Service) ListOrgs(ctx context.Context) ([]store.Org, error) { return s.store.ListOrgs(ctx) }

// AccountOrgs returns the account's organizations ordered by name.
func (s *Service) AccountOrgs(ctx context.Context, accountID string) ([]OrgView, error) {
	ms, err := s.store.ListMembershipsByAccount(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("account orgs: %w", err)
	}
	out := make([]OrgView, 0, len(ms))
	for _, m := range ms {
		o, ok, err := s.orgViewByID(ctx, m.OrgID, m.Role)
		if err != nil {
			return nil, fmt.Errorf("account orgs: %w", err)
		}
		if ok {
			out = append(out, o)
		}
	}
	return out, nil
}

// orgViewByID returns the organization orgID seen with role. A record that
// still names a deleted organization is passed over: ok is false.
func (s *Service) orgViewByID(ctx context.Context, orgID, role string) (v OrgView, ok bool, err error) {
	o, err := s.store.GetOrg(ctx, orgID)
	if errors.Is(err, store.ErrNotFound) {
		return OrgView{}, false, nil
	} else if err != nil {
		return OrgView{}, false, err
	}
	return s.orgView(o, role), true, nil
}

// AddMember puts the account with email into the organization with role.
// Errors: api.CodeInvalidRequest, api.CodeNotFound (organization or account).
func (s *Service) AddMember(ctx context.Context, slug, email, role string) (store.Membership, error) {
	role, ok := cleanRole(role)
	if !ok {
		return store.Membership{}, errRole(role)
	}
	org, err := s.Org(ctx, slug)
	if err != nil {
		return store.Membership{}, err
	}
	email, err = NormalizeEmail(email)
	if err != nil {
		return store.Membership{}, err
	}
	acct, err := s.store.GetAccountByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return store.Membership{}, Errorf(api.CodeNotFound, "No account has the email %s; invite it instead.", email)
	} else if err != nil {
		return store.Membership{}, fmt.Errorf("add member: %w", err)
	}
	return s.putMember(ctx, org.Org, acct, role, byOperator)
}

// byOperator is who acted, in an organization's log, for what only
// operators do (porta admin).
const byOperator = "an operator"

// putMember makes the account a member of org with role; by is who did it
// when not the person themselves ("" when they accepted, linked or
// signed in).
func (s *Service) putMember(ctx context.Context, org store.Org, acct store.Account, role, by string) (store.Membership, error) {
	m := store.Membership{OrgID: org.ID, AccountID: acct.ID, Role: role, CreatedAt: s.now()}
	next, err := s.store.UpdateMembership(ctx, org.ID, acct.ID, api.RoleAdmin, func(old store.Membership, admins int) (*store.Membership, error) {
		if old.Role == api.RoleAdmin && role != api.RoleAdmin && admins <= 1 {
			return nil, errLastAdmin(org)
		}
		old.Role = role
		return &old, nil
	})
	switch {
	case err == nil:
		m = *next
	case errors.Is(err, store.ErrNotFound):
		if err := s.store.PutMembership(ctx, m); err != nil {
			return store.Membership{}, fmt.Errorf("add member: %w", err)
		}
	default:
		return store.Membership{}, err
	}
	s.record(ctx, store.AuditEvent{Type: AuditMemberAdded, OrgID: org.ID, Actor: by, AccountID: acct.ID, Email: acct.Email, Detail: "as " + role}, Meta{})
	return m, nil
}

// cleanRole defaults an empty role to member.
func cleanRole(role string) (string, bool) {
	switch role {
	case "", api.RoleMember:
		return api.RoleMember, true
	case api.RoleAdmin:
		return api.RoleAdmin, true
	}
	return role, false
}

func errRole(role string) *Error {
	return Errorf(api.CodeInvalidRequest, "The role %q is not member or admin.", role)
}

// IsOrgAdmin reports whether the account administers the organization.
func (s *Service) IsOrgAdmin(ctx context.Context, orgID, accountID string) (bool, error) {
	m, err := s.store.GetMembership(ctx, orgID, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil && m.Role == api.RoleAdmin, err
}

// FindEnvironments queues an email listing the organizations of email and
// answers at once, the same for every address. Errors: api.CodeInvalidRequest, api.CodeTooManyAttempts.
func (s *Service) FindEnvironments(ctx context.Context, email string, m Meta) (string, error) {
	if err := s.queueEmailJob(ctx, jobFindOrgs, email, m); err != nil {
		return "", err
	}
	return msgFindSent, nil
}

// runFindJob emails the sign-in addresses of an account's organizations.
func (s *Service) runFindJob(ctx context.Context, addr string) error {
	acct, ok, err := s.jobAccount(ctx, "find", addr)
	if err != nil || !ok {
		return err
	}
	orgs, err := s.AccountOrgs(ctx, acct.ID)
	if err != nil {
		return err
	}
	list := notify.OrgList{Account: acct.Email}
	for _, o := range orgs {
		list.Orgs = append(list.Orgs, notify.OrgLink{Name: o.Name, URL: o.SignInURL})
	}
	return s.sendEmail(ctx, acct.Email, list)
}

// SetEnforce2FA turns an organization's two-step requirement on or off.
// Members without it set it up at their next sign-in; once lifted, they
// may turn theirs off again. Errors: api.CodeNotFound.
func (s *Service) SetEnforce2FA(ctx context.Context, slug string, on bool, m Meta) (store.Org, error) {
	return s.UpdateOrgSettings(ctx, slug, OrgSettings{Enforce2FA: &on}, byOperator, m)
}

// SetForbidRememberDevice makes the organization's members pass the second
// step on every sign-in (or allows "remember this device" again).
// Devices remembered before are ignored while it is on. Errors: api.CodeNotFound.
func (s *Service) SetForbidRememberDevice(ctx context.Context, slug string, on bool, m Meta) (store.Org, error) {
	allow := !on
	return s.UpdateOrgSettings(ctx, slug, OrgSettings{AllowRememberDevice: &allow}, byOperator, m)
}

// SwitchOrg remembers the organization slug as the one the person works
// in now, the org of their next OpenID sign-in when a product names none;
// "" forgets it. Errors: api.CodeNotFound, alike for an organization that
// does not exist and one the person is not a member of.
func (s *Service) SwitchOrg(ctx context.Context, auth Auth, slug string) error {
	var orgID string
	if slug != "" {
		o, err := s.store.GetOrgBySlug(ctx, slug)
		if err == nil {
			_, err = s.store.GetMembership(ctx, o.ID, auth.Account.ID)
		}
		if errors.Is(err, store.ErrNotFound) {
			return Errorf(api.CodeNotFound, "You are not a member of an organization called %q.", slug)
		} else if err != nil {
			return fmt.Errorf("switch organization: %w", err)
		}
		orgID = o.ID
	}
	_, err := s.store.UpdateAccount(ctx, auth.Account.ID, func(a store.Account) (store.Account, error) {
		a.CurrentOrgID = orgID
		return a, nil
	})
	if err != nil {
		return fmt.Errorf("switch organization: %w", err)
	}
	return nil
}

// CurrentOrg is the ID of the organization the account last switched to,
// while it is still a member; "" otherwise.
func (s *Service) CurrentOrg(ctx context.Context, accountID string) (string, error) {
	acct, err := s.store.GetAccount(ctx, accountID)
	if err != nil {
		return "", fmt.Errorf("current organization: %w", err)
	}
	if acct.CurrentOrgID == "" {
		return "", nil
	}
	_, err = s.store.GetMembership(ctx, acct.CurrentOrgID, acct.ID)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("current organization: %w", err)
	}
	return acct.CurrentOrgID, nil
}
