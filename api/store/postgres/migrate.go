package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// migrationFS holds the schema changes, one file each, named
// NNNN_what.sql. They are append-only: a released file never changes, and
// a change to the schema is a new file with the next number.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one embedded schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the embedded changes in version order. A malformed name
// or a repeated version is a mistake in this package, found by any test.
var migrations = mustLoadMigrations()

func mustLoadMigrations() []migration {
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	var list []migration
	for i, file := range files {
		name := path.Base(file)
		prefix, _, _ := strings.Cut(name, "_")
		version, err := strconv.Atoi(prefix)
		if err != nil || version != i+1 {
			panic(fmt.Sprintf("postgres: migration %s: want version %d first in its name", name, i+1))
		}
		sql, err := migrationFS.ReadFile(file)
		if err != nil {
			panic(err)
		}
		list = append(list, migration{version: version, name: name, sql: string(sql)})
	}
	return list
}

// migrationLock is the pg_advisory_lock key that serializes migration runs
// across replicas; any constant will do, as long as it never changes.
const migrationLock int64 = 0x706f727461 // "porta"

// Migrate applies, in order, the embedded migrations that
// schema_migrations does not record yet, each in its own transaction that
// also records it, and returns how many it applied; versions recorded by a
// newer Porta are left alone. Open calls it; it is safe to call again and
// from several processes at once: the run holds an advisory lock on a
// connection of its own, which PostgreSQL releases when that connection
// closes, whatever happens. With WithSchema it first creates the schema if
// missing, under the same lock, since concurrent CREATE SCHEMA IF NOT
// EXISTS can still collide.
func (s *Store) Migrate(ctx context.Context) (applied int, err error) {
	const op = "migrate"
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig)
	if err != nil {
		return 0, wrap(op, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
		return 0, wrap(op, fmt.Errorf("lock: %w", err))
	}
	if s.schema != "" {
		if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{s.schema}.Sanitize()); err != nil {
			return 0, wrap(op, err)
		}
	}
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`
	if _, err := conn.Exec(ctx, create); err != nil {
		return 0, wrap(op, err)
	}
	rows, _ := conn.Query(ctx, "SELECT version FROM schema_migrations")
	versions, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		return 0, wrap(op, err)
	}
	done := make(map[int]bool, len(versions))
	for _, v := range versions {
		done[v] = true
	}
	for _, m := range migrations {
		if done[m.version] {
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version) VALUES ($1)", m.version)
			return err
		})
		if err != nil {
			return applied, wrap(op, fmt.Errorf("%s: %w", m.name, err))
		}
		applied++
	}
	return applied, nil
}
