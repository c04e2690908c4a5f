package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
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

// uniqueSetIndex keeps bucket mapping each of values(v) to key(v) for
// every record v: a value that a record with another key holds is
// ErrConflict, on insert as on update. A record may repeat a value.
func uniqueSetIndex[T any](bucket []byte, values func(T) []string, key func(T) string) reindexer[T] {
	return func(tx *bbolt.Tx, old, new *T) error {
		idx := tx.Bucket(bucket)
		if old != nil {
			for _, v := range values(*old) {
				if err := idx.Delete([]byte(v)); err != nil {
					return err
				}
			}
		}
		if new == nil {
			return nil
		}
		k := key(*new)
		for _, v := range values(*new) {
			if owner := idx.Get([]byte(v)); owner != nil && string(owner) != k {
				return fmt.Errorf("%q belongs to %q: %w", v, owner, store.ErrConflict)
			}
			if err := idx.Put([]byte(v), []byte(k)); err != nil {
				return err
			}
		}
		return nil
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

// timeLen is the length of an appendTime prefix.
const timeLen = 8

// timeKey is an entry of an index by time: appendTime(t), then the key of
// the record, so entries run oldest first.
func timeKey(t time.Time, key string) []byte {
	return append(appendTime(nil, t), key...)
}

// backfillIndex returns what Open runs to build bucket, kept by
// keyIndex(bucket, key), from tb's records in a file written before the
// index existed.
func backfillIndex[T any](tb table[T], bucket []byte, key func(T) []byte) func(tx *bbolt.Tx) error {
	return func(tx *bbolt.Tx) error {
		idx := tx.Bucket(bucket)
		return tx.Bucket(tb.bucket).ForEach(func(_, data []byte) error {
			v, err := decode[T](data)
			if err != nil {
				return err
			}
			if k := key(*v); k != nil {
				return idx.Put(k, []byte{})
			}
			return nil
		})
	}
}

// sweepByTime removes, in batches (see sweep), the records of tb that gone
// accepts among those whose entry in idx, an index of timeKey entries, is
// not after bound, and returns how many went. It walks idx from the oldest
// entry and stops past bound, so gone must accept no record whose indexed
// time is after bound. Clamped times share an entry prefix with bound;
// gone decides for those.
func sweepByTime[T any](ctx context.Context, s *Store, op string, tb table[T], idx []byte, bound time.Time, gone func(T) bool) (int, error) {
	end := appendTime(nil, bound)
	return sweep(ctx, s, op, func(tx *bbolt.Tx, limit int) (int, error) {
		var list []*T
		c := tx.Bucket(idx).Cursor()
		for k, _ := c.First(); k != nil && len(k) >= timeLen && len(list) < limit; k, _ = c.Next() {
			if bytes.Compare(k[:timeLen], end) > 0 {
				break
			}
			v, err := tb.get(tx, string(k[timeLen:]))
			if err != nil {
				return 0, err
			}
			if v != nil && gone(*v) {
				list = append(list, v)
			}
		}
		for _, v := range list {
			if err := tb.remove(tx, v); err != nil {
				return 0, err
			}
		}
		return len(list), nil
	})
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
