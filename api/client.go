package api

import (
	"context"
	"encoding/json"
	"net/url"

	"github.com/porta-id/porta/api/policy"
)

// Transport sends one request to a Porta server. Path is absolute from the
// server root ("/api/session"); body is JSON or nil. It returns the status
// and body, or an error when the server could not be reached.
type Transport interface {
	Do(ctx context.Context, method, path string, body []byte) (status int, resp []byte, err error)
}

// Client is the typed Porta API client used by the app, products and tests.
// Every method returns an *Error for API failures; unreachable servers give
// an *Error with CodeNetwork.
type Client struct {
	Transport Transport
}

// NewClient returns a client over t.
func NewClient(t Transport) *Client { return &Client{Transport: t} }

// Identify starts sign-in: POST /api/signin/identify.
func (c *Client) Identify(ctx context.Context, email string) (IdentifyResponse, error) {
	var out IdentifyResponse
	err := c.call(ctx, "POST", "/api/signin/identify", IdentifyRequest{Email: email}, &out)
	return out, err
}

// SignInPassword checks the password: POST /api/signin/password.
// Errors: CodeInvalidCredentials, CodeTooManyAttempts, CodeInvalidRequest.
func (c *Client) SignInPassword(ctx context.Context, email, password string) (SignInResponse, error) {
	var out SignInResponse
	err := c.call(ctx, "POST", "/api/signin/password", PasswordSignInRequest{Email: email, Password: password}, &out)
	return out, err
}

// ChangeExpiredPassword sets a new password during sign-in:
// POST /api/signin/change-password. Errors: CodeWeakPassword, CodeUnauthenticated.
func (c *Client) ChangeExpiredPassword(ctx context.Context, newPassword string) (SignInResponse, error) {
	var out SignInResponse
	err := c.call(ctx, "POST", "/api/signin/change-password", NewPasswordRequest{NewPassword: newPassword}, &out)
	return out, err
}

// Session returns the signed-in session: GET /api/session. Errors: CodeUnauthenticated.
func (c *Client) Session(ctx context.Context) (Session, error) {
	var out Session
	err := c.call(ctx, "GET", "/api/session", nil, &out)
	return out, err
}

// SignOut ends the current session: POST /api/signout.
func (c *Client) SignOut(ctx context.Context) error {
	return c.call(ctx, "POST", "/api/signout", struct{}{}, nil)
}

// PasswordPolicy returns the policy in force: GET /api/password/policy.
func (c *Client) PasswordPolicy(ctx context.Context) (policy.Policy, error) {
	var out policy.Policy
	err := c.call(ctx, "GET", "/api/password/policy", nil, &out)
	return out, err
}

// UpdateProfile changes the account's name: PATCH /api/account.
func (c *Client) UpdateProfile(ctx context.Context, name string) (Account, error) {
	var out Account
	err := c.call(ctx, "PATCH", "/api/account", UpdateProfileRequest{Name: name}, &out)
	return out, err
}

// ChangePassword changes the password of the signed-in account:
// POST /api/account/password. Errors: CodeWrongPassword, CodeWeakPassword.
func (c *Client) ChangePassword(ctx context.Context, current, next string) error {
	return c.call(ctx, "POST", "/api/account/password", ChangePasswordRequest{CurrentPassword: current, NewPassword: next}, nil)
}

// Sessions lists the account's active sessions: GET /api/account/sessions.
func (c *Client) Sessions(ctx context.Context) (SessionList, error) {
	var out SessionList
	err := c.call(ctx, "GET", "/api/account/sessions", nil, &out)
	return out, err
}

// RevokeSession signs out one session: DELETE /api/account/sessions/{id}.
// Errors: CodeNotFound.
func (c *Client) RevokeSession(ctx context.Context, id string) error {
	return c.call(ctx, "DELETE", "/api/account/sessions/"+url.PathEscape(id), nil, nil)
}

// RevokeOtherSessions signs out every session but this one:
// DELETE /api/account/sessions.
func (c *Client) RevokeOtherSessions(ctx context.Context) (RevokeResult, error) {
	var out RevokeResult
	err := c.call(ctx, "DELETE", "/api/account/sessions", nil, &out)
	return out, err
}

// ForgotPassword asks for a reset link: POST /api/password/forgot (202,
// the same answer for every address). Errors: CodeInvalidRequest, CodeTooManyAttempts.
func (c *Client) ForgotPassword(ctx context.Context, email string) (Accepted, error) {
	var out Accepted
	err := c.call(ctx, "POST", "/api/password/forgot", EmailRequest{Email: email}, &out)
	return out, err
}

// CheckResetLink tells whether a reset link still works:
// POST /api/password/reset/check. Errors: CodeInvalidLink.
func (c *Client) CheckResetLink(ctx context.Context, token string) (LinkInfo, error) {
	var out LinkInfo
	err := c.call(ctx, "POST", "/api/password/reset/check", TokenRequest{Token: token}, &out)
	return out, err
}

// ResetPassword sets a new password with a reset link:
// POST /api/password/reset. Errors: CodeInvalidLink, CodeWeakPassword.
func (c *Client) ResetPassword(ctx context.Context, token, newPassword string) (LinkInfo, error) {
	var out LinkInfo
	err := c.call(ctx, "POST", "/api/password/reset", ResetPasswordRequest{Token: token, NewPassword: newPassword}, &out)
	return out, err
}

// CheckActivationLink tells whether an activation link still works:
// POST /api/activation/check. Errors: CodeInvalidLink, CodeExpiredLink.
func (c *Client) CheckActivationLink(ctx context.Context, token string) (LinkInfo, error) {
	var out LinkInfo
	err := c.call(ctx, "POST", "/api/activation/check", TokenRequest{Token: token}, &out)
	return out, err
}

// Activate sets the first password and signs in: POST /api/activation.
// Errors: CodeInvalidLink, CodeExpiredLink, CodeWeakPassword.
func (c *Client) Activate(ctx context.Context, token, newPassword string) (SignInResponse, error) {
	var out SignInResponse
	err := c.call(ctx, "POST", "/api/activation", ActivateRequest{Token: token, NewPassword: newPassword}, &out)
	return out, err
}

// ResendActivation emails a fresh activation link for an expired one:
// POST /api/activation/resend (202). Errors: CodeInvalidLink, CodeTooManyAttempts.
func (c *Client) ResendActivation(ctx context.Context, token string) (Accepted, error) {
	var out Accepted
	err := c.call(ctx, "POST", "/api/activation/resend", TokenRequest{Token: token}, &out)
	return out, err
}

// FindEnvironments emails the organizations of an address:
// POST /api/environments/find (202, the same answer for every address).
func (c *Client) FindEnvironments(ctx context.Context, email string) (Accepted, error) {
	var out Accepted
	err := c.call(ctx, "POST", "/api/environments/find", EmailRequest{Email: email}, &out)
	return out, err
}

// Org returns an organization's public face: GET /api/orgs/{slug}. Errors: CodeNotFound.
func (c *Client) Org(ctx context.Context, slug string) (Org, error) {
	var out Org
	err := c.call(ctx, "GET", "/api/orgs/"+url.PathEscape(slug), nil, &out)
	return out, err
}

// AccountOrgs lists the signed-in account's organizations: GET /api/account/orgs.
func (c *Client) AccountOrgs(ctx context.Context) (OrgList, error) {
	var out OrgList
	err := c.call(ctx, "GET", "/api/account/orgs", nil, &out)
	return out, err
}

// Invite invites a person to an organization the caller administers:
// POST /api/orgs/{slug}/invites. Errors: CodeForbidden, CodeInvalidRequest.
func (c *Client) Invite(ctx context.Context, slug string, req InviteRequest) (InviteResult, error) {
	var out InviteResult
	err := c.call(ctx, "POST", "/api/orgs/"+url.PathEscape(slug)+"/invites", req, &out)
	return out, err
}

// WithdrawInvite takes back an organization's pending invitation of an
// email (organization admins): POST /api/orgs/{slug}/invites/withdraw
// (204, the same whether or not there was one). Errors: CodeForbidden,
// CodeNotFound (organization).
func (c *Client) WithdrawInvite(ctx context.Context, slug, email string) error {
	return c.call(ctx, "POST", "/api/orgs/"+url.PathEscape(slug)+"/invites/withdraw", EmailRequest{Email: email}, nil)
}

// Invitations lists the signed-in account's pending invitations:
// GET /api/account/invitations.
func (c *Client) Invitations(ctx context.Context) (InvitationList, error) {
	var out InvitationList
	err := c.call(ctx, "GET", "/api/account/invitations", nil, &out)
	return out, err
}

// AcceptInvitation joins the organization of a pending invitation:
// POST /api/account/invitations/accept. Errors: CodeNotFound.
func (c *Client) AcceptInvitation(ctx context.Context, id string) (OrgMembership, error) {
	var out OrgMembership
	err := c.call(ctx, "POST", "/api/account/invitations/accept", InvitationRequest{ID: id}, &out)
	return out, err
}

// DeclineInvitation refuses a pending invitation:
// POST /api/account/invitations/decline. Errors: CodeNotFound.
func (c *Client) DeclineInvitation(ctx context.Context, id string) error {
	return c.call(ctx, "POST", "/api/account/invitations/decline", InvitationRequest{ID: id}, nil)
}

func (c *Client) call(ctx context.Context, method, path string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return &Error{Code: CodeInvalidRequest, Message: err.Error()}
		}
	}
	status, resp, err := c.Transport.Do(ctx, method, path, body)
	if err != nil {
		return &Error{Code: CodeNetwork, Message: "Porta could not be reached. Check your connection and try again."}
	}
	if status >= 300 {
		var eb ErrorBody
		if json.Unmarshal(resp, &eb) != nil || eb.Error == nil {
			return &Error{Code: CodeInternal, Message: "Something went wrong. Try again.", Status: status}
		}
		eb.Error.Status = status
		return eb.Error
	}
	if out == nil || len(resp) == 0 {
		return nil
	}
	if err := json.Unmarshal(resp, out); err != nil {
		return &Error{Code: CodeInternal, Message: "The server sent an unreadable answer.", Status: status}
	}
	return nil
}

// SignInTOTP completes the second step with an app code: POST /api/signin/totp.
// Errors: CodeInvalidCode, CodeTooManyAttempts, CodeUnauthenticated.
func (c *Client) SignInTOTP(ctx context.Context, req SecondFactorRequest) (SignInResponse, error) {
	return c.signInStep(ctx, "/api/signin/totp", req)
}

// SendSignInSMS texts a sign-in code: POST /api/signin/sms/send.
func (c *Client) SendSignInSMS(ctx context.Context) (CodeSent, error) {
	var out CodeSent
	err := c.call(ctx, "POST", "/api/signin/sms/send", struct{}{}, &out)
	return out, err
}

// SignInSMS completes the second step with a texted code: POST /api/signin/sms.
func (c *Client) SignInSMS(ctx context.Context, req SecondFactorRequest) (SignInResponse, error) {
	return c.signInStep(ctx, "/api/signin/sms", req)
}

// SignInEmergency uses the emergency code: POST /api/signin/emergency.
// The answer is NextAckEmergencyCode with a new code, or NextDone when
// DisableTwoStep was asked. Errors: CodeInvalidCode, CodeForbidden (enforced).
func (c *Client) SignInEmergency(ctx context.Context, req SecondFactorRequest) (SignInResponse, error) {
	return c.signInStep(ctx, "/api/signin/emergency", req)
}

// AckEmergencyCode confirms the new emergency code is stored:
// POST /api/signin/emergency/ack.
func (c *Client) AckEmergencyCode(ctx context.Context) (SignInResponse, error) {
	return c.signInStep(ctx, "/api/signin/emergency/ack", struct{}{})
}

// CompleteSetup finishes a sign-in that had to set up two-step
// verification: POST /api/signin/setup/complete.
func (c *Client) CompleteSetup(ctx context.Context) (SignInResponse, error) {
	return c.signInStep(ctx, "/api/signin/setup/complete", struct{}{})
}

func (c *Client) signInStep(ctx context.Context, path string, body any) (SignInResponse, error) {
	var out SignInResponse
	err := c.call(ctx, "POST", path, body, &out)
	return out, err
}

// TwoStep returns the account's methods: GET /api/account/factors.
func (c *Client) TwoStep(ctx context.Context) (TwoStep, error) {
	var out TwoStep
	err := c.call(ctx, "GET", "/api/account/factors", nil, &out)
	return out, err
}

// StartTOTP begins adding an authenticator app: POST /api/account/factors/totp.
// Errors: CodePasswordRequired, CodeWrongPassword.
func (c *Client) StartTOTP(ctx context.Context, password string) (TOTPSetup, error) {
	var out TOTPSetup
	err := c.call(ctx, "POST", "/api/account/factors/totp", PasswordConfirm{Password: password}, &out)
	return out, err
}

// ConfirmTOTP saves the app after its first code: POST /api/account/factors/totp/confirm.
func (c *Client) ConfirmTOTP(ctx context.Context, code string) (Factor, error) {
	var out Factor
	err := c.call(ctx, "POST", "/api/account/factors/totp/confirm", CodeRequest{Code: code}, &out)
	return out, err
}

// StartSMS texts a code to a new number: POST /api/account/factors/sms.
func (c *Client) StartSMS(ctx context.Context, phone, password string) (CodeSent, error) {
	var out CodeSent
	err := c.call(ctx, "POST", "/api/account/factors/sms", PhoneRequest{Phone: phone, Password: password}, &out)
	return out, err
}

// ConfirmSMS saves the number after its code: POST /api/account/factors/sms/confirm.
func (c *Client) ConfirmSMS(ctx context.Context, code string) (Factor, error) {
	var out Factor
	err := c.call(ctx, "POST", "/api/account/factors/sms/confirm", CodeRequest{Code: code}, &out)
	return out, err
}

// NewEmergencyCode issues an emergency code (replacing any old one):
// POST /api/account/factors/emergency.
func (c *Client) NewEmergencyCode(ctx context.Context, password string) (EmergencyCode, error) {
	var out EmergencyCode
	err := c.call(ctx, "POST", "/api/account/factors/emergency", PasswordConfirm{Password: password}, &out)
	return out, err
}

// RemoveFactor removes a method: POST /api/account/factors/remove.
// Errors: CodeForbidden (the last method while enforced), CodeNotFound.
func (c *Client) RemoveFactor(ctx context.Context, id, password string) error {
	return c.call(ctx, "POST", "/api/account/factors/remove", RemoveFactorRequest{ID: id, Password: password}, nil)
}

// RememberedDevices lists browsers that skip the second step: GET /api/account/devices.
func (c *Client) RememberedDevices(ctx context.Context) (DeviceList, error) {
	var out DeviceList
	err := c.call(ctx, "GET", "/api/account/devices", nil, &out)
	return out, err
}

// ForgetDevice makes a browser ask for the second step again:
// DELETE /api/account/devices/{id}.
func (c *Client) ForgetDevice(ctx context.Context, id string) error {
	return c.call(ctx, "DELETE", "/api/account/devices/"+url.PathEscape(id), nil, nil)
}
