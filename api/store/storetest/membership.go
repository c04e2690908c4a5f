package storetest

import (
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newMembership returns a membership with every field set.
func newMembership(orgID, accountID string) store.Membership {
	return store.Membership{
		OrgID:     orgID,
		AccountID: accountID,
		Role:      "member",
		CreatedAt: t0,
	}
}

var memberships = replaceable[store.Membership]{
	newRecord: newMembership,
	ids:       func(m store.Membership) (string, string) { return m.OrgID, m.AccountID },
	put:       store.Store.PutMembership,
	get:       store.Store.GetMembership,
	del:       store.Store.DeleteMembership,
	edit: func(m store.Membership) store.Membership {
		m.Role = "admin"
		m.CreatedAt = m.CreatedAt.Add(time.Hour)
		return m
	},
}

// assertMemberships fails tb unless the account's and the organization's
// memberships are as wanted, in order.
func assertMemberships(tb testing.TB, s store.Store, accountID string, byAccount []store.Membership, orgID string, byOrg []store.Membership) {
	tb.Helper()
	got, err := s.ListMembershipsByAccount(tb.Context(), accountID)
	if err != nil {
		tb.Fatalf("ListMembershipsByAccount(%q): %v", accountID, err)
	}
	assertEqualList(tb, got, byAccount)
	got, err = s.ListMembershipsByOrg(tb.Context(), orgID)
	if err != nil {
		tb.Fatalf("ListMembershipsByOrg(%q): %v", orgID, err)
	}
	assertEqualList(tb, got, byOrg)
}

func testListMemberships(t *testing.T, s store.Store) {
	o2a1 := newMembership("o2", "a1")
	o1a1 := newMembership("o1", "a1")
	o1a2 := newMembership("o1", "a2")
	o3a2 := newMembership("o3", "a2")
	for _, m := range []store.Membership{o2a1, o1a2, o3a2, o1a1} {
		memberships.mustPut(t, s, m)
	}
	assertMemberships(t, s, "a1", []store.Membership{o1a1, o2a1}, "o1", []store.Membership{o1a1, o1a2})
	assertMemberships(t, s, "a2", []store.Membership{o1a2, o3a2}, "o3", []store.Membership{o3a2})
	assertMemberships(t, s, "a", nil, "o", nil)
	assertMemberships(t, s, "missing", nil, "missing", nil)
}

func testListMembershipsAfterChanges(t *testing.T, s store.Store) {
	kept := newMembership("o1", "a2")
	for _, m := range []store.Membership{newMembership("o1", "a1"), newMembership("o2", "a1"), kept} {
		memberships.mustPut(t, s, m)
	}
	admin := memberships.edit(newMembership("o2", "a1"))
	memberships.mustPut(t, s, admin)
	if err := s.DeleteMembership(t.Context(), "o1", "a1"); err != nil {
		t.Fatalf("DeleteMembership: %v", err)
	}
	assertMemberships(t, s, "a1", []store.Membership{admin}, "o1", []store.Membership{kept})
	assertMemberships(t, s, "a2", []store.Membership{kept}, "o2", []store.Membership{admin})
}
