package api

import "context"

// AuthRequest describes a product's pending sign-in request for the
// sign-in and consent screens: GET /api/oidc/requests/{id}. No session is
// needed. Errors: CodeNotFound (unknown or expired).
func (c *Client) AuthRequest(ctx context.Context, id string) (AuthRequestInfo, error) {
	return call(ctx, c, RouteAuthRequest, None{}, id)
}

// Consent answers whether the product of request id may see what it asked
// for, and says where the browser goes next:
// POST /api/oidc/requests/{id}/consent. Errors: CodeUnauthenticated,
// CodeNotFound (unknown or expired).
func (c *Client) Consent(ctx context.Context, id string, allow bool) (Continue, error) {
	return call(ctx, c, RouteAuthRequestConsent, ConsentRequest{Allow: allow}, id)
}

// Apps lists the products the signed-in account has used Porta for:
// GET /api/account/apps. Errors: CodeUnauthenticated.
func (c *Client) Apps(ctx context.Context) (AppList, error) {
	return call(ctx, c, RouteApps, None{})
}

// RevokeApp withdraws a product's access to the account:
// DELETE /api/account/apps/{clientId}. Errors: CodeNotFound (nothing to
// revoke).
func (c *Client) RevokeApp(ctx context.Context, clientID string) error {
	_, err := call(ctx, c, RouteAppRevoke, None{}, clientID)
	return err
}
