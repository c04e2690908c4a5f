package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newIdentityProvider returns a provider of orgID serving domains, with
// every field set.
func newIdentityProvider(id, orgID string, domains ...string) store.IdentityProvider {
	return store.IdentityProvider{
		ID:       id,
		OrgID:    orgID,
		Name:     "Provider " + id,
		Preset:   "microsoft",
		Issuer:   "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
		ClientID: "porta-" + id,
		// Sealed bytes, zero and high bytes included.
		ClientSecret:      []byte{0, 1, 0x7f, 0x80, 0xff, 0},
		Domains:           domains,
		TrustMFA:          true,
		DomainsVerifiedAt: t0.Add(-time.Minute),
		CreatedAt:         t0.Add(-time.Hour),
		UpdatedAt:         t0,
	}
}

// editIdentityProvider changes fields other than the ID and the domains.
func editIdentityProvider(p store.IdentityProvider) store.IdentityProvider {
	p.Name = "Renamed"
	p.Preset = "oidc"
	p.Issuer = "https://idp.example.com"
	p.ClientSecret = nil
	p.TrustMFA = false
	p.DomainsVerifiedAt = time.Time{}
	p.UpdatedAt = p.UpdatedAt.Add(time.Hour)
	return p
}

// assertProvider fails tb unless the provider stored under want's ID is
// want and each of its domains finds it.
func assertProvider(tb testing.TB, s store.Store, want store.IdentityProvider) {
	tb.Helper()
	assertFound(tb, want, "GetIdentityProvider("+want.ID+")", func(ctx context.Context) (store.IdentityProvider, error) {
		return s.GetIdentityProvider(ctx, want.ID)
	})
	for _, d := range want.Domains {
		assertFound(tb, want, "GetIdentityProviderByDomain("+d+")", func(ctx context.Context) (store.IdentityProvider, error) {
			return s.GetIdentityProviderByDomain(ctx, d)
		})
	}
}

// assertNoProvider fails tb unless no provider serves each of domains.
func assertNoProvider(tb testing.TB, s store.Store, domains ...string) {
	tb.Helper()
	for _, d := range domains {
		_, err := s.GetIdentityProviderByDomain(tb.Context(), d)
		assertErrorIs(tb, err, store.ErrNotFound)
	}
}

func testPutIdentityProvider(t *testing.T, s store.Store) {
	p := newIdentityProvider("p1", "o1", "acme.com", "acme.co.uk")
	MustPutIdentityProvider(t, s, p)
	assertProvider(t, s, p)
	assertNoProvider(t, s, "acme", "example.com")
}

// testPutIdentityProviderReplaces re-puts a provider with its own
// domains, then with one dropped and one added: the dropped one is free.
func testPutIdentityProviderReplaces(t *testing.T, s store.Store) {
	p := newIdentityProvider("p1", "o1", "acme.com", "acme.co.uk")
	MustPutIdentityProvider(t, s, p)
	same := editIdentityProvider(p)
	MustPutIdentityProvider(t, s, same)
	assertProvider(t, s, same)
	moved := same
	moved.Domains = []string{"acme.co.uk", "acme.org"}
	MustPutIdentityProvider(t, s, moved)
	assertProvider(t, s, moved)
	assertNoProvider(t, s, "acme.com")
	other := newIdentityProvider("p2", "o2", "acme.com")
	MustPutIdentityProvider(t, s, other)
	assertProvider(t, s, other)
	none := moved
	none.Domains = nil
	MustPutIdentityProvider(t, s, none)
	assertProvider(t, s, none)
	assertNoProvider(t, s, "acme.co.uk", "acme.org")
}

// testPutIdentityProviderDomainTaken has a new provider and an existing
// one claim a domain that another provider serves: both fail, and nothing
// changes.
func testPutIdentityProviderDomainTaken(t *testing.T, s store.Store) {
	p1 := newIdentityProvider("p1", "o1", "acme.com")
	p2 := newIdentityProvider("p2", "o2", "globex.com")
	MustPutIdentityProvider(t, s, p1)
	MustPutIdentityProvider(t, s, p2)
	err := s.PutIdentityProvider(t.Context(), newIdentityProvider("p3", "o3", "initech.com", "acme.com"))
	assertErrorIs(t, err, store.ErrConflict)
	_, err = s.GetIdentityProvider(t.Context(), "p3")
	assertErrorIs(t, err, store.ErrNotFound)
	assertNoProvider(t, s, "initech.com")
	assertEqualList(t, MustListIdentityProviders(t, s, "o3"), nil)
	claim := editIdentityProvider(p2)
	claim.Domains = []string{"acme.com"}
	err = s.PutIdentityProvider(t.Context(), claim)
	assertErrorIs(t, err, store.ErrConflict)
	assertProvider(t, s, p1)
	assertProvider(t, s, p2)
}

func testGetIdentityProviderNotFound(t *testing.T, s store.Store) {
	MustPutIdentityProvider(t, s, newIdentityProvider("p1", "o1", "acme.com"))
	_, err := s.GetIdentityProvider(t.Context(), "missing")
	assertErrorIs(t, err, store.ErrNotFound)
	assertNoProvider(t, s, "missing.com", "p1", "")
}

// testDeleteIdentityProvider frees the provider's domains for another.
func testDeleteIdentityProvider(t *testing.T, s store.Store) {
	gone := newIdentityProvider("p1", "o1", "acme.com", "acme.org")
	kept := newIdentityProvider("p2", "o1", "globex.com")
	MustPutIdentityProvider(t, s, gone)
	MustPutIdentityProvider(t, s, kept)
	if err := s.DeleteIdentityProvider(t.Context(), gone.ID); err != nil {
		t.Fatalf("DeleteIdentityProvider: %v", err)
	}
	_, err := s.GetIdentityProvider(t.Context(), gone.ID)
	assertErrorIs(t, err, store.ErrNotFound)
	assertNoProvider(t, s, gone.Domains...)
	assertEqualList(t, MustListIdentityProviders(t, s, "o1"), []store.IdentityProvider{kept})
	taker := newIdentityProvider("p3", "o2", "acme.com")
	MustPutIdentityProvider(t, s, taker)
	assertProvider(t, s, taker)
	err = s.DeleteIdentityProvider(t.Context(), gone.ID)
	assertErrorIs(t, err, store.ErrNotFound)
}

func testDeleteIdentityProviderNotFound(t *testing.T, s store.Store) {
	p := newIdentityProvider("p1", "o1", "acme.com")
	MustPutIdentityProvider(t, s, p)
	err := s.DeleteIdentityProvider(t.Context(), "missing")
	assertErrorIs(t, err, store.ErrNotFound)
	assertProvider(t, s, p)
}

func testListIdentityProviders(t *testing.T, s store.Store) {
	assertEqualList(t, MustListIdentityProviders(t, s, "o1"), nil)
	p2, p1, p10 := newIdentityProvider("p2", "o1", "b.com"), newIdentityProvider("p1", "o1", "a.com"), newIdentityProvider("p10", "o1")
	other := newIdentityProvider("p3", "o2", "c.com")
	for _, p := range []store.IdentityProvider{p2, other, p10, newIdentityProvider("p4", "o"), p1} {
		MustPutIdentityProvider(t, s, p)
	}
	assertEqualList(t, MustListIdentityProviders(t, s, "o1"), []store.IdentityProvider{p1, p10, p2})
	assertEqualList(t, MustListIdentityProviders(t, s, "o2"), []store.IdentityProvider{other})
	assertEqualList(t, MustListIdentityProviders(t, s, "missing"), nil)
	moved := editIdentityProvider(p10)
	moved.OrgID = "o2"
	MustPutIdentityProvider(t, s, moved)
	assertEqualList(t, MustListIdentityProviders(t, s, "o1"), []store.IdentityProvider{p1, p2})
	assertEqualList(t, MustListIdentityProviders(t, s, "o2"), []store.IdentityProvider{moved, other})
}

// newExternalIdentity returns a link of a1 with every field set.
func newExternalIdentity(providerID, subject string) store.ExternalIdentity {
	return store.ExternalIdentity{
		ProviderID: providerID,
		Subject:    subject,
		AccountID:  "a1",
		Email:      "ada@acme.com",
		CreatedAt:  t0.Add(-time.Hour),
		LastUsedAt: t0,
	}
}

var externalIdentities = replaceable[store.ExternalIdentity]{
	newRecord: newExternalIdentity,
	ids:       func(e store.ExternalIdentity) (string, string) { return e.ProviderID, e.Subject },
	put:       store.Store.PutExternalIdentity,
	get:       store.Store.GetExternalIdentity,
	del:       store.Store.DeleteExternalIdentity,
	edit: func(e store.ExternalIdentity) store.ExternalIdentity {
		e.Email = "ada.lovelace@acme.com"
		e.LastUsedAt = e.LastUsedAt.Add(time.Hour)
		return e
	},
}

func testListExternalIdentities(t *testing.T, s store.Store) {
	assertEqualList(t, MustListExternalIdentities(t, s, "a1"), nil)
	// By ProviderID first: p1's s2 comes before p10's s1.
	p1s1, p1s2, p10s1, p2s0 := newExternalIdentity("p1", "s1"), newExternalIdentity("p1", "s2"), newExternalIdentity("p10", "s1"), newExternalIdentity("p2", "s0")
	other := newExternalIdentity("p1", "s3")
	other.AccountID = "a2"
	prefix := newExternalIdentity("p1", "s4")
	prefix.AccountID = "a"
	for _, e := range []store.ExternalIdentity{p2s0, p10s1, other, p1s2, prefix, p1s1} {
		externalIdentities.mustPut(t, s, e)
	}
	assertEqualList(t, MustListExternalIdentities(t, s, "a1"), []store.ExternalIdentity{p1s1, p1s2, p10s1, p2s0})
	assertEqualList(t, MustListExternalIdentities(t, s, "a2"), []store.ExternalIdentity{other})
	assertEqualList(t, MustListExternalIdentities(t, s, "missing"), nil)
	moved := externalIdentities.edit(p1s2)
	moved.AccountID = "a2"
	externalIdentities.mustPut(t, s, moved)
	if err := s.DeleteExternalIdentity(t.Context(), p2s0.ProviderID, p2s0.Subject); err != nil {
		t.Fatalf("DeleteExternalIdentity: %v", err)
	}
	assertEqualList(t, MustListExternalIdentities(t, s, "a1"), []store.ExternalIdentity{p1s1, p10s1})
	assertEqualList(t, MustListExternalIdentities(t, s, "a2"), []store.ExternalIdentity{moved, other})
}
