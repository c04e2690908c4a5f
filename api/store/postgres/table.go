package postgres

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/porta-id/porta/api/store"
)

// table maps one record type to its table. fields lists pointers to a
// record's fields in the order of columns, so the same list scans a row
// into a record and passes a record as query arguments.
type table[T any] struct {
	name    string
	columns []string
	// keys is how many of the first columns make the primary key.
	keys   int
	fields func(*T) []any
	// fresh, when set, lets an update of an absent key start from the zero
	// record with that key; without it such an update fails with
	// ErrNotFound.
	fresh bool
	// empty, when set, reports a record that an update removes rather than
	// stores.
	empty func(T) bool
	// fixed, when set, joins the fields besides the key that an update
	// must not change (a grant's account and client).
	fixed func(T) string
}

// querier is what a pool and a transaction both offer.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// selectWhere is a SELECT of every column, followed by rest (a WHERE
// clause, an ORDER BY, …).
func (tb table[T]) selectWhere(rest string) string {
	return "SELECT " + strings.Join(tb.columns, ", ") + " FROM " + tb.name + " " + rest
}

// returning is the RETURNING clause that gives back a whole record.
func (tb table[T]) returning() string {
	return " RETURNING " + strings.Join(tb.columns, ", ")
}

// byKey is the condition that picks a record by its key, given as the
// first arguments.
func (tb table[T]) byKey() string {
	conds := make([]string, tb.keys)
	for i, c := range tb.columns[:tb.keys] {
		conds[i] = fmt.Sprintf("%s = $%d", c, i+1)
	}
	return "WHERE " + strings.Join(conds, " AND ")
}

// insertSQL inserts a record given as every field.
func (tb table[T]) insertSQL() string {
	params := make([]string, len(tb.columns))
	for i := range params {
		params[i] = fmt.Sprintf("$%d", i+1)
	}
	return "INSERT INTO " + tb.name + " (" + strings.Join(tb.columns, ", ") + ") VALUES (" + strings.Join(params, ", ") + ")"
}

// upsertSQL inserts a record given as every field, or replaces the one
// with the same key.
func (tb table[T]) upsertSQL() string {
	keys := strings.Join(tb.columns[:tb.keys], ", ")
	return tb.insertSQL() + " ON CONFLICT (" + keys + ") DO UPDATE SET " + tb.assignments("EXCLUDED.%[1]s")
}

// updateSQL replaces the fields other than the key of the record given as
// every field, key first.
func (tb table[T]) updateSQL() string {
	return "UPDATE " + tb.name + " SET " + tb.assignments("$%[2]d") + " " + tb.byKey()
}

// assignments is "column = value, …" for every column but the key, value
// formatted from the column's name and its argument number.
func (tb table[T]) assignments(value string) string {
	var sets []string
	for i, c := range tb.columns[tb.keys:] {
		sets = append(sets, c+" = "+fmt.Sprintf(value, c, tb.keys+i+1))
	}
	return strings.Join(sets, ", ")
}

// keyOf returns v's key: the values of its first keys fields.
func (tb table[T]) keyOf(v *T) []any {
	key := make([]any, tb.keys)
	for i, p := range tb.fields(v)[:tb.keys] {
		key[i] = reflect.ValueOf(p).Elem().Interface()
	}
	return key
}

// withKey returns the zero record with key in its key fields.
func (tb table[T]) withKey(key []any) T {
	var v T
	for i, p := range tb.fields(&v)[:tb.keys] {
		reflect.ValueOf(p).Elem().Set(reflect.ValueOf(key[i]))
	}
	return v
}

func (tb table[T]) scan(row pgx.CollectableRow) (T, error) {
	var v T
	err := row.Scan(tb.fields(&v)...)
	return v, err
}

// query returns the records that sql finds.
func (tb table[T]) query(ctx context.Context, q querier, sql string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, tb.scan)
}

// queryOne returns the one record that sql finds; pgx.ErrNoRows.
func (tb table[T]) queryOne(ctx context.Context, q querier, sql string, args ...any) (T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		var zero T
		return zero, err
	}
	return pgx.CollectExactlyOneRow(rows, tb.scan)
}

// modify replaces the record whose key columns hold key (given in column
// order) with update(old) in tx, holding the row's lock from the read to
// the write; ErrNotFound (unless the table has fresh), ErrConflict when
// update changes the key or a fixed field or takes a unique value,
// errRetry when a fresh record lost the race to be inserted, or update's
// error as a callerError.
func (tb table[T]) modify(ctx context.Context, tx pgx.Tx, update func(T) (T, error), key ...any) (T, error) {
	var zero T
	old, err := tb.queryOne(ctx, tx, tb.selectWhere(tb.byKey()+" FOR UPDATE"), key...)
	found := err == nil
	switch {
	case found:
	case errors.Is(err, pgx.ErrNoRows) && tb.fresh:
		old = tb.withKey(key)
	default:
		return zero, err
	}
	v, err := update(old)
	if err != nil {
		return zero, callerError{err}
	}
	if k := tb.keyOf(&v); !slices.Equal(k, key) {
		return zero, fmt.Errorf("key changed from %q to %q: %w", key, k, store.ErrConflict)
	}
	if tb.fixed != nil && found && tb.fixed(old) != tb.fixed(v) {
		return zero, fmt.Errorf("%q: fixed fields changed: %w", key, store.ErrConflict)
	}
	switch {
	case tb.empty != nil && tb.empty(v):
		if found {
			_, err = tx.Exec(ctx, "DELETE FROM "+tb.name+" "+tb.byKey(), key...)
		}
	case found:
		_, err = tx.Exec(ctx, tb.updateSQL(), tb.fields(&v)...)
	default:
		var tag pgconn.CommandTag
		// Only a clash on the key is a lost race; one on another unique
		// index is ErrConflict.
		tag, err = tx.Exec(ctx, tb.insertSQL()+" ON CONFLICT ("+strings.Join(tb.columns[:tb.keys], ", ")+") DO NOTHING", tb.fields(&v)...)
		if err == nil && tag.RowsAffected() == 0 {
			err = errRetry
		}
	}
	if err != nil {
		return zero, uniqueAs(err, store.ErrConflict)
	}
	return v, nil
}

// ts stores a time.Time in a timestamptz column, which keeps microseconds;
// times come back in UTC. The zero time is stored as -infinity rather than
// NULL: PostgreSQL orders -infinity before every time as Go orders the
// zero time, so "is it expired", "is the lease over" and "newest first"
// need no NULL case in SQL and agree with the bbolt backend.
type ts time.Time

// TimestamptzValue implements pgtype.TimestamptzValuer.
func (t ts) TimestamptzValue() (pgtype.Timestamptz, error) {
	if time.Time(t).IsZero() {
		return pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true}, nil
	}
	return pgtype.Timestamptz{Time: time.Time(t), Valid: true}, nil
}

// ScanTimestamptz implements pgtype.TimestamptzScanner.
func (t *ts) ScanTimestamptz(v pgtype.Timestamptz) error {
	switch {
	case !v.Valid || v.InfinityModifier == pgtype.NegativeInfinity:
		*t = ts{}
	case v.InfinityModifier == pgtype.Infinity:
		return errors.New("infinity has no time.Time")
	default:
		*t = ts(v.Time.UTC())
	}
	return nil
}

// limitArg is a LIMIT argument: NULL, which PostgreSQL reads as no limit,
// when limit <= 0.
func limitArg(limit int) any {
	if limit <= 0 {
		return nil
	}
	return limit
}
