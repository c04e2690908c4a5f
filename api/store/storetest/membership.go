package storetest

import (
	"errors"
	"fmt"
	"sync/atomic"
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

var errLastAdmin = errors.New("the organization keeps an admin")

// demote is an update that makes a member a member, unless that would
// leave the organization without an admin.
func demote(m store.Membership, admins int) (*store.Membership, error) {
	if m.Role == "admin" && admins <= 1 {
		return nil, errLastAdmin
	}
	m.Role = "member"
	return &m, nil
}

func testUpdateMembership(t *testing.T, s store.Store) {
	a1, a2, m3 := newMembership("o1", "a1"), newMembership("o1", "a2"), newMembership("o1", "a3")
	a1.Role, a2.Role = "admin", "admin"
	other := newMembership("o2", "a9")
	other.Role = "admin"
	for _, m := range []store.Membership{a1, a2, m3, other} {
		memberships.mustPut(t, s, m)
	}
	var counted []int
	got, err := s.UpdateMembership(t.Context(), "o1", "a3", "admin", func(m store.Membership, n int) (*store.Membership, error) {
		counted = append(counted, n)
		m.Role = "admin"
		return &m, nil
	})
	if err != nil || got == nil || got.Role != "admin" || len(counted) != 1 || counted[0] != 2 {
		t.Fatalf("UpdateMembership = %+v, %v; counted %v admins, want 2", got, err, counted)
	}
	m3.Role = "admin"
	memberships.assertStored(t, s, m3)
	if _, err := s.UpdateMembership(t.Context(), "o1", "a3", "admin", func(store.Membership, int) (*store.Membership, error) { return nil, nil }); err != nil {
		t.Fatalf("UpdateMembership to nil: %v", err)
	}
	memberships.assertGone(t, s, "o1", "a3")
	assertMemberships(t, s, "a9", []store.Membership{other}, "o1", []store.Membership{a1, a2})
}

func testUpdateMembershipErrors(t *testing.T, s store.Store) {
	m := newMembership("o1", "a1")
	memberships.mustPut(t, s, m)
	boom := errors.New("boom")
	for name, tc := range map[string]struct {
		org, account string
		update       func(store.Membership, int) (*store.Membership, error)
		want         error
	}{
		"ErrNotFound":      {"o1", "nobody", func(m store.Membership, _ int) (*store.Membership, error) { return &m, nil }, store.ErrNotFound},
		"UpdaterError":     {"o1", "a1", func(store.Membership, int) (*store.Membership, error) { return nil, boom }, boom},
		"ErrConflict/Org":  {"o1", "a1", func(m store.Membership, _ int) (*store.Membership, error) { m.OrgID = "o2"; return &m, nil }, store.ErrConflict},
		"ErrConflict/Acct": {"o1", "a1", func(m store.Membership, _ int) (*store.Membership, error) { m.AccountID = "a2"; return &m, nil }, store.ErrConflict},
	} {
		if _, err := s.UpdateMembership(t.Context(), tc.org, tc.account, "admin", tc.update); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
	memberships.assertStored(t, s, m)
}

// testUpdateMembershipConcurrent has every admin of an organization demote
// themselves at once, each only if another admin remains: exactly one
// keeps the role.
func testUpdateMembershipConcurrent(t *testing.T, s store.Store) {
	const n = 8
	for i := range n {
		m := newMembership("o1", fmt.Sprintf("a%d", i))
		m.Role = "admin"
		memberships.mustPut(t, s, m)
	}
	var refused atomic.Int32
	parallel(n, func(i int) {
		_, err := s.UpdateMembership(t.Context(), "o1", fmt.Sprintf("a%d", i), "admin", func(m store.Membership, admins int) (*store.Membership, error) {
			// A pause between the count and the write lets a backend
			// that does not hold the organization meanwhile show it.
			time.Sleep(time.Millisecond)
			return demote(m, admins)
		})
		switch {
		case errors.Is(err, errLastAdmin):
			refused.Add(1)
		case err != nil:
			t.Errorf("UpdateMembership %d: %v", i, err)
		}
	})
	ms, err := s.ListMembershipsByOrg(t.Context(), "o1")
	if err != nil {
		t.Fatal(err)
	}
	admins := 0
	for _, m := range ms {
		if m.Role == "admin" {
			admins++
		}
	}
	if refused.Load() != 1 || admins != 1 {
		t.Fatalf("%d refused, %d admins left; want exactly 1 of each", refused.Load(), admins)
	}
}
