package oidcop

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store"
)

// Audit events of the provider.
const (
	AuditProductSignIn = "product_signin"
	AuditTokenReused   = "token_reused"
	AuditAppRevoked    = "app_revoked"
	AuditConsent       = "app_consent"
)

// createGrant records what a redeemed request gave; its ID is the
// request's, so a replayed code finds and revokes it.
func (p *Provider) createGrant(ctx context.Context, req opAuthRequest, refreshHash string) (store.Grant, error) {
	r, now := req.r, p.now()
	orgID, _ := p.orgOfRequest(ctx, r)
	g := store.Grant{
		ID: r.ID, AccountID: r.AccountID, ClientID: r.ClientID, Scopes: r.Scopes, SessionID: r.SessionID,
		AuthTime: r.AuthTime, AMR: r.AMR, OrgID: orgID, RefreshHash: refreshHash,
		CreatedAt: now, UpdatedAt: now, ExpiresAt: now.Add(p.cfg.RefreshTTL),
	}
	// Spending the code, the grant and its audit event are one commit:
	// of concurrent exchanges of a code, on any replica, one gets tokens.
	e, err := p.id.AuditEvent(AuditProductSignIn, g.AccountID, identity.Meta{}, "client="+g.ClientID)
	if err != nil {
		return store.Grant{}, oidc.ErrServerError().WithParent(err)
	}
	switch err := p.store.RedeemCode(ctx, req.code, g, e); {
	case errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrAlreadyExists):
		return store.Grant{}, p.codeReused(ctx, r.ID)
	case errors.Is(err, store.ErrNotFound):
		return store.Grant{}, oidc.ErrInvalidGrant().WithDescription("The code is not valid.")
	case err != nil:
		return store.Grant{}, oidc.ErrServerError().WithParent(err)
	}
	return g, nil
}

// codeReused answers a code presented after its use, and revokes what
// that use gave: the code may have been stolen.
func (p *Provider) codeReused(ctx context.Context, requestID string) error {
	p.revokeGrant(ctx, requestID, "code_reused")
	return oidc.ErrInvalidGrant().WithDescription("The code was already used; what it gave is revoked.")
}

// Access tokens are op's sealed "tokenID:subject"; the token ID names
// the grant and the expiry, so checking one is a read of its grant.
// Client-credential tokens name the client instead.

func (p *Provider) accessTokenID(grantID string) (string, time.Time, error) {
	exp := p.now().Add(p.cfg.AccessTokenTTL)
	return grantID + "." + strconv.FormatInt(exp.Unix(), 10), exp, nil
}

func parseAccessTokenID(id string) (grantID string, exp time.Time, ok bool) {
	g, e, found := strings.Cut(id, ".")
	secs, err := strconv.ParseInt(e, 10, 64)
	if !found || err != nil || g == "" || strings.HasPrefix(id, clientTokenPrefix) {
		return "", time.Time{}, false
	}
	return g, time.Unix(secs, 0), true
}

// clientTokenPrefix marks client-credential token IDs. Not "client:": op
// seals "tokenID:subject" and splits it at the one colon.
const clientTokenPrefix = "client-"

func (p *Provider) clientTokenID(clientID string) (string, time.Time, error) {
	exp := p.now().Add(p.cfg.AccessTokenTTL)
	return clientTokenPrefix + clientID + "." + strconv.FormatInt(exp.Unix(), 10), exp, nil
}

func parseClientTokenID(id string) (clientID string, exp time.Time, ok bool) {
	rest, found := strings.CutPrefix(id, clientTokenPrefix)
	if !found {
		return "", time.Time{}, false
	}
	i := strings.LastIndex(rest, ".")
	if i <= 0 {
		return "", time.Time{}, false
	}
	secs, err := strconv.ParseInt(rest[i+1:], 10, 64)
	if err != nil {
		return "", time.Time{}, false
	}
	return rest[:i], time.Unix(secs, 0), true
}

// errTokenInvalid is what op turns into invalid_token / invalid_grant.
var errTokenInvalid = oidc.ErrInvalidRequest().WithDescription("The token is not valid.")

// liveGrant returns the grant an unexpired access token stands for, if
// the grant, its account and its client still exist.
func (p *Provider) liveGrant(ctx context.Context, tokenID, subject string) (store.Grant, error) {
	grantID, exp, ok := parseAccessTokenID(tokenID)
	now := p.now()
	if !ok || !now.Before(exp) {
		return store.Grant{}, errTokenInvalid
	}
	g, err := p.store.GetGrant(ctx, grantID)
	if err != nil || g.AccountID != subject || !now.Before(g.ExpiresAt) {
		return store.Grant{}, errTokenInvalid
	}
	if _, err := p.store.GetClient(ctx, g.ClientID); err != nil {
		return store.Grant{}, errTokenInvalid
	}
	return g, nil
}

// Refresh tokens are "grantID.generation.mac": the MAC, keyed outside the
// database, proves Porta issued that generation, so an old generation is
// recognised as reuse (and revokes the chain) while a guess is only wrong.

func (p *Provider) refreshToken(grantID string, gen int) string {
	m := hmac.New(sha256.New, p.refreshKey)
	fmt.Fprintf(m, "%s.%d", grantID, gen)
	return grantID + "." + strconv.Itoa(gen) + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// parseRefresh returns the grant and generation of a token Porta issued.
func (p *Provider) parseRefresh(token string) (grantID string, gen int, ok bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", 0, false
	}
	gen, err := strconv.Atoi(parts[1])
	if err != nil || gen < 0 {
		return "", 0, false
	}
	if !hmac.Equal([]byte(p.refreshToken(parts[0], gen)), []byte(token)) {
		return "", 0, false
	}
	return parts[0], gen, true
}

// grantOfRefresh returns the grant whose current refresh token this is.
// A token of an earlier generation is reuse: the grant is revoked.
func (p *Provider) grantOfRefresh(ctx context.Context, token string) (store.Grant, error) {
	grantID, _, ok := p.parseRefresh(token)
	if !ok {
		return store.Grant{}, op.ErrInvalidRefreshToken
	}
	g, err := p.store.GetGrant(ctx, grantID)
	if err != nil || !p.now().Before(g.ExpiresAt) {
		return store.Grant{}, op.ErrInvalidRefreshToken
	}
	if g.RefreshHash != hashHex(token) {
		p.revokeGrant(ctx, g.ID, "refresh_reused")
		return store.Grant{}, op.ErrInvalidRefreshToken
	}
	return g, nil
}

// rotateRefresh replaces the grant's refresh token with the next
// generation, once: a concurrent rotation with the same token loses and
// counts as reuse.
func (p *Provider) rotateRefresh(ctx context.Context, current string) (store.Grant, string, error) {
	grantID, gen, ok := p.parseRefresh(current)
	if !ok {
		return store.Grant{}, "", op.ErrInvalidRefreshToken
	}
	next := p.refreshToken(grantID, gen+1)
	g, err := p.store.UpdateGrant(ctx, grantID, func(g store.Grant) (store.Grant, error) {
		if g.RefreshHash != hashHex(current) {
			return g, errRefreshReused
		}
		g.RefreshHash, g.UpdatedAt = hashHex(next), p.now()
		return g, nil
	})
	if errors.Is(err, errRefreshReused) {
		p.revokeGrant(ctx, grantID, "refresh_reused")
		return store.Grant{}, "", op.ErrInvalidRefreshToken
	} else if err != nil {
		return store.Grant{}, "", op.ErrInvalidRefreshToken
	}
	return g, next, nil
}

var errRefreshReused = errors.New("refresh token reused")

// revokeGrant ends a grant and every token of it; why goes to the audit.
func (p *Provider) revokeGrant(ctx context.Context, grantID, why string) {
	g, err := p.store.GetGrant(ctx, grantID)
	if err != nil {
		return
	}
	if err := p.store.DeleteGrant(ctx, grantID); err != nil && !errors.Is(err, store.ErrNotFound) {
		p.log.Error("revoke grant", "grant", grantID, "err", err)
		return
	}
	typ := AuditAppRevoked
	if strings.HasSuffix(why, "_reused") {
		typ = AuditTokenReused
	}
	p.id.Audit(ctx, typ, g.AccountID, identity.Meta{}, "client="+g.ClientID+" "+why)
}

// endSession signs the account out of the Porta session sid and ends the
// client's grants from it (RP-initiated logout).
func (p *Provider) endSession(ctx context.Context, accountID, clientID, sid string) {
	if sid != "" {
		if err := p.id.RevokeSession(ctx, accountID, sid, identity.Meta{}); err != nil {
			p.log.Info("end session", "err", err)
		}
	}
	grants, err := p.store.ListGrants(ctx, accountID)
	if err != nil {
		return
	}
	for _, g := range grants {
		if g.ClientID == clientID && (sid == "" || g.SessionID == sid) {
			p.revokeGrant(ctx, g.ID, "logout")
		}
	}
}

// orgOfRequest is the organization a request signs in for: the client's
// own, or the org hint's when the person is a member, or without a hint
// the organization the person last switched to.
func (p *Provider) orgOfRequest(ctx context.Context, r store.AuthRequest) (string, error) {
	c, err := p.store.GetClient(ctx, r.ClientID)
	if err != nil {
		return "", err
	}
	if c.OrgID != "" {
		return c.OrgID, nil
	}
	if r.AccountID == "" {
		return "", nil
	}
	if r.OrgSlug == "" { // the product names none: the one the person switched to
		return p.id.CurrentOrg(ctx, r.AccountID)
	}
	o, err := p.store.GetOrgBySlug(ctx, r.OrgSlug)
	if err != nil {
		return "", err
	}
	if _, err := p.store.GetMembership(ctx, o.ID, r.AccountID); err != nil {
		return "", err
	}
	return o.ID, nil
}

// userinfo fills the claims the scopes allow.
func (p *Provider) userinfo(ctx context.Context, info *oidc.UserInfo, accountID string, scopes []string, sessionID, orgID string) error {
	a, err := p.store.GetAccount(ctx, accountID)
	if err != nil {
		return errTokenInvalid
	}
	info.Subject = a.ID
	if slices.Contains(scopes, oidc.ScopeEmail) {
		info.Email, info.EmailVerified = a.Email, oidc.Bool(a.EmailVerified)
	}
	if slices.Contains(scopes, oidc.ScopeProfile) {
		info.Name = a.Name
	}
	if sessionID != "" {
		info.AppendClaims("sid", sessionID)
	}
	if slices.Contains(scopes, api.ScopeOrgs) {
		orgs, err := p.orgClaims(ctx, accountID)
		if err != nil {
			return oidc.ErrServerError().WithParent(err)
		}
		info.AppendClaims("orgs", orgs)
	}
	if orgID != "" {
		if o, err := p.store.GetOrg(ctx, orgID); err == nil {
			info.AppendClaims("org", o.Slug)
		}
	}
	return nil
}

// orgClaim is one entry of the "orgs" claim.
type orgClaim struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	Role string `json:"role"`
}

func (p *Provider) orgClaims(ctx context.Context, accountID string) ([]orgClaim, error) {
	ms, err := p.store.ListMembershipsByAccount(ctx, accountID)
	if err != nil {
		return nil, err
	}
	out := make([]orgClaim, 0, len(ms))
	for _, m := range ms {
		o, err := p.store.GetOrg(ctx, m.OrgID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, orgClaim{Slug: o.Slug, Name: o.Name, Role: m.Role})
	}
	return out, nil
}

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// newID returns a 128-bit random identifier.
func (p *Registry) newID() (string, error) {
	b := make([]byte, 16)
	if _, err := io.ReadFull(p.rand, b); err != nil {
		return "", fmt.Errorf("random: %w", err)
	}
	return idEncoding.EncodeToString(b), nil
}

// newSecret returns a 256-bit random secret, URL safe.
func (p *Registry) newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := io.ReadFull(p.rand, b); err != nil {
		return "", fmt.Errorf("random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Product returns the client whose client-credentials access token this
// is, and the organization it serves ("" when none). A person's access
// token, an expired one, one of a deleted client or anything else is
// api.CodeUnauthenticated.
func (p *Provider) Product(ctx context.Context, accessToken string) (clientID, orgID string, err error) {
	refused := identity.Errorf(api.CodeUnauthenticated, "Send a live access token of the product's client credentials as the Bearer token.")
	plain, err := p.sealer.Decrypt(accessToken)
	if err != nil {
		return "", "", refused
	}
	tokenID, subject, _ := strings.Cut(plain, ":")
	cid, exp, ok := parseClientTokenID(tokenID)
	if !ok || cid != subject || !p.now().Before(exp) {
		return "", "", refused
	}
	c, err := p.store.GetClient(ctx, cid)
	if errors.Is(err, store.ErrNotFound) {
		return "", "", refused
	} else if err != nil {
		return "", "", err
	}
	return c.ID, c.OrgID, nil
}
