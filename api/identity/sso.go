package identity

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// Audit events of organization SSO.
const (
	AuditSSOLinked = api.AuditSSOLinked
	AuditSSOSignIn = api.AuditSSOSignIn
)

// AMRFederated is the sign-in method of a session that an organization's
// identity provider vouched for.
const AMRFederated = "fed"

// identifyDomain answers identify for an email domain: the provider that
// serves it, else the password step.
func (s *Service) identifyDomain(ctx context.Context, domain string) (api.IdentifyResponse, error) {
	p, err := s.store.GetIdentityProviderByDomain(ctx, domain)
	if errors.Is(err, store.ErrNotFound) || (err == nil && p.DomainsVerifiedAt.IsZero()) {
		return api.IdentifyResponse{Next: api.NextPassword}, nil
	} else if err != nil {
		return api.IdentifyResponse{}, fmt.Errorf("identify: %w", err)
	}
	return api.IdentifyResponse{Next: api.NextSSO, Providers: []api.SSOProvider{{ID: p.ID, Name: p.Name}}}, nil
}

// ExternalSignIn is what an organization's identity provider said about
// the person, once api/federation has checked its answer.
type ExternalSignIn struct {
	Provider      store.IdentityProvider
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
	// MFA: the provider says it did multi-factor authentication.
	MFA bool
}

// SignInExternal signs in the person an organization's provider vouched
// for. The provider's link to an account decides who it is; without one,
// the account with the email is linked, or a new one (without a password)
// is made. The person becomes a member of the provider's organization.
// Porta's own second step follows unless the provider trusts the
// provider's multi-factor claim (TrustMFA). The email must be verified by
// the provider and in one of its domains, which the operator confirmed
// the organization owns, so an organization can never speak for
// addresses it does not own.
// Errors: api.SSOErrEmail, api.SSOErrToken, api.SSOErrUnavailable.
func (s *Service) SignInExternal(ctx context.Context, x ExternalSignIn, m Meta) (SignInResult, error) {
	now := s.now()
	p := x.Provider
	if p.DomainsVerifiedAt.IsZero() {
		return SignInResult{}, Errorf(api.SSOErrUnavailable, "%s is not confirmed for sign-in yet.", p.Name)
	}
	if x.Subject == "" {
		return SignInResult{}, Errorf(api.SSOErrToken, "Your organization's sign-in service did not say who you are.")
	}
	email, err := NormalizeEmail(x.Email)
	if err != nil {
		return SignInResult{}, Errorf(api.SSOErrEmail, "Your organization's sign-in service did not give a valid email address.")
	}
	if !x.EmailVerified {
		return SignInResult{}, Errorf(api.SSOErrEmail, "Your organization's sign-in service has not verified your email address %s.", email)
	}
	if !slices.Contains(p.Domains, email[strings.LastIndexByte(email, '@')+1:]) {
		return SignInResult{}, Errorf(api.SSOErrEmail, "%s signs in only addresses of %s, not %s.", p.Name, strings.Join(p.Domains, ", "), email)
	}
	org, err := s.store.GetOrg(ctx, p.OrgID)
	if errors.Is(err, store.ErrNotFound) {
		return SignInResult{}, Errorf(api.SSOErrUnavailable, "This organization no longer exists.")
	} else if err != nil {
		return SignInResult{}, fmt.Errorf("sso sign in: %w", err)
	}
	acct, link, err := s.linkedAccount(ctx, p.ID, x.Subject)
	if err != nil {
		return SignInResult{}, err
	}
	newLink := acct.ID == ""
	if newLink {
		if acct, _, err = s.accountForEmail(ctx, email, x.Name, now, "organization SSO", true); err != nil {
			return SignInResult{}, err
		}
		link = store.ExternalIdentity{ProviderID: p.ID, Subject: x.Subject, AccountID: acct.ID, Email: email, CreatedAt: now}
	}
	link.LastUsedAt = now
	if err := s.store.PutExternalIdentity(ctx, link); err != nil {
		return SignInResult{}, fmt.Errorf("sso sign in: link: %w", err)
	}
	if newLink {
		s.record(ctx, store.AuditEvent{Type: AuditSSOLinked, OrgID: org.ID, AccountID: acct.ID, Email: acct.Email, Detail: p.Name}, m)
	}
	if _, err := s.store.GetMembership(ctx, org.ID, acct.ID); errors.Is(err, store.ErrNotFound) {
		if _, err := s.putMember(ctx, org, acct, api.RoleMember, ""); err != nil {
			return SignInResult{}, err
		}
	} else if err != nil {
		return SignInResult{}, fmt.Errorf("sso sign in: membership: %w", err)
	}
	amr := []string{AMRFederated}
	if p.TrustMFA && x.MFA {
		amr = append(amr, "mfa")
	}
	res, err := s.advance(ctx, acct, store.Session{AMR: amr}, false, m)
	if err != nil {
		return SignInResult{}, err
	}
	s.seeDevice(ctx, acct, m, now)
	s.record(ctx, store.AuditEvent{Type: AuditSSOSignIn, OrgID: org.ID, AccountID: acct.ID, Email: acct.Email, Detail: p.Name + ": " + res.Next}, m)
	return res, nil
}

// linkedAccount returns the account the provider's subject is linked to,
// or a zero account when there is none (any more).
func (s *Service) linkedAccount(ctx context.Context, providerID, subject string) (store.Account, store.ExternalIdentity, error) {
	link, err := s.store.GetExternalIdentity(ctx, providerID, subject)
	if errors.Is(err, store.ErrNotFound) {
		return store.Account{}, store.ExternalIdentity{}, nil
	} else if err != nil {
		return store.Account{}, store.ExternalIdentity{}, fmt.Errorf("sso sign in: %w", err)
	}
	acct, err := s.store.GetAccount(ctx, link.AccountID)
	if errors.Is(err, store.ErrNotFound) {
		return store.Account{}, store.ExternalIdentity{}, nil
	} else if err != nil {
		return store.Account{}, store.ExternalIdentity{}, fmt.Errorf("sso sign in: %w", err)
	}
	return acct, link, nil
}

// LinkedProviders lists the organizations' providers the account signs
// in with, passing over providers that were removed.
func (s *Service) LinkedProviders(ctx context.Context, accountID string) ([]api.LinkedProvider, error) {
	links, err := s.store.ListExternalIdentities(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("linked providers: %w", err)
	}
	out := []api.LinkedProvider{}
	for _, l := range links {
		p, err := s.store.GetIdentityProvider(ctx, l.ProviderID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("linked providers: %w", err)
		}
		v := api.LinkedProvider{ProviderID: p.ID, Name: p.Name, Email: l.Email, LinkedAt: l.CreatedAt, LastUsedAt: l.LastUsedAt}
		if o, ok, err := s.orgViewByID(ctx, p.OrgID, ""); err != nil {
			return nil, fmt.Errorf("linked providers: %w", err)
		} else if ok {
			v.Org = o.Name
		}
		out = append(out, v)
	}
	return out, nil
}
