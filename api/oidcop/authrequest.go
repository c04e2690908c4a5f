package oidcop

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// Authentication context classes a product may ask for (acr_values) and
// that the ID token states (acr).
const (
	// ACRPassword: signed in with a password alone.
	ACRPassword = "urn:porta:acr:password"
	// ACRTwoStep: signed in with two-step verification.
	ACRTwoStep = "urn:porta:acr:two-step"
	// acrMultiFactor is the PAPE name some products send for the same.
	acrMultiFactor = "http://schemas.openid.net/pape/policies/2007/06/multi-factor"
)

// wantsTwoStep reports whether the request asks for two-step verification.
func wantsTwoStep(r store.AuthRequest) bool {
	return slices.Contains(r.ACRValues, ACRTwoStep) || slices.Contains(r.ACRValues, acrMultiFactor)
}

// acrOf names what the methods in amr add up to.
func acrOf(amr []string) string {
	if slices.Contains(amr, "mfa") {
		return ACRTwoStep
	}
	return ACRPassword
}

// orgHint is the organization an org:SLUG scope names, or "".
func orgHint(scopes []string) string {
	for _, s := range scopes {
		if slug, ok := strings.CutPrefix(s, api.ScopeOrgPrefix); ok {
			return slug
		}
	}
	return ""
}

// newAuthRequest keeps what /authorize was asked.
func (p *Provider) newAuthRequest(ctx context.Context, r *oidc.AuthRequest) (store.AuthRequest, error) {
	id, err := p.newID()
	if err != nil {
		return store.AuthRequest{}, err
	}
	now := p.now()
	ar := store.AuthRequest{
		ID: id, ClientID: r.ClientID, RedirectURI: r.RedirectURI, Scopes: r.Scopes,
		State: r.State, Nonce: r.Nonce, ResponseType: string(r.ResponseType), ResponseMode: string(r.ResponseMode),
		CodeChallenge: r.CodeChallenge, CodeChallengeMethod: string(r.CodeChallengeMethod),
		Prompt: r.Prompt, LoginHint: r.LoginHint, ACRValues: r.ACRValues, OrgSlug: orgHint(r.Scopes),
		CreatedAt: now, ExpiresAt: now.Add(p.cfg.RequestTTL),
	}
	if r.MaxAge != nil {
		ar.MaxAge, ar.HasMaxAge = int64(*r.MaxAge), true
	}
	for _, t := range r.UILocales {
		ar.UILocales = append(ar.UILocales, t.String())
	}
	if err := p.store.CreateAuthRequest(ctx, ar); err != nil {
		return store.AuthRequest{}, fmt.Errorf("create auth request: %w", err)
	}
	return ar, nil
}

// pendingRequest returns a live request; errNotFound when it is unknown
// or expired.
func (p *Provider) pendingRequest(ctx context.Context, id string) (store.AuthRequest, error) {
	if id == "" {
		return store.AuthRequest{}, errNotFound
	}
	r, err := p.store.GetAuthRequest(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !p.now().Before(r.ExpiresAt)) {
		return store.AuthRequest{}, errNotFound
	} else if err != nil {
		return store.AuthRequest{}, fmt.Errorf("get auth request: %w", err)
	}
	return r, nil
}

// errNotFound is op's "no such record" (it implements StorageNotFoundError).
var errNotFound = notFound{}

type notFound struct{}

func (notFound) Error() string { return "not found" }
func (notFound) IsNotFound()   {}

// opAuthRequest adapts a store.AuthRequest to op.AuthRequest.
// opAuthRequest adapts a store.AuthRequest to op.AuthRequest. code is
// the hash of the code it was found by, which the token request redeems.
type opAuthRequest struct {
	r    store.AuthRequest
	code string
}

func (a opAuthRequest) GetID() string          { return a.r.ID }
func (a opAuthRequest) GetACR() string         { return acrOf(a.r.AMR) }
func (a opAuthRequest) GetAMR() []string       { return a.r.AMR }
func (a opAuthRequest) GetAudience() []string  { return []string{a.r.ClientID} }
func (a opAuthRequest) GetAuthTime() time.Time { return a.r.AuthTime }
func (a opAuthRequest) GetClientID() string    { return a.r.ClientID }
func (a opAuthRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.r.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.r.CodeChallenge, Method: oidc.CodeChallengeMethod(a.r.CodeChallengeMethod)}
}
func (a opAuthRequest) GetNonce() string       { return a.r.Nonce }
func (a opAuthRequest) GetRedirectURI() string { return a.r.RedirectURI }
func (a opAuthRequest) GetResponseType() oidc.ResponseType {
	return oidc.ResponseType(a.r.ResponseType)
}
func (a opAuthRequest) GetResponseMode() oidc.ResponseMode {
	return oidc.ResponseMode(a.r.ResponseMode)
}
func (a opAuthRequest) GetScopes() []string { return a.r.Scopes }
func (a opAuthRequest) GetState() string    { return a.r.State }
func (a opAuthRequest) GetSubject() string  { return a.r.AccountID }
func (a opAuthRequest) Done() bool          { return a.r.Done }
