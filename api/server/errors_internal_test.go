package server

import (
	"testing"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

// Every domain code must have a status and be a documented wire code, so
// a new code cannot silently fall back to 400 or drift from the contract.
func TestEveryCodeHasAStatus(t *testing.T) {
	wire := map[string]string{
		identity.EInvalid: api.CodeInvalidRequest, identity.ECredentials: api.CodeInvalidCredentials,
		identity.EUnauthenticated: api.CodeUnauthenticated, identity.EWrongPassword: api.CodeWrongPassword,
		identity.EWeakPassword: api.CodeWeakPassword, identity.ETooMany: api.CodeTooManyAttempts,
		identity.EInvalidLink: api.CodeInvalidLink, identity.EExpiredLink: api.CodeExpiredLink,
		identity.EForbidden: api.CodeForbidden, identity.ENotFound: api.CodeNotFound,
		identity.EConflict: api.CodeConflict, identity.EInternal: api.CodeInternal,
		identity.EInvalidCode: api.CodeInvalidCode, identity.EPasswordRequired: api.CodePasswordRequired,
	}
	for code, want := range wire {
		if code != want {
			t.Errorf("domain code %q is %q on the wire", code, want)
		}
		if _, ok := statusOf[code]; !ok {
			t.Errorf("code %q has no HTTP status", code)
		}
	}
	if len(statusOf) != len(wire)+4 { // + media type, origin, method, misdirected
		t.Errorf("statusOf has %d codes; a domain code is missing from this test", len(statusOf))
	}
}
