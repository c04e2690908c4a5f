package oidcop

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store"
)

// storage is op.Storage over Porta's store. Every method is called by op
// while it answers a protocol request.
type storage struct{ p *Provider }

var (
	_ op.Storage                        = (*storage)(nil)
	_ op.ClientCredentialsStorage       = (*storage)(nil)
	_ op.CanSetUserinfoFromRequest      = (*storage)(nil)
	_ op.CanTerminateSessionFromRequest = (*storage)(nil)
)

// tokenCode is the store.Token kind of authorization codes.
const tokenCode = "oidc_code"

// codeRecordTTL keeps a used code's record after its 60 seconds, so
// that a replay is recognised and revokes what the code gave.
const codeRecordTTL = 10 * time.Minute

func (s *storage) CreateAuthRequest(ctx context.Context, r *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	ar, err := s.p.newAuthRequest(ctx, r)
	if err != nil {
		return nil, err
	}
	return opAuthRequest{r: ar}, nil
}

func (s *storage) AuthRequestByID(ctx context.Context, id string) (op.AuthRequest, error) {
	r, err := s.p.pendingRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	return opAuthRequest{r: r}, nil
}

// tokenCodeIssued is the store.Token kind that marks a request whose
// code was issued: one code per request.
const tokenCodeIssued = "oidc_code_issued"

// SaveAuthCode records the one code of a request. op mints a code on
// every visit of /authorize/callback?id=…, which needs no cookie: without
// the mark, whoever learnt a signed-in request's ID could mint more codes
// for it (with the person's state) until it is redeemed or expires.
func (s *storage) SaveAuthCode(ctx context.Context, id, code string) error {
	now := s.p.now()
	err := s.p.store.CreateToken(ctx, store.Token{
		Hash: hashHex("code issued for " + id), Kind: tokenCodeIssued, Data: id, CreatedAt: now, ExpiresAt: now.Add(s.p.cfg.RequestTTL),
	})
	if errors.Is(err, store.ErrAlreadyExists) {
		return oidc.ErrInvalidRequest().WithDescription("This sign-in already returned to the product.")
	} else if err != nil {
		return oidc.ErrServerError().WithParent(err)
	}
	return s.p.store.CreateToken(ctx, store.Token{
		Hash: hashHex(code), Kind: tokenCode, Data: id, CreatedAt: now, ExpiresAt: now.Add(codeRecordTTL),
	})
}

// AuthRequestByCode finds the request of a code, only reading: op checks
// the client, the redirect URI and PKCE next, and only a token request
// that passes them all spends the code (createGrant, one commit with the
// grant). A code presented after its use revokes what that use gave.
func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	now := s.p.now()
	t, err := s.p.store.GetToken(ctx, hashHex(code))
	switch {
	case errors.Is(err, store.ErrNotFound) || (err == nil && t.Kind != tokenCode):
		return nil, oidc.ErrInvalidGrant().WithDescription("The code is not valid.")
	case err != nil:
		return nil, oidc.ErrServerError().WithParent(err)
	case t.Attempts > 0:
		return nil, s.p.codeReused(ctx, t.Data)
	}
	if !now.Before(t.CreatedAt.Add(CodeTTL)) {
		return nil, oidc.ErrInvalidGrant().WithDescription("The code has expired.")
	}
	r, err := s.p.pendingRequest(ctx, t.Data)
	if err != nil || !r.Done {
		return nil, oidc.ErrInvalidGrant().WithDescription("The code is not valid.")
	}
	return opAuthRequest{r: r, code: t.Hash}, nil
}

// DeleteAuthRequest is op's last step of a code exchange. The request is
// left to the expiry sweep instead: its code is spent and it can give no
// other (SaveAuthCode), and deleting it would cost each exchange a commit
// of its own.
func (s *storage) DeleteAuthRequest(ctx context.Context, id string) error { return nil }

func (s *storage) CreateAccessToken(ctx context.Context, req op.TokenRequest) (string, time.Time, error) {
	switch r := req.(type) {
	case opAuthRequest:
		g, err := s.p.createGrant(ctx, r, "")
		if err != nil {
			return "", time.Time{}, err
		}
		return s.p.accessTokenID(g.ID)
	case clientCredentials:
		return s.p.clientTokenID(r.clientID)
	}
	return "", time.Time{}, oidc.ErrUnsupportedGrantType()
}

func (s *storage) CreateAccessAndRefreshTokens(ctx context.Context, req op.TokenRequest, current string) (string, string, time.Time, error) {
	var g store.Grant
	var refresh string
	var err error
	switch r := req.(type) {
	case opAuthRequest:
		refresh = s.p.refreshToken(r.r.ID, 0)
		if g, err = s.p.createGrant(ctx, r, hashHex(refresh)); err != nil {
			return "", "", time.Time{}, err
		}
	case *refreshRequest:
		if g, refresh, err = s.p.rotateRefresh(ctx, current); err != nil {
			return "", "", time.Time{}, err
		}
	default:
		return "", "", time.Time{}, oidc.ErrUnsupportedGrantType()
	}
	id, exp, err := s.p.accessTokenID(g.ID)
	return id, refresh, exp, err
}

func (s *storage) TokenRequestByRefreshToken(ctx context.Context, token string) (op.RefreshTokenRequest, error) {
	g, err := s.p.grantOfRefresh(ctx, token)
	if err != nil {
		return nil, err
	}
	return &refreshRequest{g: g}, nil
}

// TerminateSession is replaced by TerminateSessionFromRequest.
func (s *storage) TerminateSession(ctx context.Context, userID, clientID string) error { return nil }

// TerminateSessionFromRequest ends, on RP-initiated logout, the Porta
// session the ID token hint came from and the product's grants of it.
func (s *storage) TerminateSessionFromRequest(ctx context.Context, r *op.EndSessionRequest) (string, error) {
	if r.IDTokenHintClaims != nil && r.UserID != "" {
		s.p.endSession(ctx, r.UserID, r.ClientID, r.IDTokenHintClaims.SessionID)
	}
	return r.RedirectURI, nil
}

// RevokeToken ends the grant behind a token of the client. With a user,
// op has already resolved the token: to an access token's ID, or (from
// GetRefreshTokenInfo) to the grant's ID itself. Either way the whole
// grant goes: its access tokens and its refresh chain.
func (s *storage) RevokeToken(ctx context.Context, token, userID, clientID string) *oidc.Error {
	grantID := ""
	switch id, _, ok := parseAccessTokenID(token); {
	case userID != "" && ok:
		grantID = id
	case userID != "" && !strings.ContainsAny(token, ".:"):
		grantID = token
	case userID == "":
		if g, err := s.p.grantOfRefresh(ctx, token); err == nil {
			grantID = g.ID
		}
	}
	if grantID == "" {
		return nil // RFC 7009: an unknown token is not an error
	}
	g, err := s.p.store.GetGrant(ctx, grantID)
	if err != nil || g.ClientID != clientID {
		return nil
	}
	s.p.revokeGrant(ctx, grantID, "revoked_by_client")
	return nil
}

func (s *storage) GetRefreshTokenInfo(ctx context.Context, clientID, token string) (string, string, error) {
	g, err := s.p.grantOfRefresh(ctx, token)
	if err != nil || g.ClientID != clientID {
		return "", "", op.ErrInvalidRefreshToken
	}
	return g.AccountID, g.ID, nil
}

func (s *storage) SigningKey(ctx context.Context) (op.SigningKey, error) {
	k, err := s.p.keys.signer(ctx, signingAlg(ctx))
	if err != nil {
		return nil, err
	}
	return opSigningKey{k}, nil
}

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256, jose.ES256}, nil
}

func (s *storage) KeySet(ctx context.Context) ([]op.Key, error) {
	keys, err := s.p.keys.current(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]op.Key, len(keys))
	for i, k := range keys {
		out[i] = opPublicKey{k}
	}
	return out, nil
}

func (s *storage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.p.store.GetClient(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, oidc.ErrInvalidClient().WithDescription("unknown client")
	} else if err != nil {
		return nil, oidc.ErrServerError().WithParent(err)
	}
	chooseSigning(ctx, c)
	return opClient{c: c, idTTL: s.p.cfg.IDTokenTTL}, nil
}

func (s *storage) AuthorizeClientIDSecret(ctx context.Context, id, secret string) error {
	_, err := s.p.authenticateClient(ctx, id, secret)
	return err
}

func (s *storage) ClientCredentials(ctx context.Context, id, secret string) (op.Client, error) {
	c, err := s.p.authenticateClient(ctx, id, secret)
	if err != nil {
		return nil, err
	}
	return opClient{c: c, idTTL: s.p.cfg.IDTokenTTL}, nil
}

func (s *storage) ClientCredentialsTokenRequest(_ context.Context, id string, scopes []string) (op.TokenRequest, error) {
	return clientCredentials{clientID: id, scopes: scopes}, nil
}

// SetUserinfoFromScopes is deprecated in op; SetUserinfoFromRequest does the work.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

func (s *storage) SetUserinfoFromRequest(ctx context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	var sessionID, orgID string
	switch r := req.(type) {
	case opAuthRequest:
		sessionID = r.r.SessionID
		if o, err := s.p.orgOfRequest(ctx, r.r); err == nil {
			orgID = o
		}
	case *refreshRequest:
		sessionID, orgID = r.g.SessionID, r.g.OrgID
	}
	return s.p.userinfo(ctx, info, req.GetSubject(), scopes, sessionID, orgID)
}

func (s *storage) SetUserinfoFromToken(ctx context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	g, err := s.p.liveGrant(ctx, tokenID, subject)
	if err != nil {
		return err
	}
	return s.p.userinfo(ctx, info, g.AccountID, g.Scopes, g.SessionID, g.OrgID)
}

// SetIntrospectionFromToken answers for the tokens of the introspecting
// client only: another product learns nothing, not even that the token
// is live.
func (s *storage) SetIntrospectionFromToken(ctx context.Context, resp *oidc.IntrospectionResponse, tokenID, subject, clientID string) error {
	if cid, exp, ok := parseClientTokenID(tokenID); ok {
		if cid != clientID || cid != subject || !s.p.now().Before(exp) {
			return errTokenInvalid
		}
		if _, err := s.p.store.GetClient(ctx, cid); err != nil {
			return errTokenInvalid
		}
		resp.Active, resp.ClientID, resp.Subject, resp.Expiration = true, cid, cid, oidc.FromTime(exp)
		resp.Audience = []string{cid}
		return nil
	}
	g, err := s.p.liveGrant(ctx, tokenID, subject)
	if err != nil {
		return err
	}
	if g.ClientID != clientID {
		return errTokenInvalid
	}
	_, exp, _ := parseAccessTokenID(tokenID)
	var info oidc.UserInfo
	if err := s.p.userinfo(ctx, &info, g.AccountID, g.Scopes, g.SessionID, g.OrgID); err != nil {
		return err
	}
	resp.SetUserInfo(&info)
	resp.Active, resp.Scope, resp.ClientID, resp.Subject = true, g.Scopes, g.ClientID, g.AccountID
	resp.Audience, resp.Expiration, resp.AuthTime = []string{g.ClientID}, oidc.FromTime(exp), oidc.FromTime(g.AuthTime)
	resp.AuthenticationMethodsReferences = g.AMR
	return nil
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("JWT profile grants are not supported")
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("JWT profile grants are not supported")
}

func (s *storage) Health(context.Context) error { return nil }

// clientCredentials is a client_credentials token request: the product
// acts as itself.
type clientCredentials struct {
	clientID string
	scopes   []string
}

func (c clientCredentials) GetSubject() string    { return c.clientID }
func (c clientCredentials) GetAudience() []string { return []string{c.clientID} }
func (c clientCredentials) GetScopes() []string   { return c.scopes }

// refreshRequest is a refresh_token request for a grant.
type refreshRequest struct{ g store.Grant }

func (r *refreshRequest) GetAMR() []string            { return r.g.AMR }
func (r *refreshRequest) GetAudience() []string       { return []string{r.g.ClientID} }
func (r *refreshRequest) GetAuthTime() time.Time      { return r.g.AuthTime }
func (r *refreshRequest) GetClientID() string         { return r.g.ClientID }
func (r *refreshRequest) GetScopes() []string         { return r.g.Scopes }
func (r *refreshRequest) GetSubject() string          { return r.g.AccountID }
func (r *refreshRequest) SetCurrentScopes(s []string) { r.g.Scopes = s }

var _ = fmt.Sprint
var _ = identity.Meta{}
