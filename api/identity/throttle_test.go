package identity

import (
	"testing"
	"time"

	"github.com/porta-id/porta/api"
)

// The retry wording comes from api.Wait and matches Retry-After: a wait is
// never shown shorter than it is.
func TestErrTooMany(t *testing.T) {
	for wait, want := range map[time.Duration]string{
		0:                       "Too many attempts. Try again in 1 second.",
		1500 * time.Millisecond: "Too many attempts. Try again in 2 seconds.",
		150 * time.Second:       "Too many attempts. Try again in 3 minutes.",
		time.Hour:               "Too many attempts. Try again in 1 hour.",
	} {
		e := errTooMany(wait)
		if e.Code != api.CodeTooManyAttempts || e.Message != want {
			t.Errorf("errTooMany(%v) = %s %q, want %s %q", wait, e.Code, e.Message, api.CodeTooManyAttempts, want)
		}
		if shown := time.Duration(e.RetryAfter) * time.Second; shown < wait {
			t.Errorf("errTooMany(%v).RetryAfter = %d, shorter than the wait", wait, e.RetryAfter)
		}
	}
}
