package bolt

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// mustOpen opens the store at path or fails tb.
func mustOpen(tb testing.TB, path string) *Store {
	tb.Helper()
	s, err := Open(path)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	return s
}

// reopenWithout deletes buckets from s's file, which then looks like one
// written before they existed, and opens it again.
func reopenWithout(tb testing.TB, s *Store, buckets ...[]byte) *Store {
	tb.Helper()
	err := s.db.Update(func(tx *bbolt.Tx) error {
		for _, name := range buckets {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	s.Close()
	return mustOpen(tb, s.Path())
}

// TestFailuresByExpiryBackfill opens a file written before
// failures_by_expiry existed: its counters get indexed, and, having no
// ExpiresAt, the next sweep takes them.
func TestFailuresByExpiryBackfill(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "porta.db"))
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, f := range []store.Failures{{Key: "old", Count: 3}, {Key: "new", Count: 1, ExpiresAt: now.Add(time.Hour)}} {
		if _, err := s.UpdateFailures(t.Context(), f.Key, func(store.Failures) (store.Failures, error) { return f, nil }); err != nil {
			t.Fatal(err)
		}
	}
	s = reopenWithout(t, s, bucketFailuresByExpiry)
	defer s.Close()
	if n, err := s.DeleteExpiredFailures(t.Context(), now); err != nil || n != 1 {
		t.Fatalf("DeleteExpiredFailures = %d, %v; want 1, nil", n, err)
	}
	if n, err := s.DeleteExpiredFailures(t.Context(), now.Add(2*time.Hour)); err != nil || n != 1 {
		t.Fatalf("DeleteExpiredFailures later = %d, %v; want 1, nil", n, err)
	}
}

// TestIndexesByTimeBackfill opens a file written before sessions_by_expiry,
// tokens_by_expiry and messages_finished existed: Open indexes the records
// once, and the sweeps then take exactly what they took by reading every
// record.
func TestIndexesByTimeBackfill(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "porta.db"))
	ctx := t.Context()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i, at := range []time.Time{{}, now.Add(-time.Minute), now, now.Add(time.Minute)} {
		id := fmt.Sprintf("x%d", i)
		if err := s.CreateSession(ctx, store.Session{ID: id, AccountID: "a1", ExpiresAt: at}); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateToken(ctx, store.Token{Hash: id, Kind: "reset", AccountID: "a1", ExpiresAt: at}); err != nil {
			t.Fatal(err)
		}
		for _, status := range []string{store.MessageSent, store.MessagePending} {
			m := store.Message{ID: id + status, Status: status, CreatedAt: at, UpdatedAt: at}
			if err := s.EnqueueMessage(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
	}
	s = reopenWithout(t, s, bucketSessionsByExpiry, bucketTokensByExpiry, bucketMessagesFinished)
	defer s.Close()
	err := s.db.View(func(tx *bbolt.Tx) error {
		for name, want := range map[string]int{"sessions_by_expiry": 4, "tokens_by_expiry": 4, "messages_finished": 4} {
			if n := tx.Bucket([]byte(name)).Stats().KeyN; n != want {
				t.Errorf("%s has %d entries, want %d", name, n, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.DeleteExpiredSessions(ctx, now); err != nil || n != 3 {
		t.Errorf("DeleteExpiredSessions = %d, %v; want 3, nil", n, err)
	}
	if n, err := s.DeleteExpiredTokens(ctx, now); err != nil || n != 3 {
		t.Errorf("DeleteExpiredTokens = %d, %v; want 3, nil", n, err)
	}
	if n, err := s.DeleteMessagesBefore(ctx, now); err != nil || n != 2 {
		t.Errorf("DeleteMessagesBefore = %d, %v; want 2, nil", n, err)
	}
	if _, err := s.GetSession(ctx, "x3"); err != nil {
		t.Errorf("GetSession(live) = %v", err)
	}
	if _, err := s.GetToken(ctx, "x3"); err != nil {
		t.Errorf("GetToken(live) = %v", err)
	}
	if list, err := s.ListMessages(ctx, 0); err != nil || len(list) != 6 {
		t.Errorf("ListMessages = %d messages, %v; want 6 (4 pending, 2 recent)", len(list), err)
	}
}

// TestSweepBatches has sweeps remove more records than one transaction
// takes, and stop at the first record they must keep.
func TestSweepBatches(t *testing.T) {
	defer func(n int) { sweepBatch = n }(sweepBatch)
	sweepBatch = 3
	s := mustOpen(t, filepath.Join(t.TempDir(), "porta.db"))
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

// BenchmarkSweepFewExpired sweeps 10 expired records from among 100,000
// live ones (for Audit, the one recent event of each of 100,000 accounts):
// the time should follow the expired, not the live.
func BenchmarkSweepFewExpired(b *testing.B) {
	const live, dead = 100_000, 10
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	for _, bm := range []struct {
		name  string
		put   func(tx *bbolt.Tx, id string, at time.Time) error
		sweep func(s *Store) (int, error)
	}{
		{"Sessions", func(tx *bbolt.Tx, id string, at time.Time) error {
			return sessions.insert(tx, store.Session{ID: id, AccountID: "a" + id, ExpiresAt: at})
		}, func(s *Store) (int, error) { return s.DeleteExpiredSessions(b.Context(), now) }},
		{"Tokens", func(tx *bbolt.Tx, id string, at time.Time) error {
			return tokens.insert(tx, store.Token{Hash: id, Kind: "reset", AccountID: "a" + id, ExpiresAt: at})
		}, func(s *Store) (int, error) { return s.DeleteExpiredTokens(b.Context(), now) }},
		{"Messages", func(tx *bbolt.Tx, id string, at time.Time) error {
			return messages.insert(tx, store.Message{ID: id, Status: store.MessageSent, CreatedAt: at, UpdatedAt: at})
		}, func(s *Store) (int, error) { return s.DeleteMessagesBefore(b.Context(), now) }},
		{"Audit", func(tx *bbolt.Tx, id string, at time.Time) error {
			return audit.insert(tx, store.AuditEvent{ID: id, AccountID: "a" + id, Time: at})
		}, func(s *Store) (int, error) { return s.DeleteAuditBefore(b.Context(), now) }},
		{"AuthRequests", func(tx *bbolt.Tx, id string, at time.Time) error {
			return authRequests.insert(tx, store.AuthRequest{ID: id, ClientID: "c1", ExpiresAt: at})
		}, func(s *Store) (int, error) { return s.DeleteExpiredAuthRequests(b.Context(), now) }},
		{"Grants", func(tx *bbolt.Tx, id string, at time.Time) error {
			return grants.insert(tx, store.Grant{ID: id, AccountID: "a" + id, ClientID: "c1", CreatedAt: at, ExpiresAt: at})
		}, func(s *Store) (int, error) { return s.DeleteExpiredGrants(b.Context(), now) }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			s := mustOpen(b, filepath.Join(b.TempDir(), "porta.db"))
			defer s.Close()
			putAll := func(prefix string, n int, at time.Time) {
				err := s.db.Update(func(tx *bbolt.Tx) error {
					for i := range n {
						if err := bm.put(tx, fmt.Sprintf("%s%07d", prefix, i), at); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			putAll("live", live, later)
			for b.Loop() {
				b.StopTimer()
				putAll("dead", dead, earlier)
				b.StartTimer()
				if n, err := bm.sweep(s); err != nil || n != dead {
					b.Fatalf("sweep = %d, %v; want %d, nil", n, err, dead)
				}
			}
		})
	}
}
