package api

// Organization SSO: the providers an organization's people sign in with.
var (
	RouteLinkedProviders = op[None, LinkedProviderList]("GET", "/api/account/sso")
	RouteOrgSSOProviders = op[None, SSOProviderList]("GET", "/api/orgs/{slug}/sso")
	RouteOrgSSOAdd       = op[NewSSOProvider, SSOProviderInfo]("POST", "/api/orgs/{slug}/sso")
	RouteOrgSSORemove    = op[None, None]("DELETE", "/api/orgs/{slug}/sso/{id}")
)
