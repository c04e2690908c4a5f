package api

import (
	"context"
	"encoding/json"
)

// StartPasskey asks for the options of a new passkey:
// POST /api/account/factors/passkey.
func (c *Client) StartPasskey(ctx context.Context, password string) (PasskeyOptions, error) {
	return call(ctx, c, RouteFactorPasskey, PasswordConfirm{Password: password})
}

// AddPasskey keeps the passkey the browser made for ceremony:
// POST /api/account/factors/passkey/confirm.
func (c *Client) AddPasskey(ctx context.Context, ceremony, name string, credential json.RawMessage) (Factor, error) {
	return call(ctx, c, RouteFactorPasskeyDone, PasskeyAdd{Ceremony: ceremony, Name: name, Credential: credential})
}

// StartPasskeySignIn asks for the options of a passkey sign-in:
// POST /api/signin/passkey/begin.
func (c *Client) StartPasskeySignIn(ctx context.Context) (PasskeyOptions, error) {
	return call(ctx, c, RouteSignInPasskeyBegin, None{})
}

// SignInPasskey signs in with the browser's passkey answer:
// POST /api/signin/passkey.
func (c *Client) SignInPasskey(ctx context.Context, credential json.RawMessage) (SignInResponse, error) {
	return call(ctx, c, RouteSignInPasskey, PasskeyAnswer{Credential: credential})
}

// StartPasskeyStep asks for the options of a second step with a passkey:
// POST /api/signin/passkey/step/begin.
func (c *Client) StartPasskeyStep(ctx context.Context) (PasskeyOptions, error) {
	return call(ctx, c, RouteSignInPasskeyStepBegin, None{})
}

// SignInPasskeyStep passes the second step with the browser's passkey
// answer to ceremony: POST /api/signin/passkey/step.
func (c *Client) SignInPasskeyStep(ctx context.Context, ceremony string, credential json.RawMessage, rememberDevice bool) (SignInResponse, error) {
	return call(ctx, c, RouteSignInPasskeyStep, PasskeyAnswer{Ceremony: ceremony, Credential: credential, RememberDevice: rememberDevice})
}

// RenamePasskey gives a passkey a new name: PATCH /api/account/factors/{id}.
func (c *Client) RenamePasskey(ctx context.Context, id, name string) (Factor, error) {
	return call(ctx, c, RouteFactorRename, RenameFactorRequest{Name: name}, id)
}
