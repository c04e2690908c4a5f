package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/porta-id/porta/api/store"
)

// replaceable describes a record type kept under a pair of IDs that Put
// creates or replaces (a membership, a device), so the cases such types
// share are written once. A type kept under a pair of IDs that has Create
// instead (a factor) shares every case but testPutReplaces.
type replaceable[T any] struct {
	// newRecord returns the record (a, b) with every field set.
	newRecord func(a, b string) T
	ids       func(T) (a, b string)
	// put stores a new record, and replaces one where the type has Put.
	put func(s store.Store, ctx context.Context, v T) error
	get func(s store.Store, ctx context.Context, a, b string) (T, error)
	del func(s store.Store, ctx context.Context, a, b string) error
	// edit changes fields other than the IDs.
	edit func(T) T
}

// mustPut puts v in s or fails tb.
func (r replaceable[T]) mustPut(tb testing.TB, s store.Store, v T) {
	tb.Helper()
	created(v, r.put)(tb, s)
}

// assertStored fails tb unless the record stored under want's IDs is want.
func (r replaceable[T]) assertStored(tb testing.TB, s store.Store, want T) {
	tb.Helper()
	a, b := r.ids(want)
	assertFound(tb, want, fmt.Sprintf("get (%q, %q)", a, b), func(ctx context.Context) (T, error) { return r.get(s, ctx, a, b) })
}

// assertGone fails tb unless getting (a, b) gives ErrNotFound.
func (r replaceable[T]) assertGone(tb testing.TB, s store.Store, a, b string) {
	tb.Helper()
	_, err := r.get(s, tb.Context(), a, b)
	assertErrorIs(tb, err, store.ErrNotFound)
}

func (r replaceable[T]) testPut(t *testing.T, s store.Store) {
	v := r.newRecord("a1", "b1")
	r.mustPut(t, s, v)
	r.assertStored(t, s, v)
}

func (r replaceable[T]) testPutReplaces(t *testing.T, s store.Store) {
	v := r.newRecord("a1", "b1")
	r.mustPut(t, s, v)
	want := r.edit(v)
	r.mustPut(t, s, want)
	r.assertStored(t, s, want)
}

func (r replaceable[T]) testGetNotFound(t *testing.T, s store.Store) {
	r.mustPut(t, s, r.newRecord("a1", "b1"))
	r.assertGone(t, s, "a1", "b2")
	r.assertGone(t, s, "a2", "b1")
	r.assertGone(t, s, "b1", "a1")
}

func (r replaceable[T]) testDelete(t *testing.T, s store.Store) {
	kept := r.newRecord("a1", "b2")
	r.mustPut(t, s, r.newRecord("a1", "b1"))
	r.mustPut(t, s, kept)
	if err := r.del(s, t.Context(), "a1", "b1"); err != nil {
		t.Fatalf("delete: %v", err)
	}
	r.assertGone(t, s, "a1", "b1")
	r.assertStored(t, s, kept)
	err := r.del(s, t.Context(), "a1", "b1")
	assertErrorIs(t, err, store.ErrNotFound)
}

func (r replaceable[T]) testDeleteNotFound(t *testing.T, s store.Store) {
	v := r.newRecord("a1", "b1")
	r.mustPut(t, s, v)
	for _, ids := range [][2]string{{"a1", "b2"}, {"a2", "b1"}} {
		err := r.del(s, t.Context(), ids[0], ids[1])
		assertErrorIs(t, err, store.ErrNotFound)
	}
	r.assertStored(t, s, v)
}
