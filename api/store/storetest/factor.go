package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newFactor returns a factor of accountID created at created, with every
// field set.
func newFactor(accountID, id string, created time.Time) store.Factor {
	return store.Factor{
		AccountID: accountID,
		ID:        id,
		Kind:      store.FactorTOTP,
		Pending:   true,
		// Sealed bytes, zero and high bytes included.
		Secret:   []byte{0, 1, 2, 0x7f, 0x80, 0xfe, 0xff, 0},
		Phone:    "+15555550123",
		CodeHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$Y29kZWNvZGVjb2Rl",
		// Beyond 32 bits, so a narrower column would show.
		LastStep: 1<<40 + 7,
		Passkey: &store.Passkey{Name: "iPhone", CredentialID: []byte{0, 0xff, 9}, PublicKey: []byte{0xa5, 1, 2},
			AttestationType: "none", AAGUID: []byte{0, 1}, Transports: []string{"internal", "hybrid"},
			SignCount: 1<<32 - 1, UserVerified: true, BackupEligible: true, BackupState: true},
		CreatedAt:  created,
		LastUsedAt: created.Add(time.Minute),
	}
}

// editFactor changes fields other than the IDs.
func editFactor(f store.Factor) store.Factor {
	f.Kind = store.FactorSMS
	f.Pending = false
	f.Secret = nil
	f.Phone = "+15555550199"
	f.CodeHash = ""
	f.LastStep++
	f.Passkey = nil
	f.LastUsedAt = f.LastUsedAt.Add(time.Hour)
	return f
}

// factorKey joins a factor's IDs into the one key that the shared update
// cases pass around; splitFactorKey takes them apart again.
func factorKey(f store.Factor) string { return f.AccountID + "/" + f.ID }

func splitFactorKey(key string) (accountID, id string) {
	accountID, id, _ = strings.Cut(key, "/")
	return accountID, id
}

// factors runs the shared update cases; its rekey changes the AccountID.
var factors = updatable[store.Factor]{
	seed: created(newFactor("a1", "f1", t0), store.Store.CreateFactor),
	key:  factorKey,
	get: func(s store.Store, ctx context.Context, key string) (store.Factor, error) {
		accountID, id := splitFactorKey(key)
		return s.GetFactor(ctx, accountID, id)
	},
	update: func(s store.Store, ctx context.Context, key string, fn func(store.Factor) (store.Factor, error)) (store.Factor, error) {
		accountID, id := splitFactorKey(key)
		return s.UpdateFactor(ctx, accountID, id, fn)
	},
	edit: editFactor,
	rekey: func(f store.Factor) store.Factor {
		f.AccountID += "-other"
		return f
	},
}

// factorsNewID is factors with a rekey that changes the ID instead.
var factorsNewID = func() updatable[store.Factor] {
	u := factors
	u.rekey = func(f store.Factor) store.Factor {
		f.ID += "-other"
		return f
	}
	return u
}()

// factorPairs runs the cases factors share with the other records kept
// under a pair of IDs; CreateFactor stores the new ones.
var factorPairs = replaceable[store.Factor]{
	newRecord: func(accountID, id string) store.Factor { return newFactor(accountID, id, t0) },
	ids:       func(f store.Factor) (string, string) { return f.AccountID, f.ID },
	put:       store.Store.CreateFactor,
	get:       store.Store.GetFactor,
	del:       store.Store.DeleteFactor,
	edit:      editFactor,
}

func testCreateFactorDuplicate(t *testing.T, s store.Store) {
	f := factors.seed(t, s)
	err := s.CreateFactor(t.Context(), editFactor(f))
	assertErrorIs(t, err, store.ErrAlreadyExists)
	factors.assertStored(t, s, f)
	// The same ID under another account is another factor.
	other := editFactor(newFactor("a2", f.ID, t0))
	MustCreateFactor(t, s, other)
	factors.assertStored(t, s, other)
	factors.assertStored(t, s, f)
}

func testUpdateFactorNotFound(t *testing.T, s store.Store) {
	f := factors.seed(t, s)
	for _, key := range []string{"a1/f2", "a2/f1", "f1/a1", "a1/", "/f1", "missing"} {
		factors.assertNotFound(t, s, key)
	}
	factors.assertStored(t, s, f)
}

// errStepUsed is what the updaters of testUpdateFactorConcurrent return
// for a TOTP step that was already accepted.
var errStepUsed = errors.New("storetest: time step already used")

// testUpdateFactorConcurrent is how Porta accepts each TOTP time step at
// most once: of concurrent updates that accept step 101 exactly one sees
// it unused.
func testUpdateFactorConcurrent(t *testing.T, s store.Store) {
	const n = 20
	f := newFactor("a1", "f1", t0)
	f.LastStep = 100
	MustCreateFactor(t, s, f)
	want := f
	want.LastStep = 101
	want.LastUsedAt = t0.Add(time.Hour)
	var won atomic.Int32
	parallel(n, func(i int) {
		got, err := s.UpdateFactor(t.Context(), f.AccountID, f.ID, func(old store.Factor) (store.Factor, error) {
			// A pause between the read and the write lets a backend
			// that does not hold the record meanwhile show it.
			time.Sleep(time.Millisecond)
			if old.LastStep >= want.LastStep {
				return old, errStepUsed
			}
			old.LastStep, old.LastUsedAt = want.LastStep, want.LastUsedAt
			return old, nil
		})
		switch {
		case err == nil:
			won.Add(1)
			assertEqual(t, got, want)
		case !errors.Is(err, errStepUsed):
			t.Errorf("UpdateFactor %d: %v", i, err)
		}
	})
	if won.Load() != 1 {
		t.Errorf("%d of %d concurrent updates accepted the step, want exactly 1", won.Load(), n)
	}
	factors.assertStored(t, s, want)
}

func testListFactors(t *testing.T, s store.Store) {
	assertEqualList(t, MustListFactors(t, s, "a1"), nil)
	// Key order (f0 … f3) is not the order wanted.
	oldest := newFactor("a1", "f3", t0.Add(-time.Hour))
	tiedFirst := newFactor("a1", "f1", t0)
	tiedLater := newFactor("a1", "f2", t0)
	tiedLater.Kind = store.FactorEmergency
	newest := newFactor("a1", "f0", t0.Add(time.Hour))
	other := newFactor("a2", "f4", t0)
	for _, f := range []store.Factor{tiedLater, newest, other, oldest, newFactor("a", "f5", t0), tiedFirst} {
		MustCreateFactor(t, s, f)
	}
	assertEqualList(t, MustListFactors(t, s, "a1"), []store.Factor{oldest, tiedFirst, tiedLater, newest})
	assertEqualList(t, MustListFactors(t, s, "a2"), []store.Factor{other})
	assertEqualList(t, MustListFactors(t, s, "missing"), nil)
	moved := newest
	moved.CreatedAt = t0.Add(-2 * time.Hour)
	if _, err := s.UpdateFactor(t.Context(), moved.AccountID, moved.ID, func(store.Factor) (store.Factor, error) { return moved, nil }); err != nil {
		t.Fatalf("UpdateFactor: %v", err)
	}
	if err := s.DeleteFactor(t.Context(), tiedFirst.AccountID, tiedFirst.ID); err != nil {
		t.Fatalf("DeleteFactor: %v", err)
	}
	assertEqualList(t, MustListFactors(t, s, "a1"), []store.Factor{moved, oldest, tiedLater})
	assertEqualList(t, MustListFactors(t, s, "a2"), []store.Factor{other})
}

// setFactors returns an updater that replaces the set with want, after
// checking that it was given old.
func setFactors(tb testing.TB, old, want []store.Factor) func([]store.Factor) ([]store.Factor, error) {
	return func(got []store.Factor) ([]store.Factor, error) {
		assertEqualList(tb, got, old)
		return want, nil
	}
}

// seedFactorSet stores three factors of a1, returned in ListFactors
// order, and one of a2.
func seedFactorSet(tb testing.TB, s store.Store) []store.Factor {
	set := []store.Factor{newFactor("a1", "f2", t0.Add(-time.Hour)), newFactor("a1", "f1", t0), newFactor("a1", "f3", t0)}
	set[1].Kind = store.FactorEmergency
	for _, f := range append([]store.Factor{newFactor("a2", "f1", t0)}, set...) {
		MustCreateFactor(tb, s, f)
	}
	return set
}

// assertFactorSet fails tb unless the account's factors are want, and a2
// still has its one.
func assertFactorSet(tb testing.TB, s store.Store, accountID string, want []store.Factor) {
	tb.Helper()
	assertEqualList(tb, MustListFactors(tb, s, accountID), want)
	assertEqualList(tb, MustListFactors(tb, s, "a2"), []store.Factor{newFactor("a2", "f1", t0)})
}

// mustUpdateFactors runs UpdateFactors and fails tb unless it returns want.
func mustUpdateFactors(tb testing.TB, s store.Store, accountID string, update func([]store.Factor) ([]store.Factor, error), want []store.Factor) {
	tb.Helper()
	got, err := s.UpdateFactors(tb.Context(), accountID, update)
	if err != nil {
		tb.Fatalf("UpdateFactors(%q): %v", accountID, err)
	}
	assertEqualList(tb, got, want)
	assertFactorSet(tb, s, accountID, want)
}

func testUpdateFactors(t *testing.T, s store.Store) {
	old := seedFactorSet(t, s)
	want := []store.Factor{old[0], editFactor(old[1]), old[2]}
	mustUpdateFactors(t, s, "a1", setFactors(t, old, want), want)
}

func testUpdateFactorsDelete(t *testing.T, s store.Store) {
	old := seedFactorSet(t, s)
	want := []store.Factor{old[0], old[2]}
	mustUpdateFactors(t, s, "a1", setFactors(t, old, want), want)
	_, err := s.GetFactor(t.Context(), "a1", old[1].ID)
	assertErrorIs(t, err, store.ErrNotFound)
	mustUpdateFactors(t, s, "a1", setFactors(t, want, nil), nil)
}

func testUpdateFactorsAdd(t *testing.T, s store.Store) {
	old := seedFactorSet(t, s)
	added := newFactor("a1", "f0", t0.Add(time.Hour))
	// Given out of order; the result comes in ListFactors order.
	want := append([]store.Factor{added}, old...)
	mustUpdateFactors(t, s, "a1", setFactors(t, old, want), append(old, added))
	first := newFactor("a3", "f1", t0)
	mustUpdateFactors(t, s, "a3", setFactors(t, nil, []store.Factor{first}), []store.Factor{first})
}

// assertFactorsRejected fails t unless UpdateFactors fails with want when
// update returns a1's set old changed by change, and leaves it as it was.
func assertFactorsRejected(t *testing.T, s store.Store, old []store.Factor, change func([]store.Factor) []store.Factor, want error) {
	t.Helper()
	_, err := s.UpdateFactors(t.Context(), "a1", func(set []store.Factor) ([]store.Factor, error) {
		return change(set), nil
	})
	assertErrorIs(t, err, want)
	assertFactorSet(t, s, "a1", old)
}

func testUpdateFactorsForeignAccount(t *testing.T, s store.Store) {
	old := seedFactorSet(t, s)
	assertFactorsRejected(t, s, old, func(set []store.Factor) []store.Factor {
		return append(set[1:], newFactor("a2", "f9", t0))
	}, store.ErrConflict)
	assertFactorsRejected(t, s, old, func(set []store.Factor) []store.Factor {
		set[2].AccountID = "a2"
		return set
	}, store.ErrConflict)
}

func testUpdateFactorsDuplicateID(t *testing.T, s store.Store) {
	assertFactorsRejected(t, s, seedFactorSet(t, s), func(set []store.Factor) []store.Factor {
		return append(set[1:], editFactor(set[1]))
	}, store.ErrConflict)
}

func testUpdateFactorsEmptyID(t *testing.T, s store.Store) {
	assertFactorsRejected(t, s, seedFactorSet(t, s), func(set []store.Factor) []store.Factor {
		return append(set[1:], newFactor("a1", "", t0))
	}, store.ErrConflict)
}

func testUpdateFactorsUpdaterError(t *testing.T, s store.Store) {
	old := seedFactorSet(t, s)
	_, err := s.UpdateFactors(t.Context(), "a1", func(set []store.Factor) ([]store.Factor, error) {
		return append(set[1:], newFactor("a1", "f9", t0)), errUpdater
	})
	assertErrorIs(t, err, errUpdater)
	assertFactorSet(t, s, "a1", old)
	_, err = s.UpdateFactors(t.Context(), "a3", func([]store.Factor) ([]store.Factor, error) {
		return []store.Factor{newFactor("a3", "f1", t0)}, errUpdater
	})
	assertErrorIs(t, err, errUpdater)
	assertEqualList(t, MustListFactors(t, s, "a3"), nil)
}

// errLastFactor is what the updaters of testUpdateFactorsConcurrent return
// when one factor is left.
var errLastFactor = errors.New("storetest: the last factor stays")

// testUpdateFactorsConcurrent is how Porta keeps the last method of an
// account that must have one: of concurrent removals, each allowed only
// while more than one remains, all but one fail.
func testUpdateFactorsConcurrent(t *testing.T, s store.Store) {
	const n = 50
	MustCreateFactor(t, s, newFactor("a1", "f1", t0))
	MustCreateFactor(t, s, newFactor("a1", "f2", t0))
	var won atomic.Int32
	parallel(n, func(i int) {
		_, err := s.UpdateFactors(t.Context(), "a1", func(set []store.Factor) ([]store.Factor, error) {
			// A pause between the read and the write lets a backend
			// that does not hold the set meanwhile show it.
			time.Sleep(time.Millisecond)
			if len(set) <= 1 {
				return set, errLastFactor
			}
			return set[i%2 : i%2+1], nil
		})
		switch {
		case err == nil:
			won.Add(1)
		case !errors.Is(err, errLastFactor):
			t.Errorf("UpdateFactors %d: %v", i, err)
		}
	})
	if got := MustListFactors(t, s, "a1"); len(got) != 1 || won.Load() != 1 {
		t.Errorf("%d of %d concurrent removals won and %d factors are left, want 1 and 1", won.Load(), n, len(got))
	}
}

// testUpdateFactorsConcurrentFirst has concurrent calls add a first
// factor to an account with none, each only while there is none: there
// is no row yet to lock, and still exactly one wins.
func testUpdateFactorsConcurrentFirst(t *testing.T, s store.Store) {
	const n = 20
	var won atomic.Int32
	parallel(n, func(i int) {
		_, err := s.UpdateFactors(t.Context(), "a1", func(set []store.Factor) ([]store.Factor, error) {
			time.Sleep(time.Millisecond)
			if len(set) > 0 {
				return set, errLastFactor
			}
			return []store.Factor{newFactor("a1", fmt.Sprintf("f%d", i), t0)}, nil
		})
		switch {
		case err == nil:
			won.Add(1)
		case !errors.Is(err, errLastFactor):
			t.Errorf("UpdateFactors %d: %v", i, err)
		}
	})
	if got := MustListFactors(t, s, "a1"); len(got) != 1 || won.Load() != 1 {
		t.Errorf("%d of %d concurrent first sets won and %d factors are stored, want 1 and 1", won.Load(), n, len(got))
	}
}
