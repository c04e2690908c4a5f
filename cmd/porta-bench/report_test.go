package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestReportStores checks that every store's rows carry its name, that
// each sign-in is rated against the highest ceiling, and that a run
// without --postgres says PostgreSQL was not measured.
func TestReportStores(t *testing.T) {
	res := func(name, store string, perSecond float64) loadResult {
		return loadResult{Name: name, Store: store, Workers: 2, OK: 10, PerSecond: perSecond}
	}
	run := func(store string, signIn, after float64) storeRun {
		return storeRun{
			Store:            store,
			SignIn:           []signInResult{{loadResult: res("password sign-in", store, signIn)}},
			HashCeilingAfter: res("argon2id verify", "", after),
			Session:          res("GET /api/session", store, 1000),
		}
	}
	rep := &report{HashCeilingBefore: res("argon2id verify", "", 80), Stores: []storeRun{run("bbolt", 72, 100)}}
	rep.rate()
	if rep.Ceiling != 100 || rep.Stores[0].SignIn[0].CeilingRatio != 0.72 || math.Abs(rep.Drift-0.2) > 1e-9 {
		t.Fatalf("ceiling %v, drift %v, ratio %v; want 100, 0.2, 0.72", rep.Ceiling, rep.Drift, rep.Stores[0].SignIn[0].CeilingRatio)
	}
	var md bytes.Buffer
	rep.writeMarkdown(&md)
	for _, want := range []string{"| password sign-in | bbolt | 2 |", "| argon2id verify | — | 2 |", "PostgreSQL: not measured"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, md.String())
		}
	}

	rep.Stores = append(rep.Stores, run("postgres", 60, 90))
	rep.Postgres = postgresInfo{Measured: true, Version: "17.0", Fsync: "off", SynchronousCommit: "off"}
	rep.rate()
	md.Reset()
	rep.writeMarkdown(&md)
	for _, want := range []string{"| password sign-in | postgres | 2 | 60.0 |", "| GET /api/session | postgres | 2 |", "60.0 % of ceiling ✗", "not durable", "the highest of the 3 ceiling"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, md.String())
		}
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"store":"postgres","signIn":[{"name":"password sign-in","concurrency":2`) {
		t.Errorf("JSON lacks the postgres sign-ins: %s", b)
	}
}

func TestPostgresFlag(t *testing.T) {
	if _, err := parseFlags([]string{"--postgres", "host=localhost dbname=x"}, io.Discard); err == nil {
		t.Error("a key=value DSN was accepted; porta serve --store takes only postgres:// URLs")
	}
	o, err := parseFlags([]string{"--postgres", "postgres://u@127.0.0.1:5432/db?sslmode=disable"}, io.Discard)
	if err != nil || o.postgres == "" {
		t.Errorf("postgres:// URL: %+v, %v", o, err)
	}
}

// TestBenchDB creates and drops a throwaway database on the server
// PORTA_TEST_POSTGRES names (.ci/with-postgres sets it).
func TestBenchDB(t *testing.T) {
	dsn := os.Getenv("PORTA_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("PORTA_TEST_POSTGRES not set (run under .ci/with-postgres)")
	}
	ctx := context.Background()
	db, info, err := createBenchDB(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if !info.Measured || info.Version == "" || info.Fsync == "" {
		t.Errorf("info = %+v", info)
	}
	conn, err := pgx.Connect(ctx, db.URL)
	if err != nil {
		db.Drop()
		t.Fatalf("connect to %s: %v", db.Name, err)
	}
	// Left open on purpose: Drop must end it (WITH (FORCE)).
	defer conn.Close(ctx)
	if err := db.Drop(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.withConn(ctx, func(c *pgx.Conn) error {
		return c.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", db.Name).Scan(&n)
	}); err != nil || n != 0 {
		t.Fatalf("after Drop: %d databases named %s, %v", n, db.Name, err)
	}
}
