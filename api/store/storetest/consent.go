package storetest

import (
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newConsent returns a consent with every field set.
func newConsent(accountID, clientID string) store.Consent {
	return store.Consent{
		AccountID: accountID,
		ClientID:  clientID,
		Scopes:    []string{"openid", "email"},
		CreatedAt: t0.Add(-time.Hour),
		UpdatedAt: t0,
	}
}

var consents = replaceable[store.Consent]{
	newRecord: newConsent,
	ids:       func(c store.Consent) (string, string) { return c.AccountID, c.ClientID },
	put:       store.Store.PutConsent,
	get:       store.Store.GetConsent,
	del:       store.Store.DeleteConsent,
	edit: func(c store.Consent) store.Consent {
		c.Scopes = []string{"openid", "email", "profile"}
		c.UpdatedAt = c.UpdatedAt.Add(time.Hour)
		return c
	},
}

func testListConsents(t *testing.T, s store.Store) {
	assertEqualList(t, MustListConsents(t, s, "a1"), nil)
	c2, c1, c10 := newConsent("a1", "c2"), newConsent("a1", "c1"), newConsent("a1", "c10")
	other := newConsent("a2", "c1")
	for _, c := range []store.Consent{c2, other, c10, newConsent("a", "c1"), c1} {
		consents.mustPut(t, s, c)
	}
	assertEqualList(t, MustListConsents(t, s, "a1"), []store.Consent{c1, c10, c2})
	assertEqualList(t, MustListConsents(t, s, "a2"), []store.Consent{other})
	assertEqualList(t, MustListConsents(t, s, "missing"), nil)
	more := consents.edit(c10)
	consents.mustPut(t, s, more)
	if err := s.DeleteConsent(t.Context(), c1.AccountID, c1.ClientID); err != nil {
		t.Fatalf("DeleteConsent: %v", err)
	}
	assertEqualList(t, MustListConsents(t, s, "a1"), []store.Consent{more, c2})
	assertEqualList(t, MustListConsents(t, s, "a2"), []store.Consent{other})
}
