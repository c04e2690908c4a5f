package identity

import (
	"errors"
	"fmt"

	"github.com/porta-id/porta/api"
)

// Error codes of the domain: short names for the stable wire codes, which
// are declared once in package api. api/server maps each to an HTTP status
// in one table.
const (
	EInvalid          = api.CodeInvalidRequest
	ECredentials      = api.CodeInvalidCredentials
	EUnauthenticated  = api.CodeUnauthenticated
	EWrongPassword    = api.CodeWrongPassword
	EWeakPassword     = api.CodeWeakPassword
	ETooMany          = api.CodeTooManyAttempts
	EInvalidLink      = api.CodeInvalidLink
	EExpiredLink      = api.CodeExpiredLink
	EForbidden        = api.CodeForbidden
	EInvalidCode      = api.CodeInvalidCode
	EPasswordRequired = api.CodePasswordRequired
	ENotFound         = api.CodeNotFound
	EConflict         = api.CodeConflict
	EInternal         = api.CodeInternal
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
