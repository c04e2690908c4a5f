package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/porta-id/porta/api/store"
)

// Updates run in READ COMMITTED transactions that read the row with SELECT
// … FOR UPDATE, rather than in SERIALIZABLE ones. Both are atomic for a
// read-modify-write of one row, but under SERIALIZABLE every concurrent
// writer of a hot row (an attacked account's failure counter, a session
// touched by parallel requests) but one is aborted and must start over,
// and a bounded number of retries can run out; with the row lock they wait
// their turn and each updater usually runs once. Retries remain for what
// the lock cannot prevent: a deadlock between updates that move unique
// values, a serialization failure if the server forces a stricter level,
// and two first updates of a counter that does not exist yet.

// maxAttempts bounds how often inTx runs a function.
const maxAttempts = 10

// errRetry asks inTx to run its function again in a new transaction.
var errRetry = errors.New("lost a race; retry")

// retryable reports whether a transaction that failed with err may succeed
// when run again.
func retryable(err error) bool {
	var ce callerError
	if errors.As(err, &ce) {
		return false
	}
	switch pgCode(err) {
	case codeSerializationFailure, codeDeadlockDetected:
		return true
	}
	return errors.Is(err, errRetry)
}

// inTx runs fn in a READ COMMITTED transaction, committed when fn returns
// no error, and runs it again in a new one, a little later, while it fails
// in a retryable way; errors are wrapped with op.
func inTx[T any](ctx context.Context, s *Store, op string, fn func(tx pgx.Tx) (T, error)) (T, error) {
	var zero T
	for attempt := 1; ; attempt++ {
		var v T
		err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) (err error) {
			v, err = fn(tx)
			return err
		})
		switch {
		case err == nil:
			return v, nil
		case !retryable(err):
			return zero, wrap(op, err)
		case attempt == maxAttempts:
			return zero, wrap(op, fmt.Errorf("gave up after %d attempts: %w", attempt, err))
		}
		if err := pause(ctx, attempt); err != nil {
			return zero, wrap(op, err)
		}
	}
}

// pause waits a random while that grows with attempt, so transactions
// that collided do not collide again in step; ctx's error if it ends first.
func pause(ctx context.Context, attempt int) error {
	t := time.NewTimer(rand.N(time.Duration(attempt) * 2 * time.Millisecond))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The functions below run one statement each, outside a transaction of
// their own: a single statement is atomic, and PostgreSQL's row locks
// settle concurrent ones.

// one returns the one record that sql finds; ErrNotFound.
func one[T any](ctx context.Context, s *Store, op string, tb table[T], sql string, args ...any) (T, error) {
	v, err := tb.queryOne(ctx, s.pool, sql, args...)
	if err != nil {
		var zero T
		return zero, wrap(op, err)
	}
	return v, nil
}

// get returns the record with key; ErrNotFound.
func get[T any](ctx context.Context, s *Store, op string, tb table[T], key ...any) (T, error) {
	return one(ctx, s, op, tb, tb.selectWhere(tb.byKey()), key...)
}

// list returns the records that SELECT … FROM tb followed by rest finds.
func list[T any](ctx context.Context, s *Store, op string, tb table[T], rest string, args ...any) ([]T, error) {
	l, err := tb.query(ctx, s.pool, tb.selectWhere(rest), args...)
	if err != nil {
		return nil, wrap(op, err)
	}
	return l, nil
}

// insert stores v; ErrAlreadyExists when its key or a unique value is taken.
func insert[T any](ctx context.Context, s *Store, op string, tb table[T], v T) error {
	_, err := s.pool.Exec(ctx, tb.insertSQL(), tb.fields(&v)...)
	return wrap(op, uniqueAs(err, store.ErrAlreadyExists))
}

// upsert stores v in place of the record with the same key if there is one.
func upsert[T any](ctx context.Context, s *Store, op string, tb table[T], v T) error {
	_, err := s.pool.Exec(ctx, tb.upsertSQL(), tb.fields(&v)...)
	return wrap(op, err)
}

// remove deletes the record with key; ErrNotFound.
func remove[T any](ctx context.Context, s *Store, op string, tb table[T], key ...any) error {
	n, err := exec(ctx, s, op, "DELETE FROM "+tb.name+" "+tb.byKey(), key...)
	if err == nil && n == 0 {
		err = wrap(op, store.ErrNotFound)
	}
	return err
}

// exec runs sql and returns how many rows it touched.
func exec(ctx context.Context, s *Store, op, sql string, args ...any) (int, error) {
	tag, err := s.pool.Exec(ctx, sql, args...)
	if err != nil {
		return 0, wrap(op, err)
	}
	return int(tag.RowsAffected()), nil
}

// modify runs tb.modify in a transaction of its own, retried as inTx does.
func modify[T any](ctx context.Context, s *Store, op string, tb table[T], update func(T) (T, error), key ...any) (T, error) {
	return inTx(ctx, s, op, func(tx pgx.Tx) (T, error) { return tb.modify(ctx, tx, update, key...) })
}
