package bolt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// table is how one record type is kept: JSON values in a bucket under
// their key, and the secondary indexes that follow the records.
type table[T any] struct {
	bucket []byte
	key    func(T) string
	// reindex, when set, keeps secondary buckets in step with a change.
	reindex reindexer[T]
	// fresh, when set, is the record an update starts from when its key is
	// absent; without it such an update fails with ErrNotFound.
	fresh func(key string) T
	// empty, when set, reports a record that an update removes rather than
	// stores.
	empty func(T) bool
	// fixed, when set, joins the fields besides the key that an update
	// must not change (a grant's account and client).
	fixed func(T) string
}

// get returns the record at key, or nil when there is none.
func (tb table[T]) get(tx *bbolt.Tx, key string) (*T, error) {
	data := tx.Bucket(tb.bucket).Get([]byte(key))
	if data == nil {
		return nil, nil
	}
	return decode[T](data)
}

// mustGet returns the record at key; ErrNotFound.
func (tb table[T]) mustGet(tx *bbolt.Tx, key string) (T, error) {
	v, err := tb.get(tx, key)
	if err != nil || v == nil {
		var zero T
		return zero, orNotFound(err)
	}
	return *v, nil
}

// insert stores v; ErrAlreadyExists when its key is taken.
func (tb table[T]) insert(tx *bbolt.Tx, v T) error {
	if tx.Bucket(tb.bucket).Get([]byte(tb.key(v))) != nil {
		return store.ErrAlreadyExists
	}
	return tb.put(tx, nil, v)
}

// put stores v in place of old (nil when v is new).
func (tb table[T]) put(tx *bbolt.Tx, old *T, v T) error {
	if tb.reindex != nil {
		if err := tb.reindex(tx, old, &v); err != nil {
			return err
		}
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %q: %w", tb.key(v), err)
	}
	return tx.Bucket(tb.bucket).Put([]byte(tb.key(v)), data)
}

// remove deletes old; nothing when old is nil.
func (tb table[T]) remove(tx *bbolt.Tx, old *T) error {
	if old == nil {
		return nil
	}
	if tb.reindex != nil {
		if err := tb.reindex(tx, old, nil); err != nil {
			return err
		}
	}
	return tx.Bucket(tb.bucket).Delete([]byte(tb.key(*old)))
}

// modify replaces the record at key with update(old); ErrNotFound (unless
// the table has fresh), ErrConflict when update changes the key or a fixed
// field, or update's error as a callerError.
func (tb table[T]) modify(tx *bbolt.Tx, key string, update func(T) (T, error)) (T, error) {
	var zero T
	old, err := tb.get(tx, key)
	if err != nil {
		return zero, err
	}
	var start T
	switch {
	case old != nil:
		start = *old
	case tb.fresh != nil:
		start = tb.fresh(key)
	default:
		return zero, store.ErrNotFound
	}
	v, err := update(start)
	if err != nil {
		return zero, callerError{err}
	}
	if tb.key(v) != key {
		return zero, fmt.Errorf("key changed from %q to %q: %w", key, tb.key(v), store.ErrConflict)
	}
	if tb.fixed != nil && old != nil && tb.fixed(*old) != tb.fixed(v) {
		return zero, fmt.Errorf("%q: fixed fields changed: %w", key, store.ErrConflict)
	}
	if tb.empty != nil && tb.empty(v) {
		return v, tb.remove(tx, old)
	}
	return v, tb.put(tx, old, v)
}

// removeIndex deletes the records that listIndex(tx, idx, prefix, 0, key)
// returns.
func (tb table[T]) removeIndex(tx *bbolt.Tx, idx []byte, prefix string, key func(rest, value []byte) string) error {
	list, err := tb.listIndex(tx, idx, prefix, 0, key)
	if err != nil {
		return err
	}
	for i := range list {
		if err := tb.remove(tx, &list[i]); err != nil {
			return err
		}
	}
	return nil
}

// getBy returns the record whose key idx maps value to; ErrNotFound.
func (tb table[T]) getBy(tx *bbolt.Tx, idx []byte, value string) (T, error) {
	key := tx.Bucket(idx).Get([]byte(value))
	if key == nil {
		var zero T
		return zero, store.ErrNotFound
	}
	return tb.mustGet(tx, string(key))
}

// listPrefix returns the records whose keys start with prefix, in key order.
func (tb table[T]) listPrefix(tx *bbolt.Tx, prefix string) ([]T, error) {
	var list []T
	err := eachPrefix(tx, tb.bucket, []byte(prefix), func(_, data []byte) error {
		v, err := decode[T](data)
		if err == nil {
			list = append(list, *v)
		}
		return err
	})
	return list, err
}

// listIndex returns, in the order of idx, at most limit (all when limit
// <= 0) of the records that the entries of idx starting with prefix name:
// key maps an entry (its key without prefix, its value) to a record's key.
func (tb table[T]) listIndex(tx *bbolt.Tx, idx []byte, prefix string, limit int, key func(rest, value []byte) string) ([]T, error) {
	var list []T
	err := eachPrefix(tx, idx, []byte(prefix), func(rest, value []byte) error {
		if limit > 0 && len(list) == limit {
			return errStop
		}
		v, err := tb.mustGet(tx, key(rest, value))
		list = append(list, v)
		return err
	})
	return list, err
}

// errStop ends an eachPrefix early without an error.
var errStop = errors.New("stop")

// eachPrefix calls fn, in key order, with every entry of bucket whose key
// starts with prefix: its key without prefix, and its value. It stops at
// fn's first error, and returns it unless it is errStop.
func eachPrefix(tx *bbolt.Tx, bucket, prefix []byte, fn func(rest, value []byte) error) error {
	c := tx.Bucket(bucket).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if err := fn(k[len(prefix):], v); err != nil {
			if errors.Is(err, errStop) {
				return nil
			}
			return err
		}
	}
	return nil
}

func decode[T any](data []byte) (*T, error) {
	v := new(T)
	if err := json.Unmarshal(data, v); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	return v, nil
}

// orNotFound returns err, or ErrNotFound when err is nil.
func orNotFound(err error) error {
	if err == nil {
		return store.ErrNotFound
	}
	return err
}

// read runs fn in one read transaction and returns its result; the zero T
// on error.
func read[T any](ctx context.Context, s *Store, op string, fn func(tx *bbolt.Tx) (T, error)) (T, error) {
	return inTx(ctx, op, s.view, fn)
}

// write runs fn in one write transaction and returns its result; the zero
// T on error.
func write[T any](ctx context.Context, s *Store, op string, fn func(tx *bbolt.Tx) (T, error)) (T, error) {
	return inTx(ctx, op, s.update, fn)
}

func inTx[T any](ctx context.Context, op string, txn func(context.Context, string, func(*bbolt.Tx) error) error, fn func(tx *bbolt.Tx) (T, error)) (T, error) {
	var v T
	err := txn(ctx, op, func(tx *bbolt.Tx) (err error) {
		v, err = fn(tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// get returns the record at key in one read transaction; ErrNotFound.
func get[T any](ctx context.Context, s *Store, op string, tb table[T], key string) (T, error) {
	return read(ctx, s, op, func(tx *bbolt.Tx) (T, error) { return tb.mustGet(tx, key) })
}

// insert stores v in one write transaction; ErrAlreadyExists.
func insert[T any](ctx context.Context, s *Store, op string, tb table[T], v T) error {
	return s.update(ctx, op, func(tx *bbolt.Tx) error { return tb.insert(tx, v) })
}

// upsert stores v in one write transaction, in place of the record with
// the same key if there is one.
func upsert[T any](ctx context.Context, s *Store, op string, tb table[T], v T) error {
	return s.update(ctx, op, func(tx *bbolt.Tx) error {
		old, err := tb.get(tx, tb.key(v))
		if err != nil {
			return err
		}
		return tb.put(tx, old, v)
	})
}

// modify runs tb.modify in one write transaction.
func modify[T any](ctx context.Context, s *Store, op string, tb table[T], key string, update func(T) (T, error)) (T, error) {
	return write(ctx, s, op, func(tx *bbolt.Tx) (T, error) { return tb.modify(tx, key, update) })
}

// remove deletes the record at key in one write transaction; ErrNotFound.
func remove[T any](ctx context.Context, s *Store, op string, tb table[T], key string) error {
	return s.update(ctx, op, func(tx *bbolt.Tx) error {
		old, err := tb.get(tx, key)
		if err != nil || old == nil {
			return orNotFound(err)
		}
		return tb.remove(tx, old)
	})
}

// sweepBatch bounds how many records one transaction of a sweep removes,
// so that a sweep of millions neither holds bbolt's one writer for long
// nor keeps every key in memory. A variable for tests.
var sweepBatch = 10_000

// sweep runs batch, which removes at most limit records and returns how
// many, in one write transaction after another until a batch removes
// fewer than limit; it returns the total. Batches that committed stay
// committed when a later one fails.
func sweep(ctx context.Context, s *Store, op string, batch func(tx *bbolt.Tx, limit int) (int, error)) (int, error) {
	total := 0
	for {
		n, err := inTx(ctx, op, s.updateAlone, func(tx *bbolt.Tx) (int, error) { return batch(tx, sweepBatch) })
		total += n
		if err != nil || n < sweepBatch {
			return total, err
		}
	}
}
