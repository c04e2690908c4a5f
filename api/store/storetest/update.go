package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/porta-id/porta/api/store"
)

// errUpdater is what the suite's failing updaters return.
var errUpdater = errors.New("storetest: updater failed")

// updatable describes one record type's Update method, so the cases every
// such method shares are written once. Here and in the other descriptors,
// functions take the store before the context so that a method expression
// (store.Store.GetOrg) can fill them.
type updatable[T any] struct {
	// seed stores a record and returns it.
	seed func(tb testing.TB, s store.Store) T
	key  func(T) string
	// get returns the stored record, or ErrNotFound.
	get    func(s store.Store, ctx context.Context, key string) (T, error)
	update func(s store.Store, ctx context.Context, key string, fn func(T) (T, error)) (T, error)
	// edit changes fields other than the key.
	edit func(T) T
	// rekey changes the key.
	rekey func(T) T
}

// created returns a seed that stores v with create.
func created[T any](v T, create func(store.Store, context.Context, T) error) func(testing.TB, store.Store) T {
	return func(tb testing.TB, s store.Store) T {
		tb.Helper()
		if err := create(s, tb.Context(), v); err != nil {
			tb.Fatalf("create %+v: %v", v, err)
		}
		return v
	}
}

// assertFound fails tb unless lookup, described by what, returns want.
func assertFound[T any](tb testing.TB, want T, what string, lookup func(context.Context) (T, error)) {
	tb.Helper()
	got, err := lookup(tb.Context())
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
	assertEqual(tb, got, want)
}

// assertStored fails tb unless the record stored under want's key is want.
func (u updatable[T]) assertStored(tb testing.TB, s store.Store, want T) {
	tb.Helper()
	key := u.key(want)
	assertFound(tb, want, fmt.Sprintf("get %q", key), func(ctx context.Context) (T, error) { return u.get(s, ctx, key) })
}

func (u updatable[T]) testOK(t *testing.T, s store.Store) {
	old := u.seed(t, s)
	want := u.edit(old)
	got, err := u.update(s, t.Context(), u.key(old), func(cur T) (T, error) {
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
	_, err := u.update(s, t.Context(), u.key(old), fn)
	assertErrorIs(t, err, want)
	u.assertStored(t, s, old)
	return old
}

func (u updatable[T]) testUpdaterError(t *testing.T, s store.Store) {
	u.assertRejected(t, s, func(cur T) (T, error) { return u.edit(cur), errUpdater }, errUpdater)
}

func (u updatable[T]) testKeyChanged(t *testing.T, s store.Store) {
	old := u.assertRejected(t, s, func(cur T) (T, error) { return u.rekey(cur), nil }, store.ErrConflict)
	_, err := u.get(s, t.Context(), u.key(u.rekey(old)))
	assertErrorIs(t, err, store.ErrNotFound)
}

func (u updatable[T]) testNotFound(t *testing.T, s store.Store) {
	u.assertNotFound(t, s, "missing")
}

// assertNotFound fails tb unless an update of key fails with ErrNotFound
// without calling the updater.
func (u updatable[T]) assertNotFound(tb testing.TB, s store.Store, key string) {
	tb.Helper()
	called := false
	_, err := u.update(s, tb.Context(), key, func(cur T) (T, error) {
		called = true
		return cur, nil
	})
	assertErrorIs(tb, err, store.ErrNotFound)
	if called {
		tb.Errorf("updater called for the missing record %q", key)
	}
}

func (u updatable[T]) testGetNotFound(t *testing.T, s store.Store) {
	u.seed(t, s)
	_, err := u.get(s, t.Context(), "missing")
	assertErrorIs(t, err, store.ErrNotFound)
}

// parallel runs f(0) … f(n-1) at once and waits for all of them.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { f(i) })
	}
	wg.Wait()
}
