package oidcop

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/limit"
	"github.com/porta-id/porta/api/store"
)

// Registry keeps the registered clients. The admin commands use it
// without a running provider.
type Registry struct {
	store   store.Store
	limiter *limit.Limiter
	now     func() time.Time
	rand    io.Reader
}

// NewRegistry returns the registry of the clients in st.
func NewRegistry(st store.Store, now func() time.Time, rnd io.Reader) *Registry {
	if now == nil {
		now = time.Now
	}
	if rnd == nil {
		rnd = rand.Reader
	}
	return &Registry{store: st, limiter: limit.New(st), now: now, rand: rnd}
}

// NewClient is what an operator registers (porta admin client create).
type NewClient struct {
	Name           string
	RedirectURIs   []string
	PostLogoutURIs []string
	Public         bool
	// Org is the slug of the one organization whose members it serves.
	Org        string
	FirstParty bool
	// SigningAlg signs its ID tokens: "RS256" (the default, also when
	// empty) or "ES256".
	SigningAlg string
}

// CreateClient registers a product and returns it with its secret, shown
// this once and stored hashed (empty for a public client). Errors:
// api.CodeInvalidRequest, api.CodeNotFound (organization).
func (p *Registry) CreateClient(ctx context.Context, n NewClient) (store.Client, string, error) {
	name := strings.TrimSpace(n.Name)
	if name == "" || len(name) > api.MaxNameLength {
		return store.Client{}, "", identity.Errorf(api.CodeInvalidRequest, "A client needs a name of at most %d characters.", api.MaxNameLength)
	}
	if len(n.RedirectURIs) == 0 {
		return store.Client{}, "", identity.Errorf(api.CodeInvalidRequest, "A client needs at least one redirect URI.")
	}
	for _, u := range append(slices.Clone(n.RedirectURIs), n.PostLogoutURIs...) {
		if err := checkRegisteredURI(u); err != nil {
			return store.Client{}, "", err
		}
	}
	switch n.SigningAlg {
	case "", algRS256:
		n.SigningAlg = ""
	case algES256:
	default:
		return store.Client{}, "", identity.Errorf(api.CodeInvalidRequest, "The signing algorithm is RS256 or ES256, not %q.", n.SigningAlg)
	}
	c := store.Client{
		Name: name, Public: n.Public, RedirectURIs: n.RedirectURIs, PostLogoutURIs: n.PostLogoutURIs,
		FirstParty: n.FirstParty, IDTokenAlg: n.SigningAlg, CreatedAt: p.now(), UpdatedAt: p.now(),
	}
	if n.Org != "" {
		o, err := p.store.GetOrgBySlug(ctx, n.Org)
		if errors.Is(err, store.ErrNotFound) {
			return store.Client{}, "", identity.Errorf(api.CodeNotFound, "There is no organization %q.", n.Org)
		} else if err != nil {
			return store.Client{}, "", fmt.Errorf("create client: %w", err)
		}
		c.OrgID = o.ID
	}
	var err error
	if c.ID, err = p.newID(); err != nil {
		return store.Client{}, "", err
	}
	var secret string
	if !n.Public {
		if secret, err = p.newSecret(); err != nil {
			return store.Client{}, "", err
		}
		c.SecretHash = hashHex(secret)
	}
	if err := p.store.CreateClient(ctx, c); err != nil {
		return store.Client{}, "", fmt.Errorf("create client: %w", err)
	}
	return c, secret, nil
}

// checkRegisteredURI accepts an absolute URI without a fragment: exact
// matching needs a URI that means one thing.
func checkRegisteredURI(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Fragment != "" || (strings.HasPrefix(u.Scheme, "http") && u.Host == "") {
		return identity.Errorf(api.CodeInvalidRequest, "%q is not an absolute URI without a fragment.", raw)
	}
	return nil
}

// Client returns a registered client; api.CodeNotFound.
func (p *Registry) Client(ctx context.Context, id string) (store.Client, error) {
	c, err := p.store.GetClient(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Client{}, identity.Errorf(api.CodeNotFound, "There is no client %q.", id)
	}
	return c, err
}

// Clients lists every client.
func (p *Registry) Clients(ctx context.Context) ([]store.Client, error) {
	return p.store.ListClients(ctx)
}

// RotateClientSecret replaces a confidential client's secret and returns
// the new one; the old stops working at once. api.CodeNotFound,
// api.CodeInvalidRequest for a public client.
func (p *Registry) RotateClientSecret(ctx context.Context, id string) (string, error) {
	secret, err := p.newSecret()
	if err != nil {
		return "", err
	}
	_, err = p.store.UpdateClient(ctx, id, func(c store.Client) (store.Client, error) {
		if c.Public {
			return c, identity.Errorf(api.CodeInvalidRequest, "A public client has no secret.")
		}
		c.SecretHash, c.UpdatedAt = hashHex(secret), p.now()
		return c, nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return "", identity.Errorf(api.CodeNotFound, "There is no client %q.", id)
	}
	return secret, err
}

// DeleteClient removes a client; its tokens stop working, as every
// token check reads the client. api.CodeNotFound.
func (p *Registry) DeleteClient(ctx context.Context, id string) error {
	err := p.store.DeleteClient(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return identity.Errorf(api.CodeNotFound, "There is no client %q.", id)
	}
	return err
}

// authenticateClient checks a client secret in constant time. A wrong
// secret and an unknown client are the same plain error for op.
func (p *Registry) authenticateClient(ctx context.Context, id, secret string) (store.Client, error) {
	c, err := p.store.GetClient(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Client{}, errors.New("unknown client")
	} else if err != nil {
		return store.Client{}, oidc.ErrServerError().WithParent(err)
	}
	if c.Public || c.SecretHash == "" {
		return store.Client{}, errors.New("public client has no secret")
	}
	key, now := "client:"+id+"#ip:"+identity.MetaFrom(ctx).IP, p.now()
	if err := p.limiter.Check(ctx, key, clientSecretRule, now); err != nil {
		return store.Client{}, fmt.Errorf("client authentication paused: %w", err)
	}
	got := hashHex(secret)
	if subtle.ConstantTimeCompare([]byte(got), []byte(c.SecretHash)) != 1 {
		if _, err := p.limiter.Reserve(ctx, key, clientSecretRule, now); err != nil && !isRefused(err) {
			return store.Client{}, oidc.ErrServerError().WithParent(err)
		}
		return store.Client{}, errors.New("wrong client secret")
	}
	return c, nil
}

// clientSecretRule limits wrong client secrets per client and address
// (so nobody can pause a product's sign-ins from elsewhere): the secrets
// carry 256 bits, so this is about noise, not guessing. A
// right secret does not reset the count (that would cost a write per
// token request); the count is forgotten a day after the last failure.
var clientSecretRule = limit.Rule{Free: 10, MaxDelay: time.Minute, Max: 1000, Lock: time.Hour, Forget: 24 * time.Hour}

func isRefused(err error) bool {
	_, ok := limit.IsRefused(err)
	return ok
}

func hashHex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// opClient adapts a store.Client to op.Client.
type opClient struct {
	c     store.Client
	idTTL time.Duration
}

func (c opClient) GetID() string                    { return c.c.ID }
func (c opClient) RedirectURIs() []string           { return c.c.RedirectURIs }
func (c opClient) PostLogoutRedirectURIs() []string { return c.c.PostLogoutURIs }
func (c opClient) ApplicationType() op.ApplicationType {
	if !c.c.Public {
		return op.ApplicationTypeWeb
	}
	for _, u := range c.c.RedirectURIs {
		if strings.HasPrefix(u, "https://") {
			return op.ApplicationTypeUserAgent
		}
	}
	return op.ApplicationTypeNative
}
func (c opClient) AuthMethod() oidc.AuthMethod {
	if c.c.Public {
		return oidc.AuthMethodNone
	}
	return oidc.AuthMethodBasic
}
func (c opClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c opClient) GrantTypes() []oidc.GrantType {
	g := []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken}
	if !c.c.Public {
		g = append(g, oidc.GrantTypeClientCredentials)
	}
	return g
}
func (c opClient) LoginURL(id string) string            { return api.ContinueURL(id) }
func (c opClient) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c opClient) IDTokenLifetime() time.Duration       { return c.idTTL }
func (c opClient) DevMode() bool                        { return false }
func (c opClient) ClockSkew() time.Duration             { return 0 }
func (c opClient) IDTokenUserinfoClaimsAssertion() bool { return true }

// IsScopeAllowed keeps Porta's own scopes, which op would drop as unknown.
func (c opClient) IsScopeAllowed(scope string) bool {
	return scope == api.ScopeOrgs || strings.HasPrefix(scope, api.ScopeOrgPrefix)
}
func (c opClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c opClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
