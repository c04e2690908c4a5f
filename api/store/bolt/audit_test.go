package bolt

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// TestAuditByTimeBackfill opens a file written before audit_by_time
// existed: Open indexes every event once, so DeleteAuditBefore takes
// exactly the events before the cut, and a later cut takes all the rest.
func TestAuditByTimeBackfill(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "porta.db"))
	ctx := t.Context()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	accounts := []string{"", "a1", "a10"}
	for i, accountID := range accounts {
		for j, at := range []time.Time{{}, now.Add(-time.Nanosecond), now, now.Add(time.Minute)} {
			e := store.AuditEvent{ID: fmt.Sprintf("e%d-%d", i, j), AccountID: accountID, Time: at}
			if err := s.AppendAudit(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
	}
	s = reopenWithout(t, s, bucketAuditByTime)
	defer s.Close()
	if n, err := s.DeleteAuditBefore(ctx, now); err != nil || n != 2*len(accounts) {
		t.Errorf("DeleteAuditBefore = %d, %v; want %d, nil", n, err, 2*len(accounts))
	}
	for _, accountID := range accounts {
		list, err := s.ListAudit(ctx, accountID, 0)
		if err != nil || len(list) != 2 || !list[1].Time.Equal(now) {
			t.Errorf("ListAudit(%q) = %v, %v; want the events at and after the cut", accountID, list, err)
		}
	}
	if n, err := s.DeleteAuditBefore(ctx, now.Add(time.Hour)); err != nil || n != 2*len(accounts) {
		t.Errorf("DeleteAuditBefore later = %d, %v; want %d, nil", n, err, 2*len(accounts))
	}
}

// TestOrgAuditScanBound: a filter that matches nothing among the newest
// events answers a page with no events and a cursor, not a walk of the
// whole log; following the cursors reaches the old match.
func TestOrgAuditScanBound(t *testing.T) {
	defer func(n int) { orgAuditScan = n }(orgAuditScan)
	orgAuditScan = 3
	s := mustOpen(t, filepath.Join(t.TempDir(), "porta.db"))
	defer s.Close()
	ctx := t.Context()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range 7 {
		e := store.AuditEvent{ID: fmt.Sprintf("e%d", i), OrgID: "o1", Type: "signin", Time: now.Add(time.Duration(i) * time.Minute)}
		if i == 0 {
			e.Type = "invited"
		}
		if err := s.AppendAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	q := store.OrgAuditQuery{OrgID: "o1", Type: "invited", Limit: 10}
	var pages [][]store.AuditEvent
	for {
		page, next, err := s.ListOrgAudit(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, page)
		if next.IsZero() {
			break
		}
		q.Before = next
	}
	if len(pages) != 3 || len(pages[0]) != 0 || len(pages[1]) != 0 || len(pages[2]) != 1 || pages[2][0].ID != "e0" {
		t.Errorf("pages = %v; want two empty pages of 3 events read, then e0", pages)
	}
}
