package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newAuditEvent returns an event of accountID at when, with every field set.
func newAuditEvent(id, accountID string, when time.Time) store.AuditEvent {
	return store.AuditEvent{
		ID:        id,
		Time:      when,
		Type:      "signin",
		AccountID: accountID,
		Email:     "ada@example.com",
		IP:        "192.0.2.1",
		UserAgent: "Mozilla/5.0 (X11; Linux x86_64)",
		Detail:    `{"amr":["pwd"]}`,
	}
}

func testListAudit(t *testing.T, s store.Store) {
	oldest := newAuditEvent("e1", "a1", t0.Add(-2*time.Second))
	newest := newAuditEvent("e2", "a1", t0)
	middle := newAuditEvent("e3", "a1", t0.Add(-time.Second))
	for _, e := range []store.AuditEvent{middle, newest, oldest, newAuditEvent("e4", "a2", t0.Add(time.Hour))} {
		MustAppendAudit(t, s, e)
	}
	assertEqualList(t, MustListAudit(t, s, "a1", 10), []store.AuditEvent{newest, middle, oldest})
	assertEqualList(t, MustListAudit(t, s, "a1", 2), []store.AuditEvent{newest, middle})
	assertEqualList(t, MustListAudit(t, s, "a", 10), nil)
	assertEqualList(t, MustListAudit(t, s, "missing", 10), nil)
}

func testDeleteAuditBefore(t *testing.T, s store.Store) {
	cut := t0
	var kept []store.AuditEvent
	gone := 0
	// Several accounts, the account-less events of unknown emails ("")
	// among them, each with events on both sides of the cut.
	for i, accountID := range []string{"", "a1", "a2", "a10"} {
		for j, d := range []time.Duration{-48 * time.Hour, -time.Microsecond, 0, time.Hour} {
			e := newAuditEvent(fmt.Sprintf("e%d-%d", i, j), accountID, cut.Add(d))
			MustAppendAudit(t, s, e)
			if d < 0 {
				gone++
			} else {
				kept = append([]store.AuditEvent{e}, kept...)
			}
		}
	}
	for _, want := range []int{gone, 0} {
		n, err := s.DeleteAuditBefore(t.Context(), cut)
		if err != nil || n != want {
			t.Fatalf("DeleteAuditBefore = %d, %v; want %d, nil", n, err, want)
		}
	}
	for _, accountID := range []string{"", "a1", "a2", "a10"} {
		var want []store.AuditEvent
		for _, e := range kept {
			if e.AccountID == accountID {
				want = append(want, e)
			}
		}
		assertEqualList(t, MustListAudit(t, s, accountID, 0), want)
	}
}

func testListOrgAudit(t *testing.T, s store.Store) {
	ev := func(id, org, typ, email, actor string, when time.Time) store.AuditEvent {
		e := newAuditEvent(id, "a-"+email, when)
		e.OrgID, e.Type, e.Email, e.Actor = org, typ, email, actor
		return e
	}
	// Newest first: e6 and e5 share a time and go by ID, descending.
	all := []store.AuditEvent{
		ev("e6", "o1", "role_changed", "bo@example.com", "ada@example.com", t0),
		ev("e5", "o1", "invited", "cy@example.com", "ada@example.com", t0),
		ev("e4", "o1", "org_changed", "", "bo@example.com", t0.Add(-time.Minute)),
		ev("e3", "o1", "invited", "bo@example.com", "ada@example.com", t0.Add(-time.Hour)),
		ev("e2", "o1", "member_added", "ada@example.com", "", t0.Add(-2*time.Hour)),
	}
	for _, e := range append(all,
		ev("x1", "o2", "invited", "bo@example.com", "ada@example.com", t0),
		ev("x2", "", "signin", "bo@example.com", "", t0),
		ev("x3", "o10", "invited", "bo@example.com", "ada@example.com", t0),
	) {
		MustAppendAudit(t, s, e)
	}
	keep := func(f func(store.AuditEvent) bool) []store.AuditEvent {
		var out []store.AuditEvent
		for _, e := range all {
			if f(e) {
				out = append(out, e)
			}
		}
		return out
	}
	for _, c := range []struct {
		name string
		q    store.OrgAuditQuery
		want []store.AuditEvent
	}{
		{"all", store.OrgAuditQuery{OrgID: "o1"}, all},
		{"type", store.OrgAuditQuery{OrgID: "o1", Type: "invited"}, keep(func(e store.AuditEvent) bool { return e.Type == "invited" })},
		{"person about", store.OrgAuditQuery{OrgID: "o1", Person: "cy@example.com"}, all[1:2]},
		{"person about or by", store.OrgAuditQuery{OrgID: "o1", Person: "bo@example.com"}, keep(func(e store.AuditEvent) bool {
			return e.Email == "bo@example.com" || e.Actor == "bo@example.com"
		})},
		{"both", store.OrgAuditQuery{OrgID: "o1", Person: "bo@example.com", Type: "invited"}, all[3:4]},
		{"none", store.OrgAuditQuery{OrgID: "o1", Type: "signin"}, nil},
		{"other org", store.OrgAuditQuery{OrgID: "o"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, limit := range []int{0, 1, 2, 10} {
				q := c.q
				q.Limit = limit
				assertEqualList(t, mustListOrgAuditPages(t, s, q), c.want)
			}
		})
	}
	// A sweep takes events out of their organization's log too.
	if _, err := s.DeleteAuditBefore(t.Context(), t0.Add(-30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	assertEqualList(t, mustListOrgAuditPages(t, s, store.OrgAuditQuery{OrgID: "o1"}), all[:3])
}

// mustListOrgAuditPages follows ListOrgAudit's next cursors to the end of
// the log and returns every event it answered, checking each page's size.
func mustListOrgAuditPages(t *testing.T, s store.Store, q store.OrgAuditQuery) []store.AuditEvent {
	t.Helper()
	var out []store.AuditEvent
	for range 100 {
		page, next, err := s.ListOrgAudit(t.Context(), q)
		if err != nil {
			t.Fatalf("ListOrgAudit(%+v): %v", q, err)
		}
		if q.Limit > 0 && len(page) > q.Limit {
			t.Fatalf("ListOrgAudit(%+v) answered %d events", q, len(page))
		}
		out = append(out, page...)
		if next.IsZero() {
			return out
		}
		q.Before = next
	}
	t.Fatalf("ListOrgAudit(%+v) never reached the end of the log", q)
	return nil
}
