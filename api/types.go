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
