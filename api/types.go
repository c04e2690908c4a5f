// Package api is Porta's public contract: the JSON request and response
// types, the error codes and a typed client. It imports only the standard
// library so it builds for the WebAssembly app and for products alike.
package api

import (
	"encoding/json"
	"time"
)

// Next steps returned by the sign-in endpoints.
const (
	NextPassword       = "password"        // ask for the password
	NextChangePassword = "change_password" // the stored password fails today's policy
	NextDone           = "done"            // signed in
)

// Field limits enforced by the server; the app uses them on its inputs.
const (
	MaxEmailLength    = 254
	MaxPasswordLength = 1024
	MaxNameLength     = 100
)

// IdentifyRequest is the body of POST /api/signin/identify.
type IdentifyRequest struct {
	Email string `json:"email"`
}

// IdentifyResponse says which step comes next; it is the same for known and
// unknown emails.
type IdentifyResponse struct {
	Next string `json:"next"`
	// Providers are the organization's identity providers to continue
	// with (NextSSO); the answer depends only on the email's domain.
	Providers []SSOProvider `json:"providers,omitempty"`
}

// PasswordSignInRequest is the body of POST /api/signin/password.
type PasswordSignInRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// SignInResponse is returned by every sign-in step.
type SignInResponse struct {
	Next string `json:"next"`
	// Methods and Default describe the second step (NextSecondFactor).
	Methods []string `json:"methods,omitempty"`
	Default string   `json:"default,omitempty"`
	// CanRememberDevice says whether "remember this device" may be offered,
	// and RememberDeviceSeconds for how long it would skip the second step.
	CanRememberDevice     bool `json:"canRememberDevice,omitempty"`
	RememberDeviceSeconds int  `json:"rememberDeviceSeconds,omitempty"`
	// EmergencyCode is the replacement for a used one (NextAckEmergencyCode).
	EmergencyCode string `json:"emergencyCode,omitempty"`
}

// NewPasswordRequest is the body of POST /api/signin/change-password.
type NewPasswordRequest struct {
	NewPassword string `json:"newPassword"`
}

// ChangePasswordRequest is the body of POST /api/account/password.
type ChangePasswordRequest struct {
	CurrentPassword string `json:"currentPassword"`
	NewPassword     string `json:"newPassword"`
}

// UpdateProfileRequest is the body of PATCH /api/account.
type UpdateProfileRequest struct {
	Name string `json:"name"`
}

// Account is the public view of a person's account.
type Account struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	// HasPassword is false for an account made by organization SSO
	// until its owner sets one (through the reset email).
	HasPassword bool `json:"hasPassword"`
}

// Session is the body of GET /api/session.
type Session struct {
	Account         Account   `json:"account"`
	SessionID       string    `json:"sessionId"`
	AuthenticatedAt time.Time `json:"authenticatedAt"`
	ExpiresAt       time.Time `json:"expiresAt"`
	// AMR lists how the session was authenticated: "pwd", then "otp",
	// "sms" or "emergency" and "mfa" after a second step; a passkey is
	// "swk" (synced) or "hwk" (one device), "user" and "mfa".
	AMR []string `json:"amr"`
	// TwoStep is the account's two-step state, for reminders.
	TwoStep TwoStep `json:"twoStep"`
}

// SessionInfo is one entry of GET /api/account/sessions.
type SessionInfo struct {
	ID         string    `json:"id"`
	CreatedAt  time.Time `json:"createdAt"`
	LastSeenAt time.Time `json:"lastSeenAt"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"userAgent"`
	// Device is a short human description derived from the user agent.
	Device  string   `json:"device"`
	AMR     []string `json:"amr"`
	Current bool     `json:"current"`
}

// SessionList is the body of GET /api/account/sessions.
type SessionList struct {
	Sessions []SessionInfo `json:"sessions"`
}

// RevokeResult is the body returned when sessions are signed out.
type RevokeResult struct {
	Revoked int `json:"revoked"`
}

// EmailRequest is the body of POST /api/password/forgot and
// POST /api/environments/find.
type EmailRequest struct {
	Email string `json:"email"`
}

// Accepted is the 202 answer of calls that send email. It is the same
// whether or not the address has an account.
type Accepted struct {
	Message string `json:"message"`
}

// TokenRequest carries the secret of an emailed link: POST
// /api/password/reset/check, /api/activation/check, /api/activation/resend.
type TokenRequest struct {
	Token string `json:"token"`
}

// LinkInfo describes a valid emailed link, so its screen can greet the person.
type LinkInfo struct {
	Email string `json:"email"`
	Name  string `json:"name,omitempty"`
}

// ResetPasswordRequest is the body of POST /api/password/reset.
type ResetPasswordRequest struct {
	Token       string `json:"token"`
	NewPassword string `json:"newPassword"`
}

// ActivateRequest is the body of POST /api/activation.
type ActivateRequest struct {
	Token       string `json:"token"`
	NewPassword string `json:"newPassword"`
}

// Org is the public view of an organization.
type Org struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	// SignInURL is the organization's own sign-in address.
	SignInURL string `json:"signInUrl"`
}

// OrgMembership is one organization of the signed-in account.
type OrgMembership struct {
	Org
	Role string `json:"role"`
}

// OrgList is the body of GET /api/account/orgs.
type OrgList struct {
	Orgs []OrgMembership `json:"orgs"`
	// Current is the slug of the organization the person switched to last
	// (POST /api/account/org), if they still belong to it.
	Current string `json:"current,omitempty"`
}

// SwitchOrgRequest is the body of POST /api/account/org: the slug of one
// of the person's organizations, or "" for none.
type SwitchOrgRequest struct {
	Slug string `json:"slug"`
}

// PendingInvite is an invitation to an organization that nobody has
// answered yet, as its admins see it.
type PendingInvite struct {
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	Inviter   string    `json:"inviter,omitempty"`
	InvitedAt time.Time `json:"invitedAt"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// PendingInviteList is the body of GET /api/orgs/{slug}/invites: oldest
// first; More says there are more than it shows.
type PendingInviteList struct {
	Invites []PendingInvite `json:"invites"`
	More    bool            `json:"more,omitempty"`
}

// InviteRequest is the body of POST /api/orgs/{slug}/invites.
type InviteRequest struct {
	Email string `json:"email"`
	Name  string `json:"name,omitempty"`
	Role  string `json:"role,omitempty"`
}

// InviteSent is the answer to every invite, whether or not the
// email has an account: an existing account gets a pending Invitation, a
// new one an activation email; nobody joins before accepting.
const InviteSent = "invited"

// InviteResult is the answer to an invite.
type InviteResult struct {
	Status string `json:"status"`
}

// Invitation is an organization's pending invitation of the signed-in
// account, one entry of GET /api/account/invitations.
type Invitation struct {
	ID   string `json:"id"`
	Org  Org    `json:"org"`
	Role string `json:"role"`
	// Inviter is the name of the admin who invited, or empty for an operator.
	Inviter   string    `json:"inviter"`
	InvitedAt time.Time `json:"invitedAt"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// InvitationList is the body of GET /api/account/invitations.
type InvitationList struct {
	Invitations []Invitation `json:"invitations"`
}

// InvitationRequest is the body of POST /api/account/invitations/accept
// and /api/account/invitations/decline.
type InvitationRequest struct {
	ID string `json:"id"`
}

// OutboxMessage is one message of GET /dev/outbox.json (dev mode only).
type OutboxMessage struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	To        string    `json:"to"`
	Subject   string    `json:"subject"`
	Text      string    `json:"text"`
	HTML      string    `json:"html"`
	CreatedAt time.Time `json:"createdAt"`
}

// Second-step sign-in: more next steps and the method names, which are
// also the kinds of Factor.
const (
	NextSecondFactor      = "second_factor"       // ask for the second step: see Methods and Default
	NextSetupSecondFactor = "setup_second_factor" // two-step verification is required: run the setup wizard
	NextAckEmergencyCode  = "ack_emergency_code"  // show EmergencyCode; the person must confirm they stored it

	MethodTOTP      = "totp"
	MethodSMS       = "sms"
	MethodEmergency = "emergency"
	MethodPasskey   = "passkey"
)

// Organization roles (OrgMembership.Role, Invitation.Role, InviteRequest.Role).
const (
	RoleMember = "member"
	RoleAdmin  = "admin"
)

// SecondFactorRequest is the body of POST /api/signin/totp, /api/signin/sms
// and /api/signin/emergency.
type SecondFactorRequest struct {
	Code string `json:"code"`
	// RememberDevice skips the second step on this browser for a while.
	RememberDevice bool `json:"rememberDevice,omitempty"`
	// DisableTwoStep (emergency code only) turns two-step verification off
	// instead of issuing a new emergency code, when no organization enforces it.
	DisableTwoStep bool `json:"disableTwoStep,omitempty"`
}

// CodeSent is the answer when a code went out by SMS.
type CodeSent struct {
	// Phone is the number, partly hidden: "+44 •••• ••• 123".
	Phone   string `json:"phone"`
	Message string `json:"message"`
}

// PasswordConfirm carries the password re-entered before a sensitive change.
// It may be empty within a few minutes of signing in.
type PasswordConfirm struct {
	Password string `json:"password,omitempty"`
}

// PasskeyOptions starts a passkey ceremony: PublicKey is the publicKey
// member of navigator.credentials.create or get, as WebAuthn's JSON.
// Ceremony names the challenge when adding a passkey; a sign-in keeps it
// in a cookie instead.
type PasskeyOptions struct {
	PublicKey json.RawMessage `json:"publicKey"`
	Ceremony  string          `json:"ceremony,omitempty"`
}

// PasskeyAdd is the body of POST /api/account/factors/passkey/confirm:
// the ceremony, the name (the platform's when empty) and the browser's
// credential as PublicKeyCredential.toJSON gives it.
type PasskeyAdd struct {
	Ceremony   string          `json:"ceremony"`
	Name       string          `json:"name,omitempty"`
	Credential json.RawMessage `json:"credential"`
}

// PasskeyAnswer is the body of POST /api/signin/passkey and
// /api/signin/passkey/step: the browser's assertion as
// PublicKeyCredential.toJSON gives it. The second step also names its
// Ceremony, and may ask to remember this browser.
type PasskeyAnswer struct {
	Credential     json.RawMessage `json:"credential"`
	Ceremony       string          `json:"ceremony,omitempty"`
	RememberDevice bool            `json:"rememberDevice,omitempty"`
}

// TOTPSetup is the answer of POST /api/account/factors/totp.
type TOTPSetup struct {
	// Key is the secret in groups of four, for typing into an app.
	Key string `json:"key"`
	// URI is the otpauth:// address the QR code holds.
	URI string `json:"uri"`
	// QRCode is the path of the QR code image (PNG).
	QRCode string `json:"qrCode"`
}

// CodeRequest carries a code to confirm a new factor.
type CodeRequest struct {
	Code string `json:"code"`
}

// PhoneRequest is the body of POST /api/account/factors/sms.
type PhoneRequest struct {
	Phone    string `json:"phone"`
	Password string `json:"password,omitempty"`
}

// EmergencyCode is a newly issued emergency code, shown once.
type EmergencyCode struct {
	Code string `json:"code"`
}

// Factor is one second-step method of the signed-in account.
type Factor struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Phone string `json:"phone,omitempty"`
	// Name and Synced are a passkey's: what the person calls it, and
	// whether it is synced between devices or bound to one.
	Name       string    `json:"name,omitempty"`
	Synced     bool      `json:"synced,omitempty"`
	CreatedAt  time.Time `json:"createdAt"`
	LastUsedAt time.Time `json:"lastUsedAt,omitzero"`
}

// TwoStep is the state of the account's two-step verification.
type TwoStep struct {
	Enabled bool     `json:"enabled"`
	Factors []Factor `json:"factors"`
	// Enforced: an organization or the service requires it now, so the
	// last method cannot be removed.
	Enforced bool `json:"enforced"`
	// RequiredFrom is the service-wide date from which it is mandatory.
	RequiredFrom *time.Time `json:"requiredFrom,omitempty"`
}

// MaxPasskeyName is the most characters a passkey's name may have.
const MaxPasskeyName = 64

// RenameFactorRequest is the body of PATCH /api/account/factors/{id}: a
// passkey's new name.
type RenameFactorRequest struct {
	Name string `json:"name"`
}

// RemoveFactorRequest is the body of POST /api/account/factors/remove.
type RemoveFactorRequest struct {
	ID       string `json:"id"`
	Password string `json:"password,omitempty"`
}

// RememberedDevice is a browser that skips the second step.
type RememberedDevice struct {
	ID           string    `json:"id"`
	Device       string    `json:"device"`
	LastSeen     time.Time `json:"lastSeen"`
	TrustedUntil time.Time `json:"trustedUntil"`
	Current      bool      `json:"current"`
}

// DeviceList is the body of GET /api/account/devices.
type DeviceList struct {
	Devices []RememberedDevice `json:"devices"`
}
