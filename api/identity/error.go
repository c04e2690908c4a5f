package identity

import (
	"errors"
	"fmt"

	"github.com/porta-id/porta/api"
)

// Error is a domain error with a code and a message that is safe to show.
// An error that is not an *Error is internal: people see only "internal error".
type Error struct {
	Code    string
	Message string
	// Rules are the unmet password rule ids (api.CodeWeakPassword).
	Rules []string
	// RetryAfter is how long to wait (api.CodeTooManyAttempts).
	RetryAfter int
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf returns an *Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, api.CodeInternal for errors without one and
// "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return api.CodeInternal
}

// errCredentials is the one answer for a wrong email or a wrong password.
func errCredentials() *Error {
	return Errorf(api.CodeInvalidCredentials, "Wrong email or password.")
}

func errUnauthenticated() *Error {
	return Errorf(api.CodeUnauthenticated, "You are not signed in.")
}
