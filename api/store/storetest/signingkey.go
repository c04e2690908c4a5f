package storetest

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newSigningKey returns a key created at created, with every field set.
func newSigningKey(id string, created time.Time) store.SigningKey {
	return store.SigningKey{
		ID:        id,
		Algorithm: "ES256",
		// Sealed bytes, zero and high bytes included.
		Private:   []byte{0, 0x30, 0x81, 0x87, 0x02, 0x01, 0xff, 0},
		Public:    []byte{0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86},
		CreatedAt: created,
		RetiredAt: created.Add(90 * 24 * time.Hour),
		ExpiresAt: created.Add(91 * 24 * time.Hour),
	}
}

// retire is a key as a rotation leaves the one it replaces.
func retire(k store.SigningKey) store.SigningKey {
	k.RetiredAt = t0.Add(time.Hour)
	k.ExpiresAt = t0.Add(25 * time.Hour)
	return k
}

// seedSigningKeys stores three keys and returns them in ListSigningKeys
// order.
func seedSigningKeys(tb testing.TB, s store.Store) []store.SigningKey {
	tb.Helper()
	set := []store.SigningKey{newSigningKey("k2", t0.Add(-48*time.Hour)), newSigningKey("k1", t0), newSigningKey("k3", t0)}
	set[1].Algorithm = "RS256"
	given := []store.SigningKey{set[2], set[0], set[1]}
	mustUpdateSigningKeys(tb, s, setSigningKeys(tb, nil, given), set)
	return set
}

// setSigningKeys returns an updater that replaces the set with want,
// after checking that it was given old.
func setSigningKeys(tb testing.TB, old, want []store.SigningKey) func([]store.SigningKey) ([]store.SigningKey, error) {
	return func(got []store.SigningKey) ([]store.SigningKey, error) {
		assertEqualList(tb, got, old)
		return want, nil
	}
}

// mustUpdateSigningKeys runs UpdateSigningKeys and fails tb unless it
// returns want and leaves want stored.
func mustUpdateSigningKeys(tb testing.TB, s store.Store, update func([]store.SigningKey) ([]store.SigningKey, error), want []store.SigningKey) {
	tb.Helper()
	got, err := s.UpdateSigningKeys(tb.Context(), update)
	if err != nil {
		tb.Fatalf("UpdateSigningKeys: %v", err)
	}
	assertEqualList(tb, got, want)
	assertEqualList(tb, MustListSigningKeys(tb, s), want)
}

// testUpdateSigningKeys fills an empty set, given out of order: the
// result comes in ListSigningKeys order (oldest first, ties by ID).
func testUpdateSigningKeys(t *testing.T, s store.Store) {
	assertEqualList(t, MustListSigningKeys(t, s), nil)
	seedSigningKeys(t, s)
}

// testUpdateSigningKeysRotate retires one key, drops an expired one and
// adds the next in one call.
func testUpdateSigningKeysRotate(t *testing.T, s store.Store) {
	old := seedSigningKeys(t, s)
	next := newSigningKey("k0", t0.Add(time.Hour))
	next.RetiredAt, next.ExpiresAt = time.Time{}, time.Time{}
	want := []store.SigningKey{retire(old[1]), old[2], next}
	mustUpdateSigningKeys(t, s, setSigningKeys(t, old, []store.SigningKey{next, old[2], retire(old[1])}), want)
	mustUpdateSigningKeys(t, s, setSigningKeys(t, want, nil), nil)
}

// assertSigningKeysRejected fails t unless UpdateSigningKeys fails with
// want when update returns the seeded set changed by change, and leaves
// the set as it was.
func assertSigningKeysRejected(t *testing.T, s store.Store, change func([]store.SigningKey) ([]store.SigningKey, error), want error) {
	t.Helper()
	old := seedSigningKeys(t, s)
	_, err := s.UpdateSigningKeys(t.Context(), change)
	assertErrorIs(t, err, want)
	assertEqualList(t, MustListSigningKeys(t, s), old)
}

func testUpdateSigningKeysEmptyID(t *testing.T, s store.Store) {
	assertSigningKeysRejected(t, s, func(set []store.SigningKey) ([]store.SigningKey, error) {
		return append(set[1:], newSigningKey("", t0)), nil
	}, store.ErrConflict)
}

func testUpdateSigningKeysDuplicateID(t *testing.T, s store.Store) {
	assertSigningKeysRejected(t, s, func(set []store.SigningKey) ([]store.SigningKey, error) {
		return append(set[1:], retire(set[1])), nil
	}, store.ErrConflict)
}

func testUpdateSigningKeysUpdaterError(t *testing.T, s store.Store) {
	assertSigningKeysRejected(t, s, func(set []store.SigningKey) ([]store.SigningKey, error) {
		return append(set[1:], newSigningKey("k9", t0)), errUpdater
	}, errUpdater)
}

// errKeyFresh is what the updaters of testUpdateSigningKeysConcurrent
// return when a key newer than the rotation age exists.
var errKeyFresh = errors.New("storetest: a fresh key exists")

// testUpdateSigningKeysConcurrent is how replicas rotate the signing key
// once: each adds a key only while none is newer than the cut, and
// exactly one does.
func testUpdateSigningKeysConcurrent(t *testing.T, s store.Store) {
	const n = 10
	old := newSigningKey("k0", t0.Add(-48*time.Hour))
	mustUpdateSigningKeys(t, s, setSigningKeys(t, nil, []store.SigningKey{old}), []store.SigningKey{old})
	cut := t0.Add(-24 * time.Hour)
	var won atomic.Int32
	parallel(n, func(i int) {
		_, err := s.UpdateSigningKeys(t.Context(), func(set []store.SigningKey) ([]store.SigningKey, error) {
			time.Sleep(time.Millisecond)
			for _, k := range set {
				if k.CreatedAt.After(cut) {
					return set, errKeyFresh
				}
			}
			return append(set, newSigningKey(fmt.Sprintf("k%d", i+1), t0)), nil
		})
		switch {
		case err == nil:
			won.Add(1)
		case !errors.Is(err, errKeyFresh):
			t.Errorf("UpdateSigningKeys %d: %v", i, err)
		}
	})
	if got := MustListSigningKeys(t, s); len(got) != 2 || won.Load() != 1 {
		t.Errorf("%d of %d concurrent rotations won and %d keys are stored, want 1 and 2", won.Load(), n, len(got))
	}
}
