package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/porta-id/porta/api/store"
)

// uniqueField describes a record type that has a unique field besides its
// key (an account's Email, an organization's Slug), so the cases such types
// share are written once.
type uniqueField[T any] struct {
	updatable[T]
	// newRecord returns a record with every field set.
	newRecord func(key, value string) T
	create    func(s store.Store, ctx context.Context, v T) error
	field     func(T) string
	setField  func(v T, value string) T
	getBy     func(s store.Store, ctx context.Context, value string) (T, error)
	// list returns every record ordered by the field.
	list func(s store.Store, ctx context.Context) ([]T, error)
	// values are three values of the field in ascending order.
	values [3]string
}

// mustCreate creates v in s or fails tb.
func (u uniqueField[T]) mustCreate(tb testing.TB, s store.Store, v T) {
	tb.Helper()
	created(v, u.create)(tb, s)
}

// assertGetBy fails tb unless looking want's field up gives want.
func (u uniqueField[T]) assertGetBy(tb testing.TB, s store.Store, want T) {
	tb.Helper()
	value := u.field(want)
	assertFound(tb, want, fmt.Sprintf("get by %q", value), func(ctx context.Context) (T, error) { return u.getBy(s, ctx, value) })
}

// assertNoneBy fails tb unless looking value up gives ErrNotFound.
func (u uniqueField[T]) assertNoneBy(tb testing.TB, s store.Store, value string) {
	tb.Helper()
	_, err := u.getBy(s, tb.Context(), value)
	assertErrorIs(tb, err, store.ErrNotFound)
}

func (u uniqueField[T]) testCreate(t *testing.T, s store.Store) {
	v := u.newRecord("k1", u.values[0])
	u.mustCreate(t, s, v)
	u.assertStored(t, s, v)
}

func (u uniqueField[T]) testCreateDuplicateKey(t *testing.T, s store.Store) {
	v := u.newRecord("k1", u.values[0])
	u.mustCreate(t, s, v)
	err := u.create(s, t.Context(), u.newRecord(u.key(v), u.values[1]))
	assertErrorIs(t, err, store.ErrAlreadyExists)
	u.assertStored(t, s, v)
	u.assertNoneBy(t, s, u.values[1])
}

func (u uniqueField[T]) testCreateDuplicateField(t *testing.T, s store.Store) {
	v := u.newRecord("k1", u.values[0])
	u.mustCreate(t, s, v)
	err := u.create(s, t.Context(), u.newRecord("k2", u.field(v)))
	assertErrorIs(t, err, store.ErrAlreadyExists)
	_, err = u.get(s, t.Context(), "k2")
	assertErrorIs(t, err, store.ErrNotFound)
	u.assertGetBy(t, s, v)
}

func (u uniqueField[T]) testGetBy(t *testing.T, s store.Store) {
	v := u.newRecord("k1", u.values[0])
	u.mustCreate(t, s, v)
	u.mustCreate(t, s, u.newRecord("k2", u.values[1]))
	u.assertGetBy(t, s, v)
}

func (u uniqueField[T]) testGetByNotFound(t *testing.T, s store.Store) {
	u.mustCreate(t, s, u.newRecord("k1", u.values[0]))
	u.assertNoneBy(t, s, u.values[1])
}

// moveTo returns an updater that sets the field to value.
func (u uniqueField[T]) moveTo(value string) func(T) (T, error) {
	return func(v T) (T, error) { return u.setField(v, value), nil }
}

func (u uniqueField[T]) testFieldMoved(t *testing.T, s store.Store) {
	v := u.newRecord("k1", u.values[0])
	u.mustCreate(t, s, v)
	want := u.setField(v, u.values[1])
	if _, err := u.update(s, t.Context(), u.key(v), u.moveTo(u.values[1])); err != nil {
		t.Fatalf("update: %v", err)
	}
	u.assertGetBy(t, s, want)
	u.assertNoneBy(t, s, u.values[0])
	u.mustCreate(t, s, u.newRecord("k2", u.values[0]))
}

func (u uniqueField[T]) testFieldTaken(t *testing.T, s store.Store) {
	a := u.newRecord("k1", u.values[0])
	b := u.newRecord("k2", u.values[1])
	u.mustCreate(t, s, a)
	u.mustCreate(t, s, b)
	_, err := u.update(s, t.Context(), u.key(a), u.moveTo(u.values[1]))
	assertErrorIs(t, err, store.ErrConflict)
	u.assertGetBy(t, s, a)
	u.assertGetBy(t, s, b)
}

func (u uniqueField[T]) testList(t *testing.T, s store.Store) {
	list, err := u.list(s, t.Context())
	if err != nil || len(list) != 0 {
		t.Fatalf("list on an empty store = %v, %v; want none", list, err)
	}
	c := u.newRecord("k1", u.values[2])
	a := u.newRecord("k2", u.values[0])
	b := u.newRecord("k3", u.values[1])
	for _, v := range []T{c, a, b} {
		u.mustCreate(t, s, v)
	}
	list, err = u.list(s, t.Context())
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	assertEqualList(t, list, []T{a, b, c})
}
