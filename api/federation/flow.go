package federation

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store"
	"github.com/zitadel/oidc/v3/pkg/client/rp"
	"github.com/zitadel/oidc/v3/pkg/oidc"
)

// flowTTL is how long a trip to the provider may take.
const flowTTL = 10 * time.Minute

// flow is what the browser carries to the provider and back, sealed
// with the secrets key in a cookie of its own: the state, nonce and PKCE
// verifier of one sign-in, the provider, and the product's request.
type flow struct {
	Provider string    `json:"p"`
	State    string    `json:"s"`
	Nonce    string    `json:"n"`
	Verifier string    `json:"v"`
	Request  string    `json:"r,omitempty"`
	Expires  time.Time `json:"e"`
}

// Start begins sign-in with provider id, for the product's request when
// there is one. It returns the provider's authorization address and the
// flow to keep in the browser until the callback.
// Errors: api.SSOErrUnavailable.
func (f *Service) Start(ctx context.Context, providerID, request string) (authURL, sealed string, err error) {
	p, err := f.provider(ctx, providerID)
	if err != nil {
		return "", "", err
	}
	party, err := f.party(ctx, p)
	if err != nil {
		return "", "", err
	}
	fl := flow{Provider: p.ID, Request: request, Expires: f.id.Now().Add(flowTTL)}
	for _, v := range []*string{&fl.State, &fl.Nonce, &fl.Verifier} {
		if *v, err = newToken(32); err != nil {
			return "", "", err
		}
	}
	b, err := json.Marshal(fl)
	if err == nil {
		b, err = f.id.Seal(b)
	}
	if err != nil {
		return "", "", fmt.Errorf("sso start: %w", err)
	}
	authURL = rp.AuthURL(fl.State, party,
		rp.WithCodeChallenge(oidc.NewSHACodeChallenge(fl.Verifier)),
		rp.AuthURLOpt(rp.WithURLParam("nonce", fl.Nonce)))
	return authURL, base64.RawURLEncoding.EncodeToString(b), nil
}

// Finish completes the sign-in the provider sent the browser back from:
// query is the callback's, sealed the flow Start returned. It checks the
// state, the issuer, then exchanges the code with the PKCE verifier and
// verifies the ID token (signature, issuer, audience, expiry, nonce); the
// email and its verification go to identity.SignInExternal. It returns
// the product's request the sign-in is for, also when it fails.
// Errors: api.SSOErrState, api.SSOErrDenied, api.SSOErrToken,
// api.SSOErrEmail, api.SSOErrUnavailable.
func (f *Service) Finish(ctx context.Context, sealed string, query url.Values, m identity.Meta) (identity.SignInResult, string, error) {
	fl, err := f.open(sealed)
	if err != nil {
		return identity.SignInResult{}, "", err
	}
	if subtle.ConstantTimeCompare([]byte(query.Get("state")), []byte(fl.State)) != 1 {
		return identity.SignInResult{}, fl.Request, errState()
	}
	if query.Get("error") != "" {
		return identity.SignInResult{}, fl.Request, identity.Errorf(api.SSOErrDenied, "Your organization's sign-in service did not sign you in.")
	}
	p, err := f.provider(ctx, fl.Provider)
	if err != nil {
		return identity.SignInResult{}, fl.Request, err
	}
	if iss := query.Get("iss"); iss != "" && iss != p.Issuer {
		return identity.SignInResult{}, fl.Request, errToken()
	}
	party, err := f.party(ctx, p)
	if err != nil {
		return identity.SignInResult{}, fl.Request, err
	}
	tokens, err := rp.CodeExchange[*oidc.IDTokenClaims](context.WithValue(ctx, nonceKey{}, fl.Nonce), query.Get("code"), party, rp.WithCodeVerifier(fl.Verifier))
	if err != nil {
		f.log.Warn("sso: code exchange", "provider", p.ID, "issuer", p.Issuer, "err", err)
		return identity.SignInResult{}, fl.Request, errToken()
	}
	x := identity.ExternalSignIn{Provider: p}
	if x, err = f.claims(ctx, party, p, tokens, x); err != nil {
		return identity.SignInResult{}, fl.Request, err
	}
	res, err := f.id.SignInExternal(ctx, x, m)
	return res, fl.Request, err
}

// claims reads who the person is from the ID token, and from userinfo
// when the ID token carries no email (providers may keep scope claims
// there).
func (f *Service) claims(ctx context.Context, party rp.RelyingParty, p store.IdentityProvider, tokens *oidc.Tokens[*oidc.IDTokenClaims], x identity.ExternalSignIn) (identity.ExternalSignIn, error) {
	c := tokens.IDTokenClaims
	x.Subject, x.Email, x.EmailVerified, x.Name = c.Subject, c.Email, bool(c.EmailVerified), c.Name
	x.MFA = slices.Contains(c.AuthenticationMethodsReferences, "mfa")
	if x.Email == "" {
		info, err := rp.Userinfo[*oidc.UserInfo](ctx, tokens.AccessToken, tokens.TokenType, c.Subject, party)
		if err != nil {
			f.log.Warn("sso: userinfo", "provider", p.ID, "err", err)
			return x, errToken()
		}
		x.Email, x.EmailVerified = info.Email, bool(info.EmailVerified)
		x.Name = or(x.Name, info.Name)
	}
	// Entra ID sends no email_verified; xms_edov (an optional claim)
	// says the domain's owner verified the address.
	if v, ok := c.Claims["xms_edov"].(bool); p.Preset == api.SSOPresetMicrosoft && ok && v {
		x.EmailVerified = true
	}
	return x, nil
}

func (f *Service) open(sealed string) (flow, error) {
	var fl flow
	b, err := base64.RawURLEncoding.DecodeString(sealed)
	if err == nil && sealed != "" {
		b, err = f.id.Open(b)
	}
	if err != nil || sealed == "" || json.Unmarshal(b, &fl) != nil || fl.State == "" {
		return flow{}, errState()
	}
	if !f.id.Now().Before(fl.Expires) {
		return flow{}, identity.Errorf(api.SSOErrState, "The sign-in took too long. Start again.")
	}
	return fl, nil
}

func errState() *identity.Error {
	return identity.Errorf(api.SSOErrState, "This return from your organization's sign-in service does not belong to a sign-in started in this browser.")
}

func errToken() *identity.Error {
	return identity.Errorf(api.SSOErrToken, "Your organization's sign-in service gave an answer that did not check out.")
}

type nonceKey struct{}

// nonceOf is the nonce the ID token must carry: the flow's, put in the
// context by Finish.
func nonceOf(ctx context.Context) string {
	n, _ := ctx.Value(nonceKey{}).(string)
	return n
}

func (f *Service) provider(ctx context.Context, id string) (store.IdentityProvider, error) {
	p, err := f.store.GetIdentityProvider(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && p.DomainsVerifiedAt.IsZero()) {
		return store.IdentityProvider{}, identity.Errorf(api.SSOErrUnavailable, "This organization does not sign in with that provider.")
	} else if err != nil {
		return store.IdentityProvider{}, fmt.Errorf("sso: provider: %w", err)
	}
	return p, nil
}

// party returns the relying party for p, running discovery the first
// time. A provider that cannot be reached is api.SSOErrUnavailable.
func (f *Service) party(ctx context.Context, p store.IdentityProvider) (rp.RelyingParty, error) {
	f.mu.Lock()
	c, ok := f.parties[p.ID]
	f.mu.Unlock()
	if ok && c.updated.Equal(p.UpdatedAt) {
		return c.rp, nil
	}
	secret, err := f.id.Open(p.ClientSecret)
	if err != nil {
		return nil, fmt.Errorf("sso: client secret of %s: %w", p.ID, err)
	}
	party, err := rp.NewRelyingPartyOIDC(ctx, p.Issuer, p.ClientID, string(secret), f.redirect,
		[]string{oidc.ScopeOpenID, oidc.ScopeEmail, oidc.ScopeProfile},
		rp.WithHTTPClient(f.http), rp.WithVerifierOpts(rp.WithNonce(nonceOf)), rp.WithLogger(f.log))
	if err != nil {
		f.log.Warn("sso: discovery", "provider", p.ID, "issuer", p.Issuer, "err", err)
		return nil, identity.Errorf(api.SSOErrUnavailable, "%s cannot be reached just now. Try again in a moment.", p.Name)
	}
	f.mu.Lock()
	f.parties[p.ID] = cachedParty{updated: p.UpdatedAt, rp: party}
	f.mu.Unlock()
	return party, nil
}
