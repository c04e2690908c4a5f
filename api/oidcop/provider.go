// Package oidcop is Porta's OpenID Provider: products send people here to
// sign in and get back who they are. The protocol is zitadel/oidc's op
// package; this package is its storage and the decisions around the
// sign-in screens, on identity (sessions, accounts, audit) and the store
// (clients, requests, grants, keys).
package oidcop

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store"
)

// Defaults of Config.
const (
	DefaultKeyRotation    = 30 * 24 * time.Hour
	DefaultAccessTokenTTL = 15 * time.Minute
	DefaultIDTokenTTL     = time.Hour
	DefaultRefreshTTL     = 30 * 24 * time.Hour
	// CodeTTL is how long an authorization code works: at most 60 s.
	CodeTTL = time.Minute
	// DefaultRequestTTL is how long a person has to sign in for a request.
	DefaultRequestTTL = 30 * time.Minute
)

// Config configures a Provider.
type Config struct {
	// Issuer is Porta's public URL (--public-url).
	Issuer   string
	Store    store.Store
	Identity *identity.Service
	Now      func() time.Time
	Rand     io.Reader
	Logger   *slog.Logger
	// Insecure allows an http issuer (development on localhost).
	Insecure bool

	// KeyRotation is how often a new signing key takes over.
	KeyRotation    time.Duration
	AccessTokenTTL time.Duration
	IDTokenTTL     time.Duration
	// RefreshTTL ends a sign-in's refresh chain, refreshed or not.
	RefreshTTL time.Duration
	// RequestTTL is how long a person has to finish signing in.
	RequestTTL time.Duration
}

// Provider is the OpenID Provider.
type Provider struct {
	*Registry
	cfg  Config
	id   *identity.Service
	log  *slog.Logger
	keys *keyRing
	// sealer seals and opens op's opaque access tokens.
	sealer *accessTokenCrypto
	op     *op.Provider
	// refreshKey keys the MAC of refresh tokens.
	refreshKey []byte
	// callbackKey keys the ticket that lets a browser collect its code at
	// /authorize/callback.
	callbackKey []byte
	// handler is op's router behind Porta's own checks of /authorize.
	handler http.Handler
}

// New returns a Provider; its signing keys are made or loaded from the store.
func New(ctx context.Context, cfg Config) (*Provider, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	orDefault(&cfg.KeyRotation, DefaultKeyRotation)
	orDefault(&cfg.AccessTokenTTL, DefaultAccessTokenTTL)
	orDefault(&cfg.IDTokenTTL, DefaultIDTokenTTL)
	orDefault(&cfg.RefreshTTL, DefaultRefreshTTL)
	orDefault(&cfg.RequestTTL, DefaultRequestTTL)
	cfg.Issuer = strings.TrimRight(cfg.Issuer, "/")
	p := &Provider{Registry: NewRegistry(cfg.Store, cfg.Now, cfg.Rand), cfg: cfg, id: cfg.Identity, log: cfg.Logger}
	p.keys = newKeyRing(p)
	p.refreshKey = cfg.Identity.DerivedKey("oidc refresh tokens")
	p.callbackKey = cfg.Identity.DerivedKey("oidc authorize callback")
	if _, err := p.keys.current(ctx); err != nil {
		return nil, fmt.Errorf("oidc provider: signing keys: %w", err)
	}
	var cryptoKey [32]byte
	copy(cryptoKey[:], cfg.Identity.DerivedKey("oidc access tokens"))
	opCfg := &op.Config{
		CryptoKey:             cryptoKey,
		CodeMethodS256:        true,
		AuthMethodPost:        true,
		GrantTypeRefreshToken: true,
		SupportedScopes:       []string{oidc.ScopeOpenID, oidc.ScopeEmail, oidc.ScopeProfile, oidc.ScopeOfflineAccess, api.ScopeOrgs},
		SupportedClaims:       []string{"sub", "email", "email_verified", "name", "amr", "acr", "auth_time", "sid", "orgs", "org", "iss", "aud", "exp", "iat", "nonce", "at_hash", "c_hash"},
	}
	var err error
	if p.sealer, err = newAccessTokenCrypto(cryptoKey); err != nil {
		return nil, fmt.Errorf("oidc provider: %w", err)
	}
	opts := []op.Option{op.WithLogger(cfg.Logger), op.WithCrypto(p.sealer)}
	if cfg.Insecure {
		opts = append(opts, op.WithAllowInsecure())
	}
	p.op, err = op.NewProvider(opCfg, &storage{p}, op.StaticIssuer(cfg.Issuer), opts...)
	if err != nil {
		return nil, fmt.Errorf("oidc provider: %w", err)
	}
	p.handler = withSigningChoice(p.guardAuthorize(p.op))
	return p, nil
}

func orDefault(d *time.Duration, def time.Duration) {
	if *d == 0 {
		*d = def
	}
}

// Paths are the protocol endpoints, as ServeMux patterns.
func (p *Provider) Paths() []string {
	return []string{
		"/.well-known/openid-configuration",
		"/authorize", "/authorize/callback",
		"/oauth/token", "/oauth/introspect",
		"/userinfo", "/revoke", "/end_session", "/keys",
	}
}

// Handler serves every path of Paths.
func (p *Provider) Handler() http.Handler { return p.handler }

// Sweep removes expired authorization requests and grants.
func (p *Provider) Sweep(ctx context.Context) error {
	now := p.now()
	if _, err := p.store.DeleteExpiredAuthRequests(ctx, now); err != nil {
		return fmt.Errorf("sweep auth requests: %w", err)
	}
	if _, err := p.store.DeleteExpiredGrants(ctx, now); err != nil {
		return fmt.Errorf("sweep grants: %w", err)
	}
	return p.keys.prune(ctx)
}
