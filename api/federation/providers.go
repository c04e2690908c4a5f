// Package federation is Porta as a relying party: organizations' own
// OpenID providers (Microsoft Entra ID, Google, any issuer) that their
// people sign in with. It keeps the providers, runs the authorization
// code flow with state, nonce and PKCE on zitadel's rp package, and hands
// the verified answer to identity, which links or creates the account and
// signs it in.
package federation

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store"
	"github.com/zitadel/oidc/v3/pkg/client/rp"
)

// Config configures a Service.
type Config struct {
	Store    store.Store
	Identity *identity.Service
	// BaseURL is Porta's public address; providers send people back to
	// BaseURL + api.SSOCallbackPath.
	BaseURL string
	// HTTPClient talks to the providers (discovery, keys, tokens).
	HTTPClient *http.Client
	Logger     *slog.Logger
}

// Service is organization SSO.
type Service struct {
	store    store.Store
	id       *identity.Service
	redirect string
	http     *http.Client
	log      *slog.Logger

	mu sync.Mutex
	// parties caches each provider's relying party (its discovery and
	// keys), made again when the provider changes.
	parties map[string]cachedParty
}

type cachedParty struct {
	updated time.Time
	rp      rp.RelyingParty
}

// New returns a Service.
func New(c Config) *Service {
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return &Service{
		store: c.Store, id: c.Identity, http: c.HTTPClient, log: c.Logger,
		redirect: strings.TrimRight(c.BaseURL, "/") + api.SSOCallbackPath,
		parties:  map[string]cachedParty{},
	}
}

// RedirectURI is the address to register at every provider.
func (f *Service) RedirectURI() string { return f.redirect }

// Issuers of the presets.
const (
	GoogleIssuer    = "https://accounts.google.com"
	microsoftIssuer = "https://login.microsoftonline.com/%s/v2.0"
)

// MicrosoftIssuer is the issuer of an Entra ID directory (tenant ID).
func MicrosoftIssuer(tenant string) string { return fmt.Sprintf(microsoftIssuer, tenant) }

var (
	// tenantPattern is a directory ID. Names ("common", "organizations",
	// contoso.onmicrosoft.com) are refused: their tokens carry the
	// directory's ID as issuer, so no sign-in would ever check out, and
	// "common" would take any directory's word for an address.
	tenantPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	domainPattern = regexp.MustCompile(`^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
)

// maxName bounds a provider's display name.
const maxName = 100

// AddProvider adds an identity provider to the organization slug.
// verified says the operator vouches that the organization owns the
// domains (the CLI); an organization's admins add it unverified, and it
// signs nobody in until VerifyDomains. Errors: api.CodeNotFound
// (organization), api.CodeInvalidRequest, api.CodeConflict (a domain
// that another provider serves).
func (f *Service) AddProvider(ctx context.Context, slug string, n api.NewSSOProvider, verified bool, by string, m identity.Meta) (api.SSOProviderInfo, error) {
	org, err := f.id.Org(ctx, slug)
	if err != nil {
		return api.SSOProviderInfo{}, err
	}
	p, err := f.newProvider(n)
	if err != nil {
		return api.SSOProviderInfo{}, err
	}
	if p.ID, err = newToken(12); err != nil {
		return api.SSOProviderInfo{}, err
	}
	if p.ClientSecret, err = f.id.Seal([]byte(n.ClientSecret)); err != nil {
		return api.SSOProviderInfo{}, fmt.Errorf("add provider: %w", err)
	}
	now := f.id.Now()
	p.OrgID, p.CreatedAt, p.UpdatedAt = org.ID, now, now
	if verified {
		p.DomainsVerifiedAt = now
	}
	switch err := f.store.PutIdentityProvider(ctx, p); {
	case errors.Is(err, store.ErrConflict):
		return api.SSOProviderInfo{}, identity.Errorf(api.CodeConflict, "Another identity provider already serves one of %s.", strings.Join(p.Domains, ", "))
	case err != nil:
		return api.SSOProviderInfo{}, fmt.Errorf("add provider: %w", err)
	}
	f.id.AuditOrgChange(ctx, org.ID, by, m, fmt.Sprintf("identity provider %s (%s) added for %s", p.Name, p.Issuer, strings.Join(p.Domains, ", ")))
	return f.info(p), nil
}

// newProvider checks n and turns it into a record, without its ID,
// organization and secret. Errors: api.CodeInvalidRequest.
func (f *Service) newProvider(n api.NewSSOProvider) (store.IdentityProvider, error) {
	p := store.IdentityProvider{Preset: n.Preset, ClientID: strings.TrimSpace(n.ClientID), TrustMFA: n.TrustMFA, Name: strings.TrimSpace(n.Name)}
	invalid := func(format string, args ...any) (store.IdentityProvider, error) {
		return store.IdentityProvider{}, identity.Errorf(api.CodeInvalidRequest, format, args...)
	}
	switch n.Preset {
	case api.SSOPresetMicrosoft:
		if !tenantPattern.MatchString(n.Tenant) {
			return invalid("Give the Microsoft Entra ID directory (tenant) ID, like 72f988bf-86f1-41af-91ab-2d7cd011db47; names such as common or contoso.onmicrosoft.com do not work.")
		}
		p.Issuer = MicrosoftIssuer(n.Tenant)
		p.Name = or(p.Name, "Microsoft")
	case api.SSOPresetGoogle:
		p.Issuer = GoogleIssuer
		p.Name = or(p.Name, "Google")
	case api.SSOPresetOIDC:
		u, err := url.Parse(n.Issuer)
		if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || (u.Scheme != "https" && !(u.Scheme == "http" && loopback(u.Hostname()))) {
			return invalid("The issuer must be an https:// address without query or fragment, like https://idp.example.com.")
		}
		p.Issuer = strings.TrimRight(n.Issuer, "/")
		if u.Path == "/" {
			p.Issuer = u.Scheme + "://" + u.Host
		}
		p.Name = or(p.Name, u.Hostname())
	default:
		return invalid("The preset %q is not microsoft, google or oidc.", n.Preset)
	}
	switch {
	case len([]rune(p.Name)) > maxName:
		return invalid("Give the provider a name of at most %d characters.", maxName)
	case p.ClientID == "" || n.ClientSecret == "":
		return invalid("Give the client ID and secret of Porta's registration at the provider.")
	case len(n.Domains) == 0:
		return invalid("Give at least one email domain the provider serves.")
	}
	for _, d := range n.Domains {
		d = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(d), "@")))
		if !domainPattern.MatchString(d) {
			return invalid("%q is not an email domain like example.com.", d)
		}
		if !slices.Contains(p.Domains, d) {
			p.Domains = append(p.Domains, d)
		}
	}
	return p, nil
}

// Providers lists the organization's identity providers. Errors:
// api.CodeNotFound.
func (f *Service) Providers(ctx context.Context, slug string) ([]api.SSOProviderInfo, error) {
	org, err := f.id.Org(ctx, slug)
	if err != nil {
		return nil, err
	}
	ps, err := f.store.ListIdentityProviders(ctx, org.ID)
	if err != nil {
		return nil, fmt.Errorf("providers: %w", err)
	}
	out := make([]api.SSOProviderInfo, 0, len(ps))
	for _, p := range ps {
		out = append(out, f.info(p))
	}
	return out, nil
}

// RemoveProvider removes one of the organization's providers; the
// accounts it made keep their memberships and may reset a password.
// by names who did it, for the audit log. Errors: api.CodeNotFound.
func (f *Service) RemoveProvider(ctx context.Context, slug, id, by string, m identity.Meta) error {
	org, p, err := f.orgProvider(ctx, slug, id)
	if err != nil {
		return err
	}
	if err := f.store.DeleteIdentityProvider(ctx, id); errors.Is(err, store.ErrNotFound) {
		return identity.Errorf(api.CodeNotFound, "%s has no identity provider %q.", org.Name, id)
	} else if err != nil {
		return fmt.Errorf("remove provider: %w", err)
	}
	f.mu.Lock()
	delete(f.parties, id)
	f.mu.Unlock()
	f.id.AuditOrgChange(ctx, org.ID, by, m, fmt.Sprintf("identity provider %s (%s) removed", p.Name, p.Issuer))
	return nil
}

// VerifyDomains records that the operator confirmed the organization
// owns the domains of its provider id, which from then on signs people
// in. Errors: api.CodeNotFound.
func (f *Service) VerifyDomains(ctx context.Context, slug, id, by string, m identity.Meta) (api.SSOProviderInfo, error) {
	org, p, err := f.orgProvider(ctx, slug, id)
	if err != nil {
		return api.SSOProviderInfo{}, err
	}
	if !p.DomainsVerifiedAt.IsZero() {
		return f.info(p), nil
	}
	now := f.id.Now()
	p.DomainsVerifiedAt, p.UpdatedAt = now, now
	if err := f.store.PutIdentityProvider(ctx, p); err != nil {
		return api.SSOProviderInfo{}, fmt.Errorf("verify provider: %w", err)
	}
	f.id.AuditOrgChange(ctx, org.ID, by, m, fmt.Sprintf("identity provider %s confirmed for %s", p.Name, strings.Join(p.Domains, ", ")))
	return f.info(p), nil
}

// orgProvider returns the organization slug and its provider id.
// Errors: api.CodeNotFound.
func (f *Service) orgProvider(ctx context.Context, slug, id string) (identity.OrgView, store.IdentityProvider, error) {
	org, err := f.id.Org(ctx, slug)
	if err != nil {
		return identity.OrgView{}, store.IdentityProvider{}, err
	}
	p, err := f.store.GetIdentityProvider(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && p.OrgID != org.ID) {
		return identity.OrgView{}, store.IdentityProvider{}, identity.Errorf(api.CodeNotFound, "%s has no identity provider %q.", org.Name, id)
	} else if err != nil {
		return identity.OrgView{}, store.IdentityProvider{}, fmt.Errorf("identity provider: %w", err)
	}
	return org, p, nil
}

func (f *Service) info(p store.IdentityProvider) api.SSOProviderInfo {
	return api.SSOProviderInfo{
		ID: p.ID, Name: p.Name, Preset: p.Preset, Issuer: p.Issuer, ClientID: p.ClientID,
		Domains: append([]string{}, p.Domains...), TrustMFA: p.TrustMFA, CreatedAt: p.CreatedAt,
		DomainsVerified: !p.DomainsVerifiedAt.IsZero(), RedirectURI: f.redirect,
	}
}

func loopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// newToken returns n random bytes, base64url-encoded.
func newToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
