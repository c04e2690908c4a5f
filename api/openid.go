package api

import "time"

// Where the browser goes between a product's /authorize and its redirect
// URI. The server decides at ContinuePath whether the person must sign in,
// consent or step up; the app's screens carry the request's ID in the
// RequestParam query parameter and, when done, send the browser back to
// ContinuePath.
const (
	ContinuePath = "/oidc/continue"
	RequestParam = "request"
)

// Screens of the app the provider sends the browser to. The app's route
// table uses these same constants.
const (
	// SignInScreen with RequestParam signs in for a product.
	SignInScreen = "/"
	// ConsentScreen with RequestParam asks whether a product may see what
	// it asked for.
	ConsentScreen = "/consent"
	// ErrorScreen with ErrorParam explains a sign-in request that cannot
	// go back to its product: an unknown client or redirect URI, or a
	// request that expired.
	ErrorScreen = "/sign-in-error"
	ErrorParam  = "error"
	// OrgSignInPrefix + an organization's slug, with RequestParam, signs
	// in for a product under that organization's name.
	OrgSignInPrefix = "/o/"
	// StepUpScreen with RequestParam asks a signed-in person for the
	// second step a product wants (acr_values).
	StepUpScreen = "/step-up"
)

// ContinueURL is the address that resumes the authorization request id.
func ContinueURL(id string) string { return ContinuePath + "?" + RequestParam + "=" + id }

// Scopes a product may ask for, beyond openid.
const (
	ScopeOpenID  = "openid"
	ScopeEmail   = "email"
	ScopeProfile = "profile"
	ScopeOffline = "offline_access"
	// ScopeOrgs adds the person's organizations and roles (claim "orgs").
	ScopeOrgs = "orgs"
	// ScopeOrgPrefix + slug asks for that organization's sign-in (claim "org").
	ScopeOrgPrefix = "org:"
)

// AuthRequestInfo is the body of GET /api/oidc/requests/{id}: what the
// sign-in and consent screens show about a product's pending request.
type AuthRequestInfo struct {
	ID string `json:"id"`
	// Client is the product's name, as registered.
	Client string `json:"client"`
	// Scopes are what the product will see if the person agrees.
	Scopes []string `json:"scopes"`
	// LoginHint pre-fills the email field.
	LoginHint string `json:"loginHint,omitempty"`
	// Org is the slug of the organization this sign-in is for.
	Org string `json:"org,omitempty"`
	// UILocales are the languages the product asked the screens to use
	// (ui_locales), most preferred first.
	UILocales []string `json:"uiLocales,omitempty"`
	// ContinueURL resumes the request (ContinueURL(ID)).
	ContinueURL string `json:"continueUrl"`
}

// ConsentRequest is the body of POST /api/oidc/requests/{id}/consent.
type ConsentRequest struct {
	Allow bool `json:"allow"`
}

// Continue tells the app where to send the browser next.
type Continue struct {
	URL string `json:"url"`
}

// App is one product the signed-in person has used Porta for.
type App struct {
	ClientID string   `json:"clientId"`
	Name     string   `json:"name"`
	Scopes   []string `json:"scopes"`
	// Consented is when the person agreed (nil for the company's own
	// products, which need no consent).
	Consented *time.Time `json:"consented,omitempty"`
	// LastSignIn is the latest sign-in to it, if any is still valid.
	LastSignIn *time.Time `json:"lastSignIn,omitempty"`
}

// AppList is the body of GET /api/account/apps.
type AppList struct {
	Apps []App `json:"apps"`
}
