package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// Route paths of the app. ga.Route and every link use these constants; the
// server prerenders the same list.
const (
	PathSignIn           = "/"
	PathPassword         = "/signin/password"
	PathChangePassword   = "/signin/change-password"
	PathSecondFactor     = "/signin/verify"
	PathSetup            = "/signin/setup" // the two-step wizard that sign-in requires
	PathNewEmergencyCode = "/signin/emergency-code"
	PathPasskeyOffer     = "/signin/faster" // a phone's offer of a passkey, after a password sign-in
	PathAccount          = "/account"
	PathSetupFromAccount = "/account/two-step" // the same wizard, by choice
	PathForgot           = "/forgot"
	PathReset            = "/reset"    // ?token=… from a recovery email
	PathActivate         = "/activate" // ?token=… from an invitation
	PathFind             = "/find"
	PathConsent          = api.ConsentScreen  // ?request=… from the OpenID Provider
	PathSignInError      = api.ErrorScreen    // ?error=… from the OpenID Provider
	PathStepUp           = api.StepUpScreen   // ?request=… from the OpenID Provider
	PathSSO              = api.SSOScreen      // the organization's identity provider
	PathLink             = api.PathLink       // ?ticket=… from a product's banner
	PathLinkBanner       = api.PathLinkBanner // ?ticket=…, embedded by the product

	// PathOrgPrefix followed by an organization's slug is its sign-in
	// address; PatternOrg matches every such path.
	PathOrgPrefix = api.OrgSignInPrefix
	PatternOrg    = "^/o/[a-z0-9-]+$"
	// PathOrgAdminSuffix after an organization's address is its admin
	// page; PatternOrgAdmin matches every such path.
	PathOrgAdminSuffix = "/admin"
	PatternOrgAdmin    = "^/o/[a-z0-9-]+/admin$"
)

// routes pairs each path with the constructor of the page it shows.
var routes = []struct {
	path string
	page func() ga.Composer
}{
	{PathSignIn, func() ga.Composer { return newSignInPage() }},
	{PathPassword, func() ga.Composer { return newPasswordPage() }},
	{PathChangePassword, func() ga.Composer { return newChangePasswordPage() }},
	{PathSecondFactor, func() ga.Composer { return newSecondFactorPage() }},
	{PathSetup, func() ga.Composer { return newSetupPage() }},
	{PathNewEmergencyCode, func() ga.Composer { return newNewCodePage() }},
	{PathPasskeyOffer, func() ga.Composer { return newPasskeyOfferPage() }},
	{PathAccount, func() ga.Composer { return newAccountPage() }},
	{PathSetupFromAccount, func() ga.Composer { return newSetupFromAccountPage() }},
	{PathForgot, func() ga.Composer { return newForgotPage() }},
	{PathReset, func() ga.Composer { return newResetPage() }},
	{PathActivate, func() ga.Composer { return newActivatePage() }},
	{PathFind, func() ga.Composer { return newFindPage() }},
	{PathConsent, func() ga.Composer { return newConsentPage() }},
	{PathSignInError, func() ga.Composer { return newSignInErrorPage() }},
	{PathStepUp, func() ga.Composer { return newStepUpPage() }},
	{PathSSO, func() ga.Composer { return newSSOPage() }},
	{PathLink, func() ga.Composer { return newLinkPage() }},
	{PathLinkBanner, func() ga.Composer { return newLinkBannerPage() }},
}

// patternRoutes pairs regular expressions with pages, for paths that carry
// a name. go-app prerenders every path that matches. They are not in
// Paths(): offline, the service worker opens them from the cached "/" (see
// serviceWorker).
var patternRoutes = []struct {
	pattern string
	page    func() ga.Composer
}{
	{PatternOrg, func() ga.Composer { return newOrgSignInPage() }},
	{PatternOrgAdmin, func() ga.Composer { return newOrgAdminPage() }},
}

// Paths returns the path of every route but the pattern ones, in a new slice.
func Paths() []string {
	paths := make([]string, len(routes))
	for i, r := range routes {
		paths[i] = r.path
	}
	return paths
}

// RegisterRoutes registers every page with go-app. Both the WebAssembly
// main and the server (to prerender) call it.
func RegisterRoutes() {
	for _, r := range routes {
		ga.Route(r.path, r.page)
	}
	for _, r := range patternRoutes {
		ga.RouteWithRegexp(r.pattern, r.page)
	}
}
