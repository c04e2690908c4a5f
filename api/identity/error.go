package identity

import (
	"errors"
	"fmt"
)

// Error codes of the domain. They are also the stable codes on the wire;
// api/server maps each to an HTTP status in one table.
const (
	EInvalid          = "invalid_request"
	ECredentials      = "invalid_credentials"
	EUnauthenticated  = "unauthenticated"
	EWrongPassword    = "wrong_password"
	EWeakPassword     = "weak_password"
	ETooMany          = "too_many_attempts"
	EInvalidLink      = "invalid_link"
	EExpiredLink      = "expired_link"
	EForbidden        = "forbidden"
	EInvalidCode      = "invalid_code"
	EPasswordRequired = "password_required"
	ENotFound         = "not_found"
	EConflict         = "conflict"
	EInternal         = "internal"
)

// Error is a domain error with a code and a message that is safe to show.
// An error that is not an *Error is internal: people see only "internal error".
type Error struct {
	Code    string
	Message string
	// Rules are the unmet password rule ids (EWeakPassword).
	Rules []string
	// RetryAfter is how long to wait (ETooMany).
	RetryAfter int
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf returns an *Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EInternal for errors without one and
// "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// errCredentials is the one answer for a wrong email or a wrong password.
func errCredentials() *Error {
	return Errorf(ECredentials, "Wrong email or password.")
}

func errUnauthenticated() *Error {
	return Errorf(EUnauthenticated, "You are not signed in.")
}
