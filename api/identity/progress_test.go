package identity_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// TestProgressHistory: the board keeps a point a day — counted when an
// admin looks, or by RecordProgress when nobody does — and shows the
// last api.ProgressDays of them, oldest first, today's as it stands.
func TestProgressHistory(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	mustOrg(t, e, "acme", "Acme Inc.")
	o, err := e.svc.Org(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.CreateClient(ctx, store.Client{ID: "ledger", Name: "Ledger", OrgID: o.ID, CreatedAt: e.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	a := e.MustAccount(t, "ann@example.com", "Correct-Horse-7")
	if _, err := e.svc.AddMember(ctx, "acme", a.Email, api.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	user := func(id, accountID string) {
		t.Helper()
		_, err := e.store.UpdateProductUser(ctx, "ledger", o.ID, id, func(u store.ProductUser) (store.ProductUser, error) {
			u.AccountID = accountID
			return u, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	user("u1", "")
	user("u2", "")
	board := func() api.OrgProgress {
		t.Helper()
		b, err := e.svc.OrgProgress(ctx, "acme")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	day := func(d time.Time) string { return d.UTC().Format(time.DateOnly) }
	summary := func(b api.OrgProgress) string {
		s := ""
		for _, h := range b.History {
			s += fmt.Sprintf("%s:%d/%d ", h.Day, h.Linked(), h.Members)
		}
		return s
	}

	first := e.clock.Now()
	if b := board(); len(b.History) != 1 || b.History[0].Day != day(first) || b.History[0].Products[0].Name != "Ledger" {
		t.Fatalf("the first look: %+v", b.History)
	}
	// The next day nobody looks; the server's daily run keeps it.
	e.clock.Advance(24 * time.Hour)
	user("u1", a.ID)
	if n, err := e.svc.RecordProgress(ctx); err != nil || n != 1 {
		t.Fatalf("RecordProgress = %d, %v; want one organization counted", n, err)
	}
	if n, err := e.svc.RecordProgress(ctx); err != nil || n != 0 {
		t.Fatalf("RecordProgress again the same day = %d, %v; want none", n, err)
	}
	second := e.clock.Now()
	// The day after, an admin looks after a second link: today is as it stands.
	e.clock.Advance(24 * time.Hour)
	user("u2", "someone")
	third := e.clock.Now()
	want := fmt.Sprintf("%s:0/1 %s:1/1 %s:2/1 ", day(first), day(second), day(third))
	if got := summary(board()); got != want {
		t.Fatalf("history = %s, want %s", got, want)
	}
	// A month on, the oldest days have left the board.
	e.clock.Advance(time.Duration(api.ProgressDays-2) * 24 * time.Hour)
	b := board()
	if len(b.History) != 3 || b.History[0].Day != day(second) {
		t.Fatalf("history a month on = %s", summary(b))
	}
}
