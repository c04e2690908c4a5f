// Package postgres is the store.Store backend for several replicas: one
// PostgreSQL database (or one schema of it) shared by every Porta process.
// It keeps one table per record type with one column per field, applies its
// embedded migrations when opened, and makes every "consume once" or
// "claim" a single statement, so concurrent callers in any process see
// exactly one winner.
package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/porta-id/porta/api/store"
)

var (
	_ store.Store       = (*Store)(nil)
	_ store.OpenIDStore = (*Store)(nil)
)

// Store keeps Porta's data in PostgreSQL through a connection pool. The
// pool's size and timeouts come from the DSN (pool_max_conns and the
// like, see pgxpool.ParseConfig).
type Store struct {
	pool   *pgxpool.Pool
	schema string
}

// Option changes how Open connects.
type Option func(*options)

type options struct {
	schema string
}

// WithSchema keeps the store in the named schema, created when missing, by
// setting search_path on every pooled connection. Tests use it to give each
// store its own schema in one database; a deployment can use it to share a
// database with other applications.
func WithSchema(name string) Option {
	return func(o *options) { o.schema = name }
}

// Open connects to the database that dsn names (a URL or key=value
// string) and applies any migration it has not yet seen. Replicas may open
// the same database at once: migrations run once, under a lock.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	s, err := connect(ctx, dsn, opts...)
	if err != nil {
		return nil, err
	}
	if _, err := s.Migrate(ctx); err != nil {
		s.pool.Close()
		return nil, err
	}
	return s, nil
}

// connect makes the pool without touching the database: pgxpool connects
// on first use.
func connect(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	if o.schema != "" {
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{o.schema}.Sanitize()
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	return &Store{pool: pool, schema: o.schema}, nil
}

// Close waits for queries in progress and closes every connection.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// PostgreSQL error codes the store acts on.
const (
	codeUniqueViolation      = "23505"
	codeSerializationFailure = "40001"
	codeDeadlockDetected     = "40P01"
)

// pgCode returns the SQLSTATE of err, or "" when PostgreSQL did not send it.
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// callerError carries an error from a caller's function (an updater or a
// generator) out of a transaction, so it reaches the caller unwrapped.
type callerError struct{ err error }

func (e callerError) Error() string { return e.err.Error() }
func (e callerError) Unwrap() error { return e.err }

// wrap prefixes err with op, turns "no rows" into store.ErrNotFound, and
// hands a callerError's error back as it came.
func wrap(op string, err error) error {
	var ce callerError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ce):
		return ce.err
	case errors.Is(err, pgx.ErrNoRows):
		err = store.ErrNotFound
	}
	return fmt.Errorf("postgres: %s: %w", op, err)
}

// uniqueAs returns err as as (ErrAlreadyExists or ErrConflict), naming the
// constraint, when err is a unique violation; err otherwise.
func uniqueAs(err, as error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == codeUniqueViolation {
		return fmt.Errorf("%s: %w", pe.ConstraintName, as)
	}
	return err
}
