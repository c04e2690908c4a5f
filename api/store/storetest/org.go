package storetest

import (
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newOrg returns an organization with every field set.
func newOrg(id, slug string) store.Org {
	return store.Org{
		ID:         id,
		Slug:       slug,
		Name:       "Org " + id,
		Enforce2FA: true,
		// Every field set: the round trip covers each column.
		ForbidRememberDevice: true,
		TrustedDomains:       []string{"acme.example", "acme-eu.example"},
		SwitchDate:           t0.Add(30 * 24 * time.Hour),
		CreatedAt:            t0.Add(-2 * time.Hour),
		UpdatedAt:            t0,
	}
}

var orgs = uniqueField[store.Org]{
	updatable: updatable[store.Org]{
		seed:   created(newOrg("o1", "acme"), store.Store.CreateOrg),
		key:    func(o store.Org) string { return o.ID },
		get:    store.Store.GetOrg,
		update: store.Store.UpdateOrg,
		edit: func(o store.Org) store.Org {
			o.Name = "Acme Corporation"
			o.Enforce2FA = !o.Enforce2FA
			o.ForbidRememberDevice = !o.ForbidRememberDevice
			o.UpdatedAt = t0.Add(time.Minute)
			return o
		},
		rekey: func(o store.Org) store.Org {
			o.ID += "-other"
			return o
		},
	},
	newRecord: newOrg,
	create:    store.Store.CreateOrg,
	field:     func(o store.Org) string { return o.Slug },
	setField: func(o store.Org, slug string) store.Org {
		o.Slug = slug
		return o
	},
	getBy:  store.Store.GetOrgBySlug,
	list:   store.Store.ListOrgs,
	values: [3]string{"acme", "globex", "initech"},
}

// testOrgEnforce2FA turns the requirement on, the way the shared cases do
// not, and reads it back by every lookup.
func testOrgEnforce2FA(t *testing.T, s store.Store) {
	o := newOrg("o1", "acme")
	o.Enforce2FA = false
	MustCreateOrg(t, s, o)
	orgs.assertStored(t, s, o)
	o.Enforce2FA = true
	if _, err := s.UpdateOrg(t.Context(), o.ID, func(store.Org) (store.Org, error) { return o, nil }); err != nil {
		t.Fatalf("UpdateOrg: %v", err)
	}
	orgs.assertStored(t, s, o)
	orgs.assertGetBy(t, s, o)
	list, err := s.ListOrgs(t.Context())
	if err != nil {
		t.Fatalf("ListOrgs: %v", err)
	}
	assertEqualList(t, list, []store.Org{o})
}
