package main

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
)

// dropTimeout bounds dropping the throwaway database. It runs on a fresh
// context, so Ctrl-C still cleans up.
const dropTimeout = 30 * time.Second

// benchDB is a throwaway PostgreSQL database for one run, so the server
// starts on an empty store and a run never touches existing data.
type benchDB struct {
	Name  string
	URL   string // the --postgres address with its database replaced
	admin string // the --postgres address, used to create and drop
}

// postgresInfo says whether PostgreSQL was measured and how the server was
// set up: with fsync or synchronous_commit off (as .ci/with-postgres runs
// it) a commit is not durable, unlike bbolt's synced writes, and its
// sign-ins look cheaper than a production server's would be.
type postgresInfo struct {
	Measured          bool   `json:"measured"`
	Version           string `json:"version,omitempty"`
	Fsync             string `json:"fsync,omitempty"`
	SynchronousCommit string `json:"synchronousCommit,omitempty"`
}

// createBenchDB creates porta_bench_<unixnano> on the server dsn names
// and returns it with the server's settings; Drop removes it again.
func createBenchDB(ctx context.Context, dsn string) (*benchDB, postgresInfo, error) {
	info := postgresInfo{Measured: true}
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, info, fmt.Errorf("--postgres: %w", err)
	}
	db := &benchDB{Name: fmt.Sprintf("porta_bench_%d", time.Now().UnixNano()), admin: dsn}
	u.Path, u.RawPath = "/"+db.Name, ""
	db.URL = u.String()
	err = db.withConn(ctx, func(conn *pgx.Conn) error {
		err := conn.QueryRow(ctx, "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit')").
			Scan(&info.Version, &info.Fsync, &info.SynchronousCommit)
		if err != nil {
			return err
		}
		// The name is letters, digits and _ only, so it needs no quoting.
		_, err = conn.Exec(ctx, "CREATE DATABASE "+db.Name)
		return err
	})
	if err != nil {
		return nil, info, fmt.Errorf("create PostgreSQL database %s: %w", db.Name, err)
	}
	return db, info, nil
}

// Drop removes the database, ending the connections still open to it
// (WITH (FORCE), PostgreSQL 13 and later).
func (db *benchDB) Drop() error {
	ctx, cancel := context.WithTimeout(context.Background(), dropTimeout)
	defer cancel()
	err := db.withConn(ctx, func(conn *pgx.Conn) error {
		_, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+db.Name+" WITH (FORCE)")
		return err
	})
	if err != nil {
		return fmt.Errorf("drop PostgreSQL database %s: %w", db.Name, err)
	}
	return nil
}

// withConn runs f on a connection of its own to the --postgres database.
// CREATE and DROP DATABASE cannot run inside a transaction, and one
// connection held through the whole run could time out meanwhile.
func (db *benchDB) withConn(ctx context.Context, f func(*pgx.Conn) error) error {
	conn, err := pgx.Connect(ctx, db.admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx) // closes the socket even when ctx has ended
	return f(conn)
}
