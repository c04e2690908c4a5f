package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newFailures returns a counter with every field set.
func newFailures(key string) store.Failures {
	return store.Failures{
		Key:         key,
		Count:       3,
		LastFailure: t0,
		LockedUntil: t0.Add(time.Minute),
		ExpiresAt:   t0.Add(time.Hour),
	}
}

// setFailures returns an updater that replaces the counter with f.
func setFailures(f store.Failures) func(store.Failures) (store.Failures, error) {
	return func(store.Failures) (store.Failures, error) { return f, nil }
}

var failures = updatable[store.Failures]{
	seed: func(tb testing.TB, s store.Store) store.Failures {
		f := newFailures("ada@example.com")
		MustUpdateFailures(tb, s, f)
		return f
	},
	key: func(f store.Failures) string { return f.Key },
	// A counter that is not there reads as ErrNotFound, so the shared
	// cases can tell it from one that is.
	get: func(s store.Store, ctx context.Context, key string) (store.Failures, error) {
		f, err := s.GetFailures(ctx, key)
		if err == nil && f == (store.Failures{Key: key}) {
			return f, store.ErrNotFound
		}
		return f, err
	},
	update: store.Store.UpdateFailures,
	edit: func(f store.Failures) store.Failures {
		f.Count++
		f.LastFailure = f.LastFailure.Add(time.Second)
		f.LockedUntil = f.LockedUntil.Add(time.Hour)
		f.ExpiresAt = f.ExpiresAt.Add(time.Hour)
		return f
	},
	rekey: func(f store.Failures) store.Failures {
		f.Key += ".other"
		return f
	},
}

func testGetFailuresZero(t *testing.T, s store.Store) {
	MustUpdateFailures(t, s, newFailures("bob@example.com"))
	got := MustGetFailures(t, s, "ada@example.com")
	assertEqual(t, got, store.Failures{Key: "ada@example.com"})
}

func testUpdateFailuresFromZero(t *testing.T, s store.Store) {
	const key = "ada@example.com"
	want := store.Failures{Key: key, Count: 1, LastFailure: t0}
	got, err := s.UpdateFailures(t.Context(), key, func(old store.Failures) (store.Failures, error) {
		assertEqual(t, old, store.Failures{Key: key})
		return want, nil
	})
	if err != nil {
		t.Fatalf("UpdateFailures: %v", err)
	}
	assertEqual(t, got, want)
	assertEqual(t, MustGetFailures(t, s, key), want)
}

func testUpdateFailuresReset(t *testing.T, s store.Store) {
	f := failures.seed(t, s)
	reset := store.Failures{Key: f.Key, LastFailure: f.LastFailure}
	got, err := s.UpdateFailures(t.Context(), f.Key, setFailures(reset))
	if err != nil {
		t.Fatalf("UpdateFailures: %v", err)
	}
	assertEqual(t, got, reset)
	assertEqual(t, MustGetFailures(t, s, f.Key), store.Failures{Key: f.Key})
}

func testUpdateFailuresLockKept(t *testing.T, s store.Store) {
	f := failures.seed(t, s)
	f.Count = 0
	MustUpdateFailures(t, s, f)
	failures.assertStored(t, s, f)
}

func testUpdateFailuresUpdaterError(t *testing.T, s store.Store) {
	failures.testUpdaterError(t, s)
	_, err := s.UpdateFailures(t.Context(), "bob@example.com", func(f store.Failures) (store.Failures, error) {
		return newFailures(f.Key), errUpdater
	})
	assertErrorIs(t, err, errUpdater)
	_, err = failures.get(s, t.Context(), "bob@example.com")
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a failed first update left a counter behind (%v)", err)
	}
}

func testUpdateFailuresConcurrent(t *testing.T, s store.Store) {
	const n = 50
	locked := store.Failures{Key: "bob@example.com", LockedUntil: t0}
	MustUpdateFailures(t, s, locked)
	keys := []string{"ada@example.com", locked.Key}
	parallel(n, func(i int) {
		for _, key := range keys {
			_, err := s.UpdateFailures(t.Context(), key, func(f store.Failures) (store.Failures, error) {
				f.Count++
				return f, nil
			})
			if err != nil {
				t.Errorf("UpdateFailures %d %q: %v", i, key, err)
			}
		}
	})
	for _, key := range keys {
		if got := MustGetFailures(t, s, key).Count; got != n {
			t.Errorf("%q: Count = %d after %d concurrent increments", key, got, n)
		}
	}
}

func testDeleteExpiredFailures(t *testing.T, s store.Store) {
	now := t0.Add(24 * time.Hour)
	expired := newFailures("email:a@example.com")
	expired.ExpiresAt = now.Add(-time.Microsecond)
	// Written before ExpiresAt existed.
	unset := newFailures("email:b@example.com")
	unset.ExpiresAt = time.Time{}
	atNow := newFailures("email:c@example.com")
	atNow.ExpiresAt = now
	later := newFailures("email:d@example.com")
	later.ExpiresAt = now.Add(time.Hour)
	// Expired once, then counted again: the sweep follows the change.
	renewed := newFailures("email:e@example.com")
	renewed.ExpiresAt = now.Add(-time.Hour)
	for _, f := range []store.Failures{later, expired, renewed, unset, atNow} {
		MustUpdateFailures(t, s, f)
	}
	renewed.Count++
	renewed.ExpiresAt = now.Add(time.Minute)
	MustUpdateFailures(t, s, renewed)
	// Reset, so no longer stored at all.
	reset := newFailures("email:f@example.com")
	reset.ExpiresAt = now.Add(-time.Hour)
	MustUpdateFailures(t, s, reset)
	MustUpdateFailures(t, s, store.Failures{Key: reset.Key})
	for _, want := range []int{2, 0} {
		n, err := s.DeleteExpiredFailures(t.Context(), now)
		if err != nil || n != want {
			t.Fatalf("DeleteExpiredFailures = %d, %v; want %d, nil", n, err, want)
		}
	}
	got, err := s.ListFailures(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	assertEqualList(t, got, []store.Failures{atNow, later, renewed})
	n, err := s.DeleteExpiredFailures(t.Context(), now.Add(2*time.Hour))
	if err != nil || n != 3 {
		t.Fatalf("DeleteExpiredFailures later = %d, %v; want 3, nil", n, err)
	}
	assertEqual(t, MustGetFailures(t, s, later.Key), store.Failures{Key: later.Key})
}
