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
