// Package api is Porta's public contract: the JSON request and response
// types, the error codes and a typed client. It imports only the standard
// library so it builds for the WebAssembly app and for products alike.
package api

import "time"

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
}

// PasswordSignInRequest is the body of POST /api/signin/password.
type PasswordSignInRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// SignInResponse is returned by every sign-in step.
type SignInResponse struct {
	Next string `json:"next"`
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
}

// Session is the body of GET /api/session.
type Session struct {
	Account         Account   `json:"account"`
	SessionID       string    `json:"sessionId"`
	AuthenticatedAt time.Time `json:"authenticatedAt"`
	ExpiresAt       time.Time `json:"expiresAt"`
	// AMR lists how the session was authenticated ("pwd", later "otp", …).
	AMR []string `json:"amr"`
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
}

// InviteRequest is the body of POST /api/orgs/{slug}/invites.
type InviteRequest struct {
	Email string `json:"email"`
	Name  string `json:"name,omitempty"`
	Role  string `json:"role,omitempty"`
}

// Invite results.
const (
	InviteSent  = "invited" // a new account was created and an activation email sent
	InviteAdded = "added"   // the account existed: it was added and told so
)

// InviteResult is the answer to an invite.
type InviteResult struct {
	Status string `json:"status"`
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
