package api

import (
	"net/url"
	"time"
)

// NextSSO is the answer to identify for an email whose domain an
// organization's own identity provider serves: the person continues
// there (see IdentifyResponse.Providers) and Porta asks no password.
const NextSSO = "sso"

// SSOProvider is an organization's identity provider as the sign-in
// screen offers it: "Continue with Name".
type SSOProvider struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Where the browser goes for organization SSO. SSOStartPath (with
// RequestParam when the sign-in is for a product) sends it to the
// provider; the provider sends it back to SSOCallbackPath; a callback
// that still owes a step, or that failed, lands on SSOScreen.
const (
	SSOStartPath    = "/sso/{provider}/start"
	SSOCallbackPath = "/sso/callback"
	SSOScreen       = "/signin/sso"
	// SSONextParam on SSOScreen is the next sign-in step (Next…), with
	// SSOMethodsParam (comma-separated), SSODefaultParam and
	// SSORememberParam (seconds; absent when remembering is not offered)
	// for the second step.
	SSONextParam     = "next"
	SSOMethodsParam  = "methods"
	SSODefaultParam  = "default"
	SSORememberParam = "remember"
)

// SSOStartURL is the address that starts sign-in with provider id,
// carrying the product's request when there is one.
func SSOStartURL(id, request string) string {
	u := "/sso/" + url.PathEscape(id) + "/start"
	if request != "" {
		u += "?" + RequestParam + "=" + url.QueryEscape(request)
	}
	return u
}

// Why a return from an organization's provider failed: the value of
// ErrorParam on SSOScreen.
const (
	// SSOErrState: the return does not belong to a sign-in this browser
	// started (wrong or missing state), or it took too long.
	SSOErrState = "sso_state"
	// SSOErrToken: the provider's answer did not check out (nonce,
	// issuer, signature, PKCE).
	SSOErrToken = "sso_token"
	// SSOErrEmail: the provider did not vouch for the email, or the email
	// is outside the domains the provider serves.
	SSOErrEmail = "sso_email"
	// SSOErrDenied: the person cancelled, or the provider refused.
	SSOErrDenied = "sso_denied"
	// SSOErrUnavailable: the provider is unknown or cannot be reached.
	SSOErrUnavailable = "sso_unavailable"
)

// Presets of NewSSOProvider.Preset.
const (
	SSOPresetMicrosoft = "microsoft"
	SSOPresetGoogle    = "google"
	SSOPresetOIDC      = "oidc"
)

// SSOProviderInfo is an organization's identity provider as its
// administrators see it. The client secret never leaves Porta.
type SSOProviderInfo struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Preset    string    `json:"preset"`
	Issuer    string    `json:"issuer"`
	ClientID  string    `json:"clientId"`
	Domains   []string  `json:"domains"`
	TrustMFA  bool      `json:"trustMfa"`
	CreatedAt time.Time `json:"createdAt"`
	// DomainsVerified: Porta's operator confirmed that the organization
	// owns Domains (porta admin org sso verify). Until then nobody signs
	// in with the provider: whoever runs it could otherwise speak for any
	// address in a domain it named.
	DomainsVerified bool `json:"domainsVerified"`
	// RedirectURI is the address to register at the provider.
	RedirectURI string `json:"redirectUri"`
}

// SSOProviderList is the body of GET /api/orgs/{slug}/sso.
type SSOProviderList struct {
	Providers []SSOProviderInfo `json:"providers"`
}

// NewSSOProvider is the body of POST /api/orgs/{slug}/sso. Preset
// microsoft needs Tenant (the directory's ID), oidc needs Issuer; google
// needs neither. Name defaults to the preset's ("Microsoft", "Google").
type NewSSOProvider struct {
	Preset       string   `json:"preset"`
	Issuer       string   `json:"issuer,omitempty"`
	Tenant       string   `json:"tenant,omitempty"`
	Name         string   `json:"name,omitempty"`
	ClientID     string   `json:"clientId"`
	ClientSecret string   `json:"clientSecret"`
	Domains      []string `json:"domains"`
	// TrustMFA skips Porta's own second step when the provider says it
	// did multi-factor authentication (amr "mfa").
	TrustMFA bool `json:"trustMfa,omitempty"`
}

// LinkedProvider is an organization's provider the person signs in with.
type LinkedProvider struct {
	ProviderID string    `json:"providerId"`
	Name       string    `json:"name"`
	Org        string    `json:"org"`
	Email      string    `json:"email"`
	LinkedAt   time.Time `json:"linkedAt"`
	LastUsedAt time.Time `json:"lastUsedAt,omitzero"`
}

// LinkedProviderList is the body of GET /api/account/sso.
type LinkedProviderList struct {
	Providers []LinkedProvider `json:"providers"`
}
