package api

import "fmt"

// Stable error codes. Clients switch on these; the messages are for people.
const (
	CodeInvalidRequest       = "invalid_request"        // malformed JSON, missing or oversized field
	CodeUnsupportedMediaType = "unsupported_media_type" // body is not application/json
	CodeForbiddenOrigin      = "forbidden_origin"       // state-changing call from another origin
	CodeInvalidCredentials   = "invalid_credentials"    // wrong email or password (never says which)
	CodeUnauthenticated      = "unauthenticated"        // no valid session
	CodeWrongPassword        = "wrong_password"         // current password wrong while signed in
	CodeWeakPassword         = "weak_password"          // new password fails the policy
	CodeTooManyAttempts      = "too_many_attempts"      // failure limit or per-IP limit reached
	CodeInvalidLink          = "invalid_link"           // emailed link unknown or already used
	CodeExpiredLink          = "expired_link"           // emailed link past its time; ask for a new one
	CodeForbidden            = "forbidden"              // signed in, but not allowed to do this
	CodeInvalidCode          = "invalid_code"           // wrong, used or expired one-time code
	CodePasswordRequired     = "password_required"      // re-enter the password for this change
	CodePasskeyFailed        = "passkey_failed"         // a passkey answer that does not check out, or its challenge gone
	CodeNotFound             = "not_found"
	CodeMethodNotAllowed     = "method_not_allowed"
	CodeConflict             = "conflict"
	CodeInternal             = "internal"
	// CodeNetwork is produced by the client only: the server could not be reached.
	CodeNetwork = "network"
)

// Error is the body of every failed API call: {"error":{"code","message"}}.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Rules lists the password rule ids that were not met (CodeWeakPassword).
	Rules []string `json:"rules,omitempty"`
	// RetryAfter is the number of seconds to wait (CodeTooManyAttempts).
	RetryAfter int `json:"retryAfter,omitempty"`
	// Status is the HTTP status the client received; not sent on the wire.
	Status int `json:"-"`
}

// ErrorBody is the JSON envelope of an Error.
type ErrorBody struct {
	Error *Error `json:"error"`
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// ErrorCode returns the code of an *Error, or "" for any other error.
func ErrorCode(err error) string {
	for err != nil {
		if e, ok := err.(*Error); ok {
			return e.Code
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return ""
		}
		err = u.Unwrap()
	}
	return ""
}
