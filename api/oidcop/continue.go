package oidcop

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store"
)

// Error screen codes (api.ErrorParam).
const (
	screenUnknownClient  = "unknown_client"
	screenBadRedirect    = "invalid_redirect_uri"
	screenExpiredRequest = "expired_request"
	screenInvalidRequest = "invalid_request"
)

func errorScreen(code string) string {
	return api.ErrorScreen + "?" + api.ErrorParam + "=" + url.QueryEscape(code)
}

func screen(path, requestID string) string {
	return path + "?" + api.RequestParam + "=" + url.QueryEscape(requestID)
}

// Continue decides where the browser goes next for request id: the
// sign-in or consent screen, or back to the product with a code or an
// error. It is called again after each screen, so every rule is here.
func (p *Provider) Continue(ctx context.Context, id string, auth *identity.Auth) string {
	r, err := p.pendingRequest(ctx, id)
	if err != nil {
		return errorScreen(screenExpiredRequest)
	}
	c, err := p.store.GetClient(ctx, r.ClientID)
	if err != nil {
		return errorScreen(screenUnknownClient)
	}
	none := slices.Contains(r.Prompt, oidc.PromptNone)
	if auth == nil || p.needsSignIn(r, auth.Session) {
		if none {
			return p.refuse(ctx, r, oidc.ErrLoginRequired())
		}
		if org := p.orgOf(ctx, c, r); org != "" {
			return screen(api.OrgSignInPrefix+url.PathEscape(org), r.ID)
		}
		return screen(api.SignInScreen, r.ID)
	}
	if !p.mayUse(ctx, c, r, auth.Account.ID) {
		return p.refuse(ctx, r, oidc.ErrAccessDenied().WithDescription("This product is only for members of its organization."))
	}
	if (wantsTwoStep(r) || p.setupOwed(ctx, auth.Account.ID)) && !slices.Contains(auth.Session.AMR, "mfa") {
		if none {
			return p.refuse(ctx, r, oidc.ErrInteractionRequired().WithDescription("The product asks for two-step verification, which this sign-in did not use."))
		}
		return screen(api.StepUpScreen, r.ID)
	}
	if !c.FirstParty && !p.hasConsent(ctx, r, auth.Account.ID) {
		if none {
			return p.refuse(ctx, r, &oidc.Error{ErrorType: "consent_required", Description: "The person has not agreed to share this with the product."})
		}
		return screen(api.ConsentScreen, r.ID)
	}
	_, err = p.store.UpdateAuthRequest(ctx, r.ID, func(old store.AuthRequest) (store.AuthRequest, error) {
		old.AccountID, old.SessionID = auth.Account.ID, auth.Session.ID
		old.AuthTime, old.AMR, old.Done = auth.Session.AuthenticatedAt, auth.Session.AMR, true
		return old, nil
	})
	if err != nil {
		return errorScreen(screenExpiredRequest)
	}
	return "/authorize/callback?id=" + url.QueryEscape(r.ID) + "&" + callbackTicketParam + "=" + p.callbackTicket(r.ID)
}

// setupOwed reports whether the account must set up two-step verification
// first: an organization began to enforce it after this session signed in.
// The step-up screen then runs the setup wizard.
func (p *Provider) setupOwed(ctx context.Context, accountID string) bool {
	t, err := p.id.TwoStepState(ctx, accountID)
	return err != nil || t.SetupOwed()
}

// callbackTicketParam carries, beside op's id, the proof that the browser
// at /authorize/callback was sent there by Continue — which checked its
// session — and did not just learn the request's ID.
const callbackTicketParam = "ticket"

func (p *Provider) callbackTicket(requestID string) string {
	m := hmac.New(sha256.New, p.callbackKey)
	m.Write([]byte(requestID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// needsSignIn reports whether the session is too old for the request:
// prompt=login and select_account ask for a sign-in after the request
// was made, max_age for one within that many seconds.
func (p *Provider) needsSignIn(r store.AuthRequest, s store.Session) bool {
	if (slices.Contains(r.Prompt, oidc.PromptLogin) || slices.Contains(r.Prompt, oidc.PromptSelectAccount)) && s.AuthenticatedAt.Before(r.CreatedAt) {
		return true
	}
	return r.HasMaxAge && p.now().Sub(s.AuthenticatedAt) > time.Duration(r.MaxAge)*time.Second
}

// mayUse applies a client's organization limit, and an org hint's.
func (p *Provider) mayUse(ctx context.Context, c store.Client, r store.AuthRequest, accountID string) bool {
	if c.OrgID != "" {
		if _, err := p.store.GetMembership(ctx, c.OrgID, accountID); err != nil {
			return false
		}
	}
	if r.OrgSlug != "" {
		o, err := p.store.GetOrgBySlug(ctx, r.OrgSlug)
		if err != nil {
			return false
		}
		if _, err := p.store.GetMembership(ctx, o.ID, accountID); err != nil {
			return false
		}
	}
	return true
}

// hasConsent reports whether the account agreed to every scope asked,
// after the request when it says prompt=consent.
func (p *Provider) hasConsent(ctx context.Context, r store.AuthRequest, accountID string) bool {
	c, err := p.store.GetConsent(ctx, accountID, r.ClientID)
	if err != nil {
		return false
	}
	if slices.Contains(r.Prompt, oidc.PromptConsent) && c.UpdatedAt.Before(r.CreatedAt) {
		return false
	}
	for _, s := range r.Scopes {
		if !slices.Contains(c.Scopes, s) {
			return false
		}
	}
	return true
}

// refuse ends the request and returns the product's redirect URI with
// the error, as OAuth says; the request's state goes back untouched.
func (p *Provider) refuse(ctx context.Context, r store.AuthRequest, e *oidc.Error) string {
	_ = p.store.DeleteAuthRequest(ctx, r.ID)
	e.State = r.State
	u, err := op.AuthResponseURL(r.RedirectURI, oidc.ResponseType(r.ResponseType), oidc.ResponseMode(r.ResponseMode), e, p.op.Encoder())
	if err != nil {
		return errorScreen(screenInvalidRequest)
	}
	return u
}

// RequestInfo describes a pending request for the screens; api.CodeNotFound.
func (p *Provider) RequestInfo(ctx context.Context, id string) (api.AuthRequestInfo, error) {
	r, err := p.pendingRequest(ctx, id)
	if err != nil {
		return api.AuthRequestInfo{}, errNoRequest
	}
	c, err := p.store.GetClient(ctx, r.ClientID)
	if err != nil {
		return api.AuthRequestInfo{}, errNoRequest
	}
	return api.AuthRequestInfo{
		ID: r.ID, Client: c.Name, Scopes: r.Scopes, LoginHint: r.LoginHint, Org: p.orgOf(ctx, c, r), UILocales: r.UILocales,
		ContinueURL: api.ContinueURL(r.ID),
	}, nil
}

// orgOf is the slug of the organization a sign-in is for: the request's
// hint, else the one the client is limited to, else "".
func (p *Provider) orgOf(ctx context.Context, c store.Client, r store.AuthRequest) string {
	if r.OrgSlug != "" || c.OrgID == "" {
		return r.OrgSlug
	}
	if o, err := p.store.GetOrg(ctx, c.OrgID); err == nil {
		return o.Slug
	}
	return ""
}

var errNoRequest = identity.Errorf(api.CodeNotFound, "This sign-in request is unknown or has expired. Go back to the product and sign in again.")

// Consent records the person's answer for request id: agreeing is
// remembered for the account and client; refusing sends the product
// access_denied. api.CodeNotFound.
func (p *Provider) Consent(ctx context.Context, auth identity.Auth, id string, allow bool, m identity.Meta) (api.Continue, error) {
	r, err := p.pendingRequest(ctx, id)
	if err != nil {
		return api.Continue{}, errNoRequest
	}
	if !allow {
		return api.Continue{URL: p.refuse(ctx, r, oidc.ErrAccessDenied().WithDescription("The person did not agree."))}, nil
	}
	now := p.now()
	c := store.Consent{AccountID: auth.Account.ID, ClientID: r.ClientID, CreatedAt: now}
	if old, err := p.store.GetConsent(ctx, auth.Account.ID, r.ClientID); err == nil {
		c.Scopes, c.CreatedAt = old.Scopes, old.CreatedAt
	}
	for _, s := range r.Scopes {
		if !slices.Contains(c.Scopes, s) {
			c.Scopes = append(c.Scopes, s)
		}
	}
	c.UpdatedAt = now
	if err := p.store.PutConsent(ctx, c); err != nil {
		return api.Continue{}, fmt.Errorf("consent: %w", err)
	}
	p.id.Audit(ctx, AuditConsent, auth.Account.ID, m, "client="+r.ClientID+" scopes="+strings.Join(r.Scopes, " "))
	return api.Continue{URL: api.ContinueURL(r.ID)}, nil
}

// Apps lists the products the account agreed to or holds a sign-in of,
// newest first.
func (p *Provider) Apps(ctx context.Context, accountID string) ([]api.App, error) {
	consents, err := p.store.ListConsents(ctx, accountID)
	if err != nil {
		return nil, err
	}
	grants, err := p.store.ListGrants(ctx, accountID)
	if err != nil {
		return nil, err
	}
	byClient := map[string]*api.App{}
	app := func(clientID string) *api.App {
		if a, ok := byClient[clientID]; ok {
			return a
		}
		c, err := p.store.GetClient(ctx, clientID)
		if err != nil {
			return nil
		}
		a := &api.App{ClientID: c.ID, Name: c.Name, Scopes: []string{}}
		byClient[clientID] = a
		return a
	}
	for _, c := range consents {
		if a := app(c.ClientID); a != nil {
			at := c.UpdatedAt
			a.Consented, a.Scopes = &at, c.Scopes
		}
	}
	now := p.now()
	for _, g := range grants {
		if !now.Before(g.ExpiresAt) {
			continue
		}
		if a := app(g.ClientID); a != nil {
			if a.LastSignIn == nil || g.CreatedAt.After(*a.LastSignIn) {
				at := g.CreatedAt
				a.LastSignIn = &at
			}
			if a.Consented == nil {
				a.Scopes = g.Scopes
			}
		}
	}
	out := make([]api.App, 0, len(byClient))
	for _, a := range byClient {
		out = append(out, *a)
	}
	latest := func(a api.App) time.Time {
		var t time.Time
		if a.Consented != nil {
			t = *a.Consented
		}
		if a.LastSignIn != nil && a.LastSignIn.After(t) {
			t = *a.LastSignIn
		}
		return t
	}
	sort.Slice(out, func(i, j int) bool {
		if ti, tj := latest(out[i]), latest(out[j]); !ti.Equal(tj) {
			return ti.After(tj)
		}
		return out[i].ClientID < out[j].ClientID
	})
	return out, nil
}

// RevokeApp withdraws the consent for a client and ends every grant it
// holds for the account; api.CodeNotFound when there was neither.
func (p *Provider) RevokeApp(ctx context.Context, accountID, clientID string, m identity.Meta) error {
	found := false
	switch err := p.store.DeleteConsent(ctx, accountID, clientID); {
	case err == nil:
		found = true
	case !errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("revoke app: %w", err)
	}
	grants, err := p.store.ListGrants(ctx, accountID)
	if err != nil {
		return fmt.Errorf("revoke app: %w", err)
	}
	for _, g := range grants {
		if g.ClientID == clientID {
			found = true
			if err := p.store.DeleteGrant(ctx, g.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("revoke app: %w", err)
			}
		}
	}
	if !found {
		return identity.Errorf(api.CodeNotFound, "There is no such app on your account.")
	}
	p.id.Audit(ctx, AuditAppRevoked, accountID, m, "client="+clientID)
	return nil
}

// orgParamToScope turns the org=SLUG parameter into the org:SLUG scope,
// the one form the rest of the provider reads.
func orgParamToScope(form url.Values) {
	if slug := form.Get("org"); slug != "" {
		form.Set("scope", strings.TrimSpace(form.Get("scope")+" "+api.ScopeOrgPrefix+slug))
	}
}

// guardAuthorize sends an authorization request with an unknown client or
// an unregistered redirect URI to Porta's error screen, never to the
// unchecked URI, before op sees it; op's own plain-text refusals of
// /authorize become the error screen too.
func (p *Provider) guardAuthorize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == oidc.DiscoveryEndpoint {
			p.serveDiscovery(w, r)
			return
		}
		if r.URL.Path != "/authorize" && r.URL.Path != "/authorize/callback" {
			next.ServeHTTP(w, r)
			return
		}
		if r.URL.Path == "/authorize" {
			if err := r.ParseForm(); err != nil {
				http.Redirect(w, r, errorScreen(screenInvalidRequest), http.StatusSeeOther)
				return
			}
			c, err := p.store.GetClient(r.Context(), r.Form.Get("client_id"))
			if err != nil {
				http.Redirect(w, r, errorScreen(screenUnknownClient), http.StatusSeeOther)
				return
			}
			if !slices.Contains(c.RedirectURIs, r.Form.Get("redirect_uri")) {
				http.Redirect(w, r, errorScreen(screenBadRedirect), http.StatusSeeOther)
				return
			}
			orgParamToScope(r.Form)
		} else {
			q := r.URL.Query()
			if !hmac.Equal([]byte(q.Get(callbackTicketParam)), []byte(p.callbackTicket(q.Get("id")))) {
				http.Redirect(w, r, errorScreen(screenExpiredRequest), http.StatusSeeOther)
				return
			}
		}
		next.ServeHTTP(&plainErrorToScreen{ResponseWriter: w, r: r}, r)
	})
}

// plainErrorToScreen turns op's text/plain 400 answers into a redirect to
// the error screen.
type plainErrorToScreen struct {
	http.ResponseWriter
	r        *http.Request
	replaced bool
}

func (w *plainErrorToScreen) WriteHeader(code int) {
	if code == http.StatusBadRequest && strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		w.replaced = true
		w.Header().Del("Content-Type")
		w.Header().Set("Location", errorScreen(screenInvalidRequest))
		w.ResponseWriter.WriteHeader(http.StatusSeeOther)
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *plainErrorToScreen) Write(b []byte) (int, error) {
	if w.replaced {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}
