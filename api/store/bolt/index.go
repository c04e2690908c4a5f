package bolt

import (
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// reindexer keeps a secondary bucket in step with a change to a table;
// old is nil when a record is inserted, new is nil when it is removed.
type reindexer[T any] func(tx *bbolt.Tx, old, new *T) error

// uniqueIndex keeps bucket mapping field(v) to key(v) for every record v: a
// value that another record holds is ErrAlreadyExists on insert and
// ErrConflict on update.
func uniqueIndex[T any](bucket []byte, field, key func(T) string) reindexer[T] {
	return func(tx *bbolt.Tx, old, new *T) error {
		if old != nil && new != nil && field(*old) == field(*new) {
			return nil
		}
		idx := tx.Bucket(bucket)
		if old != nil {
			if err := idx.Delete([]byte(field(*old))); err != nil {
				return err
			}
		}
		if new == nil {
			return nil
		}
		if idx.Get([]byte(field(*new))) != nil {
			if old == nil {
				return store.ErrAlreadyExists
			}
			return store.ErrConflict
		}
		return idx.Put([]byte(field(*new)), []byte(key(*new)))
	}
}

// keyIndex keeps key(v), with an empty value, in bucket for every record v
// for which key is not nil.
func keyIndex[T any](bucket []byte, key func(T) []byte) reindexer[T] {
	return func(tx *bbolt.Tx, old, new *T) error {
		idx := tx.Bucket(bucket)
		if old != nil {
			if k := key(*old); k != nil {
				if err := idx.Delete(k); err != nil {
					return err
				}
			}
		}
		if new == nil {
			return nil
		}
		if k := key(*new); k != nil {
			return idx.Put(k, []byte{})
		}
		return nil
	}
}

// reindexAll runs every one of fns.
func reindexAll[T any](fns ...reindexer[T]) reindexer[T] {
	return func(tx *bbolt.Tx, old, new *T) error {
		for _, fn := range fns {
			if err := fn(tx, old, new); err != nil {
				return err
			}
		}
		return nil
	}
}

// pair joins two IDs into one key; pair(a, "") is the prefix of every key
// that starts with a.
func pair(a, b string) string {
	return a + "\x00" + b
}

var (
	minNanos = time.Unix(0, math.MinInt64)
	maxNanos = time.Unix(0, math.MaxInt64)
)

// appendTime appends t as big-endian nanoseconds since 1970 with the sign
// bit flipped, so byte order is time order. Times that int64 nanoseconds do
// not reach (before 1678 or after 2262, such as the zero time) are clamped,
// which keeps the order.
func appendTime(b []byte, t time.Time) []byte {
	n := t.UnixNano()
	switch {
	case t.Before(minNanos):
		n = math.MinInt64
	case t.After(maxNanos):
		n = math.MaxInt64
	}
	return binary.BigEndian.AppendUint64(b, uint64(n)^(1<<63))
}

// appendTimeDesc appends t so that byte order is reverse time order.
func appendTimeDesc(b []byte, t time.Time) []byte {
	b = appendTime(b, t)
	for i := len(b) - 8; i < len(b); i++ {
		b[i] = ^b[i]
	}
	return b
}

// sortNewestFirst sorts list by when, latest first, ties by id.
func sortNewestFirst[T any](list []T, when func(T) time.Time, id func(T) string) {
	sortByTime(list, when, id, -1)
}

// sortOldestFirst sorts list by when, earliest first, ties by id.
func sortOldestFirst[T any](list []T, when func(T) time.Time, id func(T) string) {
	sortByTime(list, when, id, 1)
}

// sortByTime sorts list by when, earliest first when dir is 1 and latest
// first when it is -1, ties by id in ascending order either way.
func sortByTime[T any](list []T, when func(T) time.Time, id func(T) string, dir int) {
	slices.SortFunc(list, func(a, b T) int {
		if c := dir * when(a).Compare(when(b)); c != 0 {
			return c
		}
		return strings.Compare(id(a), id(b))
	})
}
