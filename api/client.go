package api

import (
	"context"
	"encoding/json"

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
	return call(ctx, c, RouteSignInIdentify, IdentifyRequest{Email: email})
}

// SignInPassword checks the password: POST /api/signin/password.
// Errors: CodeInvalidCredentials, CodeTooManyAttempts, CodeInvalidRequest.
func (c *Client) SignInPassword(ctx context.Context, email, password string) (SignInResponse, error) {
	return call(ctx, c, RouteSignInPassword, PasswordSignInRequest{Email: email, Password: password})
}

// ChangeExpiredPassword sets a new password during sign-in:
// POST /api/signin/change-password. Errors: CodeWeakPassword, CodeUnauthenticated.
func (c *Client) ChangeExpiredPassword(ctx context.Context, newPassword string) (SignInResponse, error) {
	return call(ctx, c, RouteSignInChangePassword, NewPasswordRequest{NewPassword: newPassword})
}

// Session returns the signed-in session: GET /api/session. Errors: CodeUnauthenticated.
func (c *Client) Session(ctx context.Context) (Session, error) {
	return call(ctx, c, RouteSession, None{})
}

// SignOut ends the current session: POST /api/signout.
func (c *Client) SignOut(ctx context.Context) error {
	_, err := call(ctx, c, RouteSignOut, None{})
	return err
}

// PasswordPolicy returns the policy in force: GET /api/password/policy.
func (c *Client) PasswordPolicy(ctx context.Context) (policy.Policy, error) {
	return call(ctx, c, RoutePasswordPolicy, None{})
}

// UpdateProfile changes the account's name: PATCH /api/account.
func (c *Client) UpdateProfile(ctx context.Context, name string) (Account, error) {
	return call(ctx, c, RouteAccountUpdate, UpdateProfileRequest{Name: name})
}

// ChangePassword changes the password of the signed-in account:
// POST /api/account/password. Errors: CodeWrongPassword, CodeWeakPassword.
func (c *Client) ChangePassword(ctx context.Context, current, next string) error {
	_, err := call(ctx, c, RouteAccountPassword, ChangePasswordRequest{CurrentPassword: current, NewPassword: next})
	return err
}

// Sessions lists the account's active sessions: GET /api/account/sessions.
func (c *Client) Sessions(ctx context.Context) (SessionList, error) {
	return call(ctx, c, RouteSessions, None{})
}

// RevokeSession signs out one session: DELETE /api/account/sessions/{id}.
// Errors: CodeNotFound.
func (c *Client) RevokeSession(ctx context.Context, id string) error {
	_, err := call(ctx, c, RouteSessionRevoke, None{}, id)
	return err
}

// RevokeOtherSessions signs out every session but this one:
// DELETE /api/account/sessions.
func (c *Client) RevokeOtherSessions(ctx context.Context) (RevokeResult, error) {
	return call(ctx, c, RouteSessionsRevokeOthers, None{})
}

// ForgotPassword asks for a reset link: POST /api/password/forgot (202,
// the same answer for every address). Errors: CodeInvalidRequest, CodeTooManyAttempts.
func (c *Client) ForgotPassword(ctx context.Context, email string) (Accepted, error) {
	return call(ctx, c, RoutePasswordForgot, EmailRequest{Email: email})
}

// CheckResetLink tells whether a reset link still works:
// POST /api/password/reset/check. Errors: CodeInvalidLink.
func (c *Client) CheckResetLink(ctx context.Context, token string) (LinkInfo, error) {
	return call(ctx, c, RoutePasswordResetCheck, TokenRequest{Token: token})
}

// ResetPassword sets a new password with a reset link:
// POST /api/password/reset. Errors: CodeInvalidLink, CodeWeakPassword.
func (c *Client) ResetPassword(ctx context.Context, token, newPassword string) (LinkInfo, error) {
	return call(ctx, c, RoutePasswordReset, ResetPasswordRequest{Token: token, NewPassword: newPassword})
}

// CheckActivationLink tells whether an activation link still works:
// POST /api/activation/check. Errors: CodeInvalidLink, CodeExpiredLink.
func (c *Client) CheckActivationLink(ctx context.Context, token string) (LinkInfo, error) {
	return call(ctx, c, RouteActivationCheck, TokenRequest{Token: token})
}

// Activate sets the first password and signs in: POST /api/activation.
// Errors: CodeInvalidLink, CodeExpiredLink, CodeWeakPassword.
func (c *Client) Activate(ctx context.Context, token, newPassword string) (SignInResponse, error) {
	return call(ctx, c, RouteActivation, ActivateRequest{Token: token, NewPassword: newPassword})
}

// ResendActivation emails a fresh activation link for an expired one:
// POST /api/activation/resend (202). Errors: CodeInvalidLink, CodeTooManyAttempts.
func (c *Client) ResendActivation(ctx context.Context, token string) (Accepted, error) {
	return call(ctx, c, RouteActivationResend, TokenRequest{Token: token})
}

// FindEnvironments emails the organizations of an address:
// POST /api/environments/find (202, the same answer for every address).
func (c *Client) FindEnvironments(ctx context.Context, email string) (Accepted, error) {
	return call(ctx, c, RouteEnvironmentsFind, EmailRequest{Email: email})
}

// Org returns an organization's public face: GET /api/orgs/{slug}. Errors: CodeNotFound.
func (c *Client) Org(ctx context.Context, slug string) (Org, error) {
	return call(ctx, c, RouteOrg, None{}, slug)
}

// AccountOrgs lists the signed-in account's organizations: GET /api/account/orgs.
func (c *Client) AccountOrgs(ctx context.Context) (OrgList, error) {
	return call(ctx, c, RouteAccountOrgs, None{})
}

// SwitchOrg makes slug the organization the person works in now ("" for
// none): POST /api/account/org.
func (c *Client) SwitchOrg(ctx context.Context, slug string) (OrgList, error) {
	return call(ctx, c, RouteAccountOrgSwitch, SwitchOrgRequest{Slug: slug})
}

// Invite invites a person to an organization the caller administers:
// POST /api/orgs/{slug}/invites. Errors: CodeForbidden, CodeInvalidRequest.
func (c *Client) Invite(ctx context.Context, slug string, req InviteRequest) (InviteResult, error) {
	return call(ctx, c, RouteOrgInvite, req, slug)
}

// WithdrawInvite takes back an organization's pending invitation of an
// email (organization admins): POST /api/orgs/{slug}/invites/withdraw
// (204, the same whether or not there was one). Errors: CodeForbidden,
// CodeNotFound (organization).
func (c *Client) WithdrawInvite(ctx context.Context, slug, email string) error {
	_, err := call(ctx, c, RouteOrgInviteWithdraw, EmailRequest{Email: email}, slug)
	return err
}

// PendingInvites lists the organization's unanswered invitations, for its
// admins: GET /api/orgs/{slug}/invites.
func (c *Client) PendingInvites(ctx context.Context, slug string) (PendingInviteList, error) {
	return call(ctx, c, RouteOrgInvites, None{}, slug)
}

// ResendInvite sends the organization's pending invitation of email again:
// POST /api/orgs/{slug}/invites/resend.
func (c *Client) ResendInvite(ctx context.Context, slug, email string) error {
	_, err := call(ctx, c, RouteOrgInviteResend, EmailRequest{Email: email}, slug)
	return err
}

// Invitations lists the signed-in account's pending invitations:
// GET /api/account/invitations.
func (c *Client) Invitations(ctx context.Context) (InvitationList, error) {
	return call(ctx, c, RouteInvitations, None{})
}

// AcceptInvitation joins the organization of a pending invitation:
// POST /api/account/invitations/accept. Errors: CodeNotFound.
func (c *Client) AcceptInvitation(ctx context.Context, id string) (OrgMembership, error) {
	return call(ctx, c, RouteInvitationAccept, InvitationRequest{ID: id})
}

// DeclineInvitation refuses a pending invitation:
// POST /api/account/invitations/decline. Errors: CodeNotFound.
func (c *Client) DeclineInvitation(ctx context.Context, id string) error {
	_, err := call(ctx, c, RouteInvitationDecline, InvitationRequest{ID: id})
	return err
}

// call sends in to the route, its path filled with params, and decodes
// the answer. GET and DELETE send no body.
func call[Req, Resp any](ctx context.Context, c *Client, op Op[Req, Resp], in Req, params ...string) (Resp, error) {
	var out Resp
	err := c.call(ctx, op.Method, op.Fill(params...), in, &out)
	return out, err
}

func (c *Client) call(ctx context.Context, method, path string, in, out any) error {
	var body []byte
	if method != "GET" && method != "DELETE" {
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
	return call(ctx, c, RouteSignInTOTP, req)
}

// SendSignInSMS texts a sign-in code: POST /api/signin/sms/send.
func (c *Client) SendSignInSMS(ctx context.Context) (CodeSent, error) {
	return call(ctx, c, RouteSignInSMSSend, None{})
}

// SignInSMS completes the second step with a texted code: POST /api/signin/sms.
func (c *Client) SignInSMS(ctx context.Context, req SecondFactorRequest) (SignInResponse, error) {
	return call(ctx, c, RouteSignInSMS, req)
}

// SignInEmergency uses the emergency code: POST /api/signin/emergency.
// The answer is NextAckEmergencyCode with a new code, or NextDone when
// DisableTwoStep was asked. Errors: CodeInvalidCode, CodeForbidden (enforced).
func (c *Client) SignInEmergency(ctx context.Context, req SecondFactorRequest) (SignInResponse, error) {
	return call(ctx, c, RouteSignInEmergency, req)
}

// AckEmergencyCode confirms the new emergency code is stored:
// POST /api/signin/emergency/ack.
func (c *Client) AckEmergencyCode(ctx context.Context) (SignInResponse, error) {
	return call(ctx, c, RouteSignInEmergencyAck, None{})
}

// CompleteSetup finishes a sign-in that had to set up two-step
// verification: POST /api/signin/setup/complete.
func (c *Client) CompleteSetup(ctx context.Context) (SignInResponse, error) {
	return call(ctx, c, RouteSignInSetupComplete, None{})
}

// StepUp asks a signed-in session that has not had a second step for one,
// for a product that wants two-step verification: POST /api/signin/step-up.
func (c *Client) StepUp(ctx context.Context) (SignInResponse, error) {
	return call(ctx, c, RouteSignInStepUp, None{})
}

// TwoStep returns the account's methods: GET /api/account/factors.
func (c *Client) TwoStep(ctx context.Context) (TwoStep, error) {
	return call(ctx, c, RouteFactors, None{})
}

// StartTOTP begins adding an authenticator app: POST /api/account/factors/totp.
// Errors: CodePasswordRequired, CodeWrongPassword.
func (c *Client) StartTOTP(ctx context.Context, password string) (TOTPSetup, error) {
	return call(ctx, c, RouteFactorTOTP, PasswordConfirm{Password: password})
}

// ConfirmTOTP saves the app after its first code: POST /api/account/factors/totp/confirm.
func (c *Client) ConfirmTOTP(ctx context.Context, code string) (Factor, error) {
	return call(ctx, c, RouteFactorTOTPDone, CodeRequest{Code: code})
}

// StartSMS texts a code to a new number: POST /api/account/factors/sms.
func (c *Client) StartSMS(ctx context.Context, phone, password string) (CodeSent, error) {
	return call(ctx, c, RouteFactorSMS, PhoneRequest{Phone: phone, Password: password})
}

// ConfirmSMS saves the number after its code: POST /api/account/factors/sms/confirm.
func (c *Client) ConfirmSMS(ctx context.Context, code string) (Factor, error) {
	return call(ctx, c, RouteFactorSMSDone, CodeRequest{Code: code})
}

// NewEmergencyCode issues an emergency code (replacing any old one):
// POST /api/account/factors/emergency.
func (c *Client) NewEmergencyCode(ctx context.Context, password string) (EmergencyCode, error) {
	return call(ctx, c, RouteFactorEmerg, PasswordConfirm{Password: password})
}

// RemoveFactor removes a method: POST /api/account/factors/remove.
// Errors: CodeForbidden (the last method while enforced), CodeNotFound.
func (c *Client) RemoveFactor(ctx context.Context, id, password string) error {
	_, err := call(ctx, c, RouteFactorRemove, RemoveFactorRequest{ID: id, Password: password})
	return err
}

// RememberedDevices lists browsers that skip the second step: GET /api/account/devices.
func (c *Client) RememberedDevices(ctx context.Context) (DeviceList, error) {
	return call(ctx, c, RouteDevices, None{})
}

// ForgetDevice makes a browser ask for the second step again:
// DELETE /api/account/devices/{id}.
func (c *Client) ForgetDevice(ctx context.Context, id string) error {
	_, err := call(ctx, c, RouteDeviceForget, None{}, id)
	return err
}
