package storetest

import (
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
