package api

import "context"

// LinkedProviders lists the organizations' identity providers the
// signed-in account signs in with: GET /api/account/sso.
// Errors: CodeUnauthenticated.
func (c *Client) LinkedProviders(ctx context.Context) (LinkedProviderList, error) {
	return call(ctx, c, RouteLinkedProviders, None{})
}

// OrgSSOProviders lists an organization's identity providers for one of
// its administrators: GET /api/orgs/{slug}/sso.
// Errors: CodeUnauthenticated, CodeForbidden, CodeNotFound.
func (c *Client) OrgSSOProviders(ctx context.Context, slug string) (SSOProviderList, error) {
	return call(ctx, c, RouteOrgSSOProviders, None{}, slug)
}

// AddOrgSSOProvider adds an identity provider to an organization the
// caller administers: POST /api/orgs/{slug}/sso. Errors:
// CodeUnauthenticated, CodeForbidden, CodeNotFound, CodeInvalidRequest,
// CodeConflict (a domain another provider serves).
func (c *Client) AddOrgSSOProvider(ctx context.Context, slug string, p NewSSOProvider) (SSOProviderInfo, error) {
	return call(ctx, c, RouteOrgSSOAdd, p, slug)
}

// RemoveOrgSSOProvider removes one of the organization's identity
// providers: DELETE /api/orgs/{slug}/sso/{id}. Errors:
// CodeUnauthenticated, CodeForbidden, CodeNotFound.
func (c *Client) RemoveOrgSSOProvider(ctx context.Context, slug, id string) error {
	_, err := call(ctx, c, RouteOrgSSORemove, None{}, slug, id)
	return err
}
