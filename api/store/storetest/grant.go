package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newGrant returns a grant of accountID created at created, with every
// field set.
func newGrant(id, accountID string, created time.Time) store.Grant {
	return store.Grant{
		ID:          id,
		AccountID:   accountID,
		ClientID:    "c1",
		Scopes:      []string{"openid", "email", "offline_access"},
		SessionID:   "s1",
		AuthTime:    created.Add(-time.Minute),
		AMR:         []string{"pwd", "otp"},
		OrgID:       "o1",
		RefreshHash: "r0",
		CreatedAt:   created,
		UpdatedAt:   created.Add(time.Second),
		ExpiresAt:   created.Add(30 * 24 * time.Hour),
	}
}

var grants = updatable[store.Grant]{
	seed: created(newGrant("g1", "a1", t0), func(s store.Store, ctx context.Context, g store.Grant) error {
		return s.CreateGrant(ctx, g)
	}),
	key:    func(g store.Grant) string { return g.ID },
	get:    store.Store.GetGrant,
	update: store.Store.UpdateGrant,
	edit: func(g store.Grant) store.Grant {
		g.Scopes = []string{"openid"}
		g.SessionID = ""
		g.AMR = nil
		g.OrgID = ""
		g.RefreshHash = "r1"
		g.UpdatedAt = g.UpdatedAt.Add(time.Hour)
		return g
	},
	rekey: func(g store.Grant) store.Grant {
		g.ID += "-other"
		return g
	},
}

func testCreateGrant(t *testing.T, s store.Store) {
	g := newGrant("g1", "a1", t0)
	MustCreateGrant(t, s, g)
	grants.assertStored(t, s, g)
	assertEqualList(t, MustListGrants(t, s, "a1"), []store.Grant{g})
}

func testCreateGrantDuplicate(t *testing.T, s store.Store) {
	g := grants.seed(t, s)
	err := s.CreateGrant(t.Context(), newGrant(g.ID, "a2", t0.Add(time.Hour)), newAuditEvent("e1", "a2", t0))
	assertErrorIs(t, err, store.ErrAlreadyExists)
	grants.assertStored(t, s, g)
	assertEqualList(t, MustListGrants(t, s, "a2"), nil)
	assertEqualList(t, MustListAudit(t, s, "a2", 0), nil) // nothing of the refused grant
}

// The grant's audit event lands with it.
func testCreateGrantWithEvent(t *testing.T, s store.Store) {
	g := newGrant("g1", "a1", t0)
	e := newAuditEvent("e1", "a1", t0)
	if err := s.CreateGrant(t.Context(), g, e); err != nil {
		t.Fatal(err)
	}
	grants.assertStored(t, s, g)
	assertEqualList(t, MustListAudit(t, s, "a1", 0), []store.AuditEvent{e})
}

// assertGrantStays fails t unless an update that also makes move's
// change fails with ErrConflict and leaves the grant where it was.
func assertGrantStays(t *testing.T, s store.Store, move func(store.Grant) store.Grant) {
	t.Helper()
	old := grants.assertRejected(t, s, func(g store.Grant) (store.Grant, error) { return move(grants.edit(g)), nil }, store.ErrConflict)
	assertEqualList(t, MustListGrants(t, s, old.AccountID), []store.Grant{old})
}

func testUpdateGrantAccountChanged(t *testing.T, s store.Store) {
	assertGrantStays(t, s, func(g store.Grant) store.Grant { g.AccountID = "a2"; return g })
	assertEqualList(t, MustListGrants(t, s, "a2"), nil)
}

func testUpdateGrantClientChanged(t *testing.T, s store.Store) {
	assertGrantStays(t, s, func(g store.Grant) store.Grant { g.ClientID = "c2"; return g })
}

// errRefreshReused is what the updaters of testUpdateGrantConcurrent
// return for a refresh token that is no longer the current one.
var errRefreshReused = errors.New("storetest: refresh token reused")

// testUpdateGrantConcurrent is how Porta rotates a refresh token once: of
// concurrent refreshes presenting the same token exactly one sees it
// current and replaces it; the others see reuse.
func testUpdateGrantConcurrent(t *testing.T, s store.Store) {
	const n = 20
	g := grants.seed(t, s)
	var won atomic.Int32
	winner := make(chan string, n)
	parallel(n, func(i int) {
		next := fmt.Sprintf("r%d", i+1)
		got, err := s.UpdateGrant(t.Context(), g.ID, func(old store.Grant) (store.Grant, error) {
			// A pause between the read and the write lets a backend
			// that does not hold the record meanwhile show it.
			time.Sleep(time.Millisecond)
			if old.RefreshHash != g.RefreshHash {
				return old, errRefreshReused
			}
			old.RefreshHash = next
			return old, nil
		})
		switch {
		case err == nil:
			won.Add(1)
			winner <- next
			if got.RefreshHash != next {
				t.Errorf("UpdateGrant %d returned RefreshHash %q, want %q", i, got.RefreshHash, next)
			}
		case !errors.Is(err, errRefreshReused):
			t.Errorf("UpdateGrant %d: %v", i, err)
		}
	})
	if won.Load() != 1 {
		t.Fatalf("%d of %d concurrent rotations won, want exactly 1", won.Load(), n)
	}
	want := g
	want.RefreshHash = <-winner
	grants.assertStored(t, s, want)
}

func testDeleteGrant(t *testing.T, s store.Store) {
	gone, kept := newGrant("g1", "a1", t0), newGrant("g2", "a1", t0.Add(-time.Hour))
	MustCreateGrant(t, s, gone)
	MustCreateGrant(t, s, kept)
	if err := s.DeleteGrant(t.Context(), gone.ID); err != nil {
		t.Fatalf("DeleteGrant: %v", err)
	}
	_, err := s.GetGrant(t.Context(), gone.ID)
	assertErrorIs(t, err, store.ErrNotFound)
	assertEqualList(t, MustListGrants(t, s, "a1"), []store.Grant{kept})
	err = s.DeleteGrant(t.Context(), gone.ID)
	assertErrorIs(t, err, store.ErrNotFound)
}

func testDeleteGrantNotFound(t *testing.T, s store.Store) {
	err := s.DeleteGrant(t.Context(), "missing")
	assertErrorIs(t, err, store.ErrNotFound)
}

func testListGrants(t *testing.T, s store.Store) {
	assertEqualList(t, MustListGrants(t, s, "a1"), nil)
	// Key order (g0 … g3) is not the order wanted.
	oldest := newGrant("g0", "a1", t0.Add(-2*time.Hour))
	tiedFirst := newGrant("g1", "a1", t0)
	tiedLater := newGrant("g2", "a1", t0)
	tiedLater.ClientID = "c2"
	newest := newGrant("g3", "a1", t0.Add(time.Hour))
	other := newGrant("g4", "a2", t0)
	for _, g := range []store.Grant{tiedLater, oldest, other, newest, newGrant("g5", "a", t0), tiedFirst} {
		MustCreateGrant(t, s, g)
	}
	assertEqualList(t, MustListGrants(t, s, "a1"), []store.Grant{newest, tiedFirst, tiedLater, oldest})
	assertEqualList(t, MustListGrants(t, s, "a2"), []store.Grant{other})
	assertEqualList(t, MustListGrants(t, s, "missing"), nil)
}

// testListGrantsAfterUpdate has the list follow a CreatedAt that changed
// after the grant was created, and leave out a deleted grant.
func testListGrantsAfterUpdate(t *testing.T, s store.Store) {
	first, second, third := newGrant("g1", "a1", t0.Add(-time.Hour)), newGrant("g2", "a1", t0), newGrant("g3", "a1", t0.Add(time.Hour))
	for _, g := range []store.Grant{first, second, third} {
		MustCreateGrant(t, s, g)
	}
	moved := first
	moved.CreatedAt = t0.Add(2 * time.Hour)
	if _, err := s.UpdateGrant(t.Context(), moved.ID, func(store.Grant) (store.Grant, error) { return moved, nil }); err != nil {
		t.Fatalf("UpdateGrant: %v", err)
	}
	if err := s.DeleteGrant(t.Context(), second.ID); err != nil {
		t.Fatalf("DeleteGrant: %v", err)
	}
	assertEqualList(t, MustListGrants(t, s, "a1"), []store.Grant{moved, third})
}

// testDeleteExpiredGrants has the boundary of tokens: a grant whose
// ExpiresAt is now goes.
func testDeleteExpiredGrants(t *testing.T, s store.Store) {
	now := t0.Add(24 * time.Hour)
	grant := func(id, accountID string, expires time.Time) store.Grant {
		g := newGrant(id, accountID, t0)
		g.ExpiresAt = expires
		return g
	}
	never := grant("g0", "a1", time.Time{})
	expired := grant("g1", "a1", now.Add(-time.Microsecond))
	atNow := grant("g2", "a2", now)
	later := grant("g3", "a1", now.Add(time.Microsecond))
	for _, g := range []store.Grant{never, expired, atNow, later} {
		MustCreateGrant(t, s, g)
	}
	grants.assertStored(t, s, expired)
	for _, want := range []int{3, 0} {
		n, err := s.DeleteExpiredGrants(t.Context(), now)
		if err != nil || n != want {
			t.Fatalf("DeleteExpiredGrants = %d, %v; want %d, nil", n, err, want)
		}
	}
	for _, g := range []store.Grant{never, expired, atNow} {
		_, err := s.GetGrant(t.Context(), g.ID)
		assertErrorIs(t, err, store.ErrNotFound)
	}
	assertEqualList(t, MustListGrants(t, s, "a1"), []store.Grant{later})
	assertEqualList(t, MustListGrants(t, s, "a2"), nil)
}

// testDeleteExpiredGrantsAfterUpdate has sweeps follow an ExpiresAt that
// changed after the grant was created.
func testDeleteExpiredGrantsAfterUpdate(t *testing.T, s store.Store) {
	now := t0.Add(24 * time.Hour)
	shortened, extended := newGrant("g1", "a1", t0), newGrant("g2", "a1", t0.Add(-time.Hour))
	shortened.ExpiresAt, extended.ExpiresAt = now.Add(time.Hour), now.Add(-time.Hour)
	MustCreateGrant(t, s, shortened)
	MustCreateGrant(t, s, extended)
	shortened.ExpiresAt, extended.ExpiresAt = now, now.Add(time.Hour)
	for _, g := range []store.Grant{shortened, extended} {
		if _, err := s.UpdateGrant(t.Context(), g.ID, func(store.Grant) (store.Grant, error) { return g, nil }); err != nil {
			t.Fatalf("UpdateGrant(%q): %v", g.ID, err)
		}
	}
	for _, want := range []int{1, 0} {
		n, err := s.DeleteExpiredGrants(t.Context(), now)
		if err != nil || n != want {
			t.Fatalf("DeleteExpiredGrants = %d, %v; want %d, nil", n, err, want)
		}
	}
	assertEqualList(t, MustListGrants(t, s, "a1"), []store.Grant{extended})
}

// newCode is an authorization code's token, not yet used.
func newCode(hash string) store.Token {
	tok := newToken(hash, "oidc_code", "")
	tok.Attempts = 0
	return tok
}

func testRedeemCode(t *testing.T, s store.Store) {
	MustCreateToken(t, s, newCode("c1"))
	g := newGrant("g1", "a1", t0)
	e := newAuditEvent("e1", "a1", t0)
	if err := s.RedeemCode(t.Context(), "c1", g, e); err != nil {
		t.Fatalf("RedeemCode: %v", err)
	}
	grants.assertStored(t, s, g)
	assertEqualList(t, MustListAudit(t, s, "a1", 0), []store.AuditEvent{e})
	if tok, err := s.GetToken(t.Context(), "c1"); err != nil || tok.Attempts != 1 {
		t.Fatalf("the code after its use: %+v, %v; want it kept, spent", tok, err)
	}
	// Again: spent, and nothing more is stored.
	err := s.RedeemCode(t.Context(), "c1", newGrant("g2", "a2", t0), newAuditEvent("e2", "a2", t0))
	assertErrorIs(t, err, store.ErrConflict)
	assertEqualList(t, MustListGrants(t, s, "a2"), nil)
	assertEqualList(t, MustListAudit(t, s, "a2", 0), nil)
}

func testRedeemCodeUnknown(t *testing.T, s store.Store) {
	err := s.RedeemCode(t.Context(), "nope", newGrant("g1", "a1", t0))
	assertErrorIs(t, err, store.ErrNotFound)
	assertEqualList(t, MustListGrants(t, s, "a1"), nil)
}

// A grant that cannot be stored leaves the code unspent.
func testRedeemCodeGrantTaken(t *testing.T, s store.Store) {
	g := grants.seed(t, s)
	MustCreateToken(t, s, newCode("c1"))
	err := s.RedeemCode(t.Context(), "c1", newGrant(g.ID, "a2", t0))
	assertErrorIs(t, err, store.ErrAlreadyExists)
	if tok, err := s.GetToken(t.Context(), "c1"); err != nil || tok.Attempts != 0 {
		t.Fatalf("the code after a refused redemption: %+v, %v; want it unspent", tok, err)
	}
}

// Of concurrent redemptions of one code, each for a grant of its own,
// exactly one succeeds and the rest find the code spent.
func testRedeemCodeConcurrent(t *testing.T, s store.Store) {
	const n = 20
	MustCreateToken(t, s, newCode("c1"))
	var won atomic.Int32
	parallel(n, func(i int) {
		err := s.RedeemCode(t.Context(), "c1", newGrant(fmt.Sprintf("g%d", i), "a1", t0))
		switch {
		case err == nil:
			won.Add(1)
		case !errors.Is(err, store.ErrConflict):
			t.Errorf("RedeemCode %d: %v, want ErrConflict", i, err)
		}
	})
	if won.Load() != 1 {
		t.Fatalf("%d of %d concurrent redemptions won, want exactly 1", won.Load(), n)
	}
	if got := MustListGrants(t, s, "a1"); len(got) != 1 {
		t.Fatalf("%d grants after the redemptions, want 1", len(got))
	}
}
