package storetest

import (
	"testing"

	"github.com/porta-id/porta/api/store"
)

// oid returns s as the OpenIDStore it is expected to be. It is here until
// store.Store embeds OpenIDStore.
func oid(s store.Store) store.OpenIDStore { return s.(store.OpenIDStore) }

// needOpenID skips t for a backend that does not keep the OpenID records
// yet.
func needOpenID(t *testing.T, s store.Store) {
	t.Helper()
	if _, ok := s.(store.OpenIDStore); !ok {
		t.Skip("the backend does not implement store.OpenIDStore yet")
	}
}
