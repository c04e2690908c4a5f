package bolt

import (
	"context"
	"encoding/json"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// table is how one record type is kept: JSON values in a bucket under
// their key, and the secondary indexes that follow the records.
type table[T any] struct {
	bucket []byte
	key    func(T) string
	// reindex, when set, keeps secondary buckets in step with a change;
	// old is nil when a record is inserted, new is nil when it is removed.
	reindex func(tx *bbolt.Tx, old, new *T) error
	// fresh, when set, is the record an update starts from when its key is
	// absent; without it such an update fails with ErrNotFound.
	fresh func(key string) T
	// empty, when set, reports a record that an update removes rather than
	// stores.
	empty func(T) bool
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
// the table has fresh), ErrConflict when update changes the key, or
// update's error as a callerError.
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
	if tb.empty != nil && tb.empty(v) {
		return v, tb.remove(tx, old)
	}
	return v, tb.put(tx, old, v)
}

// removeWhere deletes every record that match accepts and returns how many
// went.
func (tb table[T]) removeWhere(tx *bbolt.Tx, match func(T) bool) (int, error) {
	var gone []*T
	err := tx.Bucket(tb.bucket).ForEach(func(_, data []byte) error {
		v, err := decode[T](data)
		if err == nil && match(*v) {
			gone = append(gone, v)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	for _, v := range gone {
		if err := tb.remove(tx, v); err != nil {
			return 0, err
		}
	}
	return len(gone), nil
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

// get returns the record at key in one read transaction; ErrNotFound.
func get[T any](ctx context.Context, s *Store, op string, tb table[T], key string) (T, error) {
	var v T
	err := s.view(ctx, op, func(tx *bbolt.Tx) (err error) {
		v, err = tb.mustGet(tx, key)
		return err
	})
	return v, err
}

// insert stores v in one write transaction; ErrAlreadyExists.
func insert[T any](ctx context.Context, s *Store, op string, tb table[T], v T) error {
	return s.update(ctx, op, func(tx *bbolt.Tx) error { return tb.insert(tx, v) })
}

// modify runs tb.modify in one write transaction.
func modify[T any](ctx context.Context, s *Store, op string, tb table[T], key string, update func(T) (T, error)) (T, error) {
	var v T
	err := s.update(ctx, op, func(tx *bbolt.Tx) (err error) {
		v, err = tb.modify(tx, key, update)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}
