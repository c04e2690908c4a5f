package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/porta-id/porta/api/store"
)

// errUpdater is what the suite's failing updaters return.
var errUpdater = errors.New("storetest: updater failed")

// updatable describes one record type's Update method, so the cases every
// such method shares are written once.
type updatable[T any] struct {
	// seed stores a record and returns it.
	seed func(tb testing.TB, s store.Store) T
	key  func(T) string
	// get returns the stored record, or ErrNotFound.
	get    func(ctx context.Context, s store.Store, key string) (T, error)
	update func(ctx context.Context, s store.Store, key string, fn func(T) (T, error)) (T, error)
	// edit changes fields other than the key.
	edit func(T) T
	// rekey changes the key.
	rekey func(T) T
}

// assertStored fails tb unless the record stored under want's key is want.
func (u updatable[T]) assertStored(tb testing.TB, s store.Store, want T) {
	tb.Helper()
	got, err := u.get(tb.Context(), s, u.key(want))
	if err != nil {
		tb.Fatalf("get %q: %v", u.key(want), err)
	}
	assertEqual(tb, got, want)
}

func (u updatable[T]) testOK(t *testing.T, s store.Store) {
	old := u.seed(t, s)
	want := u.edit(old)
	got, err := u.update(t.Context(), s, u.key(old), func(cur T) (T, error) {
		assertEqual(t, cur, old)
		return u.edit(cur), nil
	})
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	assertEqual(t, got, want)
	u.assertStored(t, s, want)
}

// assertRejected seeds a record, updates it with fn, and fails t unless the
// update fails with want and leaves the record as it was.
func (u updatable[T]) assertRejected(t *testing.T, s store.Store, fn func(T) (T, error), want error) T {
	t.Helper()
	old := u.seed(t, s)
	_, err := u.update(t.Context(), s, u.key(old), fn)
	assertErrorIs(t, err, want)
	u.assertStored(t, s, old)
	return old
}

func (u updatable[T]) testUpdaterError(t *testing.T, s store.Store) {
	u.assertRejected(t, s, func(cur T) (T, error) { return u.edit(cur), errUpdater }, errUpdater)
}

func (u updatable[T]) testKeyChanged(t *testing.T, s store.Store) {
	old := u.assertRejected(t, s, func(cur T) (T, error) { return u.rekey(cur), nil }, store.ErrConflict)
	_, err := u.get(t.Context(), s, u.key(u.rekey(old)))
	assertErrorIs(t, err, store.ErrNotFound)
}

func (u updatable[T]) testNotFound(t *testing.T, s store.Store) {
	called := false
	_, err := u.update(t.Context(), s, "missing", func(cur T) (T, error) {
		called = true
		return cur, nil
	})
	assertErrorIs(t, err, store.ErrNotFound)
	if called {
		t.Error("updater called for a missing record")
	}
}

// parallel runs f(0) … f(n-1) at once and waits for all of them.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { f(i) })
	}
	wg.Wait()
}
