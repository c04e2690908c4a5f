package bolt

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// TestFailuresByExpiryBackfill opens a file written before
// failures_by_expiry existed: its counters get indexed, and, having no
// ExpiresAt, the next sweep takes them.
func TestFailuresByExpiryBackfill(t *testing.T) {
	path := filepath.Join(t.TempDir(), "porta.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, f := range []store.Failures{{Key: "old", Count: 3}, {Key: "new", Count: 1, ExpiresAt: now.Add(time.Hour)}} {
		if _, err := s.UpdateFailures(t.Context(), f.Key, func(store.Failures) (store.Failures, error) { return f, nil }); err != nil {
			t.Fatal(err)
		}
	}
	err = s.db.Update(func(tx *bbolt.Tx) error { return tx.DeleteBucket(bucketFailuresByExpiry) })
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, err := s.DeleteExpiredFailures(t.Context(), now); err != nil || n != 1 {
		t.Fatalf("DeleteExpiredFailures = %d, %v; want 1, nil", n, err)
	}
	if n, err := s.DeleteExpiredFailures(t.Context(), now.Add(2*time.Hour)); err != nil || n != 1 {
		t.Fatalf("DeleteExpiredFailures later = %d, %v; want 1, nil", n, err)
	}
}

// TestSweepBatches has sweeps remove more records than one transaction
// takes, and stop at the first record they must keep.
func TestSweepBatches(t *testing.T) {
	defer func(n int) { sweepBatch = n }(sweepBatch)
	sweepBatch = 3
	s, err := Open(filepath.Join(t.TempDir(), "porta.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range 10 {
		f := store.Failures{Key: fmt.Sprintf("k%d", i), Count: 1, ExpiresAt: now.Add(time.Duration(i-7) * time.Minute)}
		if _, err := s.UpdateFailures(ctx, f.Key, func(store.Failures) (store.Failures, error) { return f, nil }); err != nil {
			t.Fatal(err)
		}
		for _, account := range []string{"", "a1"} {
			e := store.AuditEvent{ID: fmt.Sprintf("e%d", i), AccountID: account, Time: now.Add(time.Duration(i-6) * time.Minute)}
			if err := s.AppendAudit(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n, err := s.DeleteExpiredFailures(ctx, now); err != nil || n != 7 {
		t.Errorf("DeleteExpiredFailures = %d, %v; want 7, nil", n, err)
	}
	if n, err := s.DeleteAuditBefore(ctx, now); err != nil || n != 12 {
		t.Errorf("DeleteAuditBefore = %d, %v; want 12, nil", n, err)
	}
	if list, err := s.ListFailures(ctx); err != nil || len(list) != 3 {
		t.Errorf("ListFailures = %d counters, %v; want 3", len(list), err)
	}
	if list, err := s.ListAudit(ctx, "a1", 0); err != nil || len(list) != 4 {
		t.Errorf("ListAudit = %d events, %v; want 4", len(list), err)
	}
}
