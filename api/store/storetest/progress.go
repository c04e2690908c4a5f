package storetest

import (
	"testing"

	"github.com/porta-id/porta/api/store"
)

func newSnapshot(org, day string, twoStep int) store.ProgressSnapshot {
	return store.ProgressSnapshot{OrgID: org, Day: day, Members: 10, TwoStep: twoStep,
		Products: []store.ProductCounts{{ClientID: "c1", Linked: twoStep, Postponed: 2, NotStarted: 3}, {ClientID: "c2", NotStarted: 7}}}
}

func mustListSnapshots(tb testing.TB, s store.Store, org, from string) []store.ProgressSnapshot {
	tb.Helper()
	got, err := s.ListProgressSnapshots(tb.Context(), org, from)
	if err != nil {
		tb.Fatalf("ListProgressSnapshots(%s, %s): %v", org, from, err)
	}
	return got
}

// testProgressSnapshots: a day's snapshot replaces that day's, and an
// organization's days list oldest first from the day asked, without other
// organizations' days.
func testProgressSnapshots(t *testing.T, s store.Store) {
	for _, p := range []store.ProgressSnapshot{
		newSnapshot("o1", "2026-12-03", 1), newSnapshot("o1", "2026-12-01", 0), newSnapshot("o1", "2026-12-05", 4),
		newSnapshot("o1", "2026-12-03", 2), newSnapshot("o10", "2026-12-02", 9), newSnapshot("o", "2026-12-04", 9),
		{OrgID: "o1", Day: "2026-11-30"},
	} {
		if err := s.PutProgressSnapshot(t.Context(), p); err != nil {
			t.Fatalf("PutProgressSnapshot(%+v): %v", p, err)
		}
	}
	empty := store.ProgressSnapshot{OrgID: "o1", Day: "2026-11-30"}
	all := []store.ProgressSnapshot{empty, newSnapshot("o1", "2026-12-01", 0), newSnapshot("o1", "2026-12-03", 2), newSnapshot("o1", "2026-12-05", 4)}
	assertEqualList(t, mustListSnapshots(t, s, "o1", ""), all)
	assertEqualList(t, mustListSnapshots(t, s, "o1", "2026-12-02"), all[2:])
	assertEqualList(t, mustListSnapshots(t, s, "o1", "2026-12-06"), nil)
	assertEqualList(t, mustListSnapshots(t, s, "o2", ""), nil)
}
