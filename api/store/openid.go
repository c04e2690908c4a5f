package store

import (
	"context"
	"fmt"
	"time"
)

// Records of the OpenID Provider (api/oidcop) and of organization SSO.
// Authorization codes are Tokens (kind "oidc_code"); access tokens are
// sealed and carry their Grant's ID, so they need no record of their own.

// Client is a product registered to sign people in through Porta.
type Client struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	// SecretHash is the SHA-256 of the client secret (hex); empty for a
	// public client, which has no secret and must use PKCE.
	SecretHash     string   `json:"secretHash,omitempty"`
	Public         bool     `json:"public,omitempty"`
	RedirectURIs   []string `json:"redirectUris,omitempty"`
	PostLogoutURIs []string `json:"postLogoutUris,omitempty"`
	// OrgID, when set, limits the client to that organization's members.
	OrgID string `json:"orgId,omitempty"`
	// FirstParty clients (the company's own products) skip consent.
	FirstParty bool `json:"firstParty,omitempty"`
	// IDTokenAlg is the algorithm its ID tokens are signed with, "RS256"
	// or "ES256"; empty means RS256.
	IDTokenAlg string    `json:"idTokenAlg,omitempty"`
	CreatedAt  time.Time `json:"createdAt,omitempty"`
	UpdatedAt  time.Time `json:"updatedAt,omitempty"`
}

// AuthRequest is an authorization request between /authorize and the
// code exchange: what the product asked for and, once the person has
// signed in for it, who they are. Its ID becomes the ID of the Grant the
// code exchange creates.
type AuthRequest struct {
	ID                  string   `json:"id,omitempty"`
	ClientID            string   `json:"clientId,omitempty"`
	RedirectURI         string   `json:"redirectUri,omitempty"`
	Scopes              []string `json:"scopes,omitempty"`
	State               string   `json:"state,omitempty"`
	Nonce               string   `json:"nonce,omitempty"`
	ResponseType        string   `json:"responseType,omitempty"`
	ResponseMode        string   `json:"responseMode,omitempty"`
	CodeChallenge       string   `json:"codeChallenge,omitempty"`
	CodeChallengeMethod string   `json:"codeChallengeMethod,omitempty"`
	Prompt              []string `json:"prompt,omitempty"`
	// MaxAge is max_age in seconds when HasMaxAge (max_age=0 is legal).
	MaxAge    int64    `json:"maxAge,omitempty"`
	HasMaxAge bool     `json:"hasMaxAge,omitempty"`
	LoginHint string   `json:"loginHint,omitempty"`
	ACRValues []string `json:"acrValues,omitempty"`
	UILocales []string `json:"uiLocales,omitempty"`
	// OrgSlug is the organization this sign-in is for (org hint).
	OrgSlug string `json:"orgSlug,omitempty"`

	// Set when the person has signed in for this request.
	AccountID string    `json:"accountId,omitempty"`
	SessionID string    `json:"sessionId,omitempty"`
	AuthTime  time.Time `json:"authTime,omitempty"`
	AMR       []string  `json:"amr,omitempty"`
	Done      bool      `json:"done,omitempty"`

	CreatedAt time.Time `json:"createdAt,omitempty"`
	ExpiresAt time.Time `json:"expiresAt,omitempty"`
}

// Grant is what one sign-in gave one product: the account, the scopes,
// and the current refresh token of its rotation chain. Deleting it
// revokes every token of the chain.
type Grant struct {
	ID        string   `json:"id,omitempty"`
	AccountID string   `json:"accountId,omitempty"`
	ClientID  string   `json:"clientId,omitempty"`
	Scopes    []string `json:"scopes,omitempty"`
	// SessionID is the Porta session the sign-in came from (the sid claim).
	SessionID string    `json:"sessionId,omitempty"`
	AuthTime  time.Time `json:"authTime,omitempty"`
	AMR       []string  `json:"amr,omitempty"`
	OrgID     string    `json:"orgId,omitempty"`
	// RefreshHash is the SHA-256 (hex) of the one refresh token that may
	// be used next; presenting an older one is reuse. Empty: no refresh.
	RefreshHash string    `json:"refreshHash,omitempty"`
	CreatedAt   time.Time `json:"createdAt,omitempty"`
	UpdatedAt   time.Time `json:"updatedAt,omitempty"`
	// ExpiresAt ends the chain, refreshed or not.
	ExpiresAt time.Time `json:"expiresAt,omitempty"`
}

// SigningKey is one key the provider signs tokens with.
type SigningKey struct {
	ID        string `json:"id,omitempty"`
	Algorithm string `json:"algorithm,omitempty"` // RS256 or ES256
	// Private is the PKCS #8 private key, sealed with the secrets key.
	Private []byte `json:"private,omitempty"`
	// Public is the PKIX public key.
	Public    []byte    `json:"public,omitempty"`
	CreatedAt time.Time `json:"createdAt,omitempty"`
	// RetiredAt, once set, is when the key stopped signing.
	RetiredAt time.Time `json:"retiredAt,omitempty"`
	// ExpiresAt is when the key leaves the published key set: after every
	// token it signed has expired.
	ExpiresAt time.Time `json:"expiresAt,omitempty"`
}

// Consent records that an account let a client see the given scopes.
type Consent struct {
	AccountID string    `json:"accountId,omitempty"`
	ClientID  string    `json:"clientId,omitempty"`
	Scopes    []string  `json:"scopes,omitempty"`
	CreatedAt time.Time `json:"createdAt,omitempty"`
	UpdatedAt time.Time `json:"updatedAt,omitempty"`
}

// IdentityProvider is an organization's own OpenID provider (Microsoft
// Entra ID, Google, any issuer) that its people sign in with.
type IdentityProvider struct {
	ID     string `json:"id,omitempty"`
	OrgID  string `json:"orgId,omitempty"`
	Name   string `json:"name,omitempty"`
	Preset string `json:"preset,omitempty"` // microsoft, google or oidc
	Issuer string `json:"issuer,omitempty"`
	// ClientID and ClientSecret (sealed) are Porta's registration there.
	ClientID     string `json:"clientId,omitempty"`
	ClientSecret []byte `json:"clientSecret,omitempty"`
	// Domains are the email domains it serves, lower case; a domain
	// belongs to at most one provider.
	Domains []string `json:"domains,omitempty"`
	// TrustMFA skips Porta's own second step when the provider says it
	// did multi-factor authentication (amr "mfa").
	TrustMFA bool `json:"trustMfa,omitempty"`
	// DomainsVerifiedAt is when Porta's operator confirmed that the
	// organization owns Domains; zero until then, and an unconfirmed
	// provider signs nobody in.
	DomainsVerifiedAt time.Time `json:"domainsVerifiedAt,omitzero"`
	CreatedAt         time.Time `json:"createdAt,omitempty"`
	UpdatedAt         time.Time `json:"updatedAt,omitempty"`
}

// ExternalIdentity links an account to its subject at an IdentityProvider.
type ExternalIdentity struct {
	ProviderID string    `json:"providerId,omitempty"`
	Subject    string    `json:"subject,omitempty"`
	AccountID  string    `json:"accountId,omitempty"`
	Email      string    `json:"email,omitempty"`
	CreatedAt  time.Time `json:"createdAt,omitempty"`
	LastUsedAt time.Time `json:"lastUsedAt,omitempty"`
}

// OpenIDStore keeps the records above; Store embeds it.
type OpenIDStore interface {
	// CreateClient inserts c; ErrAlreadyExists when the ID is taken.
	CreateClient(ctx context.Context, c Client) error
	// GetClient returns the client with id; ErrNotFound.
	GetClient(ctx context.Context, id string) (Client, error)
	// UpdateClient replaces the client with update(old) atomically;
	// ErrNotFound, ErrConflict (ID changed), or update's own error.
	UpdateClient(ctx context.Context, id string, update func(Client) (Client, error)) (Client, error)
	// DeleteClient removes the client; ErrNotFound.
	DeleteClient(ctx context.Context, id string) error
	// ListClients returns every client ordered by ID (few; admin only).
	ListClients(ctx context.Context) ([]Client, error)

	// CreateAuthRequest inserts r; ErrAlreadyExists.
	CreateAuthRequest(ctx context.Context, r AuthRequest) error
	// GetAuthRequest returns the request with id, expired or not; ErrNotFound.
	GetAuthRequest(ctx context.Context, id string) (AuthRequest, error)
	// UpdateAuthRequest replaces the request with update(old) atomically;
	// ErrNotFound, ErrConflict (ID changed), or update's own error.
	UpdateAuthRequest(ctx context.Context, id string, update func(AuthRequest) (AuthRequest, error)) (AuthRequest, error)
	// DeleteAuthRequest removes the request; ErrNotFound.
	DeleteAuthRequest(ctx context.Context, id string) error
	// DeleteExpiredAuthRequests removes requests whose ExpiresAt is not
	// after now, reading only those, and returns how many went.
	DeleteExpiredAuthRequests(ctx context.Context, now time.Time) (int, error)

	// CreateGrant inserts g and appends events (what the grant is in
	// the audit log) in one transaction; ErrAlreadyExists when the ID is
	// taken, and then no event is appended.
	CreateGrant(ctx context.Context, g Grant, events ...AuditEvent) error
	// RedeemCode is an authorization code's one use: in one transaction
	// it spends the token codeHash (Attempts 0 → 1), inserts g and
	// appends events. ErrNotFound without that token, ErrConflict when it
	// is spent already, ErrAlreadyExists when g's ID is taken; then
	// nothing changes. Of concurrent calls for one code, on any replica,
	// exactly one succeeds.
	RedeemCode(ctx context.Context, codeHash string, g Grant, events ...AuditEvent) error
	// GetGrant returns the grant with id, expired or not; ErrNotFound.
	GetGrant(ctx context.Context, id string) (Grant, error)
	// UpdateGrant replaces the grant with update(old) atomically (it is
	// how a refresh token is rotated once under concurrency); ErrNotFound,
	// ErrConflict (ID, AccountID or ClientID changed), or update's own
	// error, in which case nothing changes.
	UpdateGrant(ctx context.Context, id string, update func(Grant) (Grant, error)) (Grant, error)
	// DeleteGrant removes the grant; ErrNotFound.
	DeleteGrant(ctx context.Context, id string) error
	// ListGrants returns the account's grants, newest first by CreatedAt,
	// ties by ID.
	ListGrants(ctx context.Context, accountID string) ([]Grant, error)
	// DeleteExpiredGrants removes grants whose ExpiresAt is not after now,
	// reading only those, and returns how many went.
	DeleteExpiredGrants(ctx context.Context, now time.Time) (int, error)

	// ListSigningKeys returns every signing key, oldest first by
	// CreatedAt, ties by ID.
	ListSigningKeys(ctx context.Context) ([]SigningKey, error)
	// UpdateSigningKeys replaces the whole set of signing keys with
	// update(old) atomically, old in ListSigningKeys order. update may run
	// more than once; concurrent calls, from any process, take turns, so a
	// rotation decided inside update happens once. ErrConflict when the
	// result has an empty or repeated ID; update's own error is returned
	// as is and nothing changes.
	UpdateSigningKeys(ctx context.Context, update func([]SigningKey) ([]SigningKey, error)) ([]SigningKey, error)

	// PutConsent creates or replaces the consent (AccountID, ClientID).
	PutConsent(ctx context.Context, c Consent) error
	// GetConsent returns one consent; ErrNotFound.
	GetConsent(ctx context.Context, accountID, clientID string) (Consent, error)
	// DeleteConsent removes one consent; ErrNotFound.
	DeleteConsent(ctx context.Context, accountID, clientID string) error
	// ListConsents returns the account's consents ordered by ClientID.
	ListConsents(ctx context.Context, accountID string) ([]Consent, error)

	// PutIdentityProvider creates or replaces the provider with p.ID;
	// ErrConflict when one of its domains belongs to another provider.
	PutIdentityProvider(ctx context.Context, p IdentityProvider) error
	// GetIdentityProvider returns the provider with id; ErrNotFound.
	GetIdentityProvider(ctx context.Context, id string) (IdentityProvider, error)
	// GetIdentityProviderByDomain returns the provider serving the email
	// domain (lower case); ErrNotFound.
	GetIdentityProviderByDomain(ctx context.Context, domain string) (IdentityProvider, error)
	// ListIdentityProviders returns the organization's providers ordered by ID.
	ListIdentityProviders(ctx context.Context, orgID string) ([]IdentityProvider, error)
	// DeleteIdentityProvider removes the provider and frees its domains;
	// ErrNotFound.
	DeleteIdentityProvider(ctx context.Context, id string) error

	// PutExternalIdentity creates or replaces the link (ProviderID, Subject).
	PutExternalIdentity(ctx context.Context, e ExternalIdentity) error
	// GetExternalIdentity returns one link; ErrNotFound.
	GetExternalIdentity(ctx context.Context, providerID, subject string) (ExternalIdentity, error)
	// ListExternalIdentities returns the account's links ordered by
	// ProviderID, then Subject.
	ListExternalIdentities(ctx context.Context, accountID string) ([]ExternalIdentity, error)
	// DeleteExternalIdentity removes one link; ErrNotFound.
	DeleteExternalIdentity(ctx context.Context, providerID, subject string) error
}

// CheckSigningKeySet is the rule for what UpdateSigningKeys stores:
// ErrConflict unless every key has a non-empty ID of its own. Backends
// call it; it is here so they agree.
func CheckSigningKeySet(set []SigningKey) error {
	seen := make(map[string]bool, len(set))
	for _, k := range set {
		switch {
		case k.ID == "":
			return fmt.Errorf("signing key without an ID: %w", ErrConflict)
		case seen[k.ID]:
			return fmt.Errorf("signing key %q twice: %w", k.ID, ErrConflict)
		}
		seen[k.ID] = true
	}
	return nil
}
