package postgres

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/api/store/storetest"
	"github.com/porta-id/porta/api/testkit"
)

// MustSchema returns the name of a schema that does not exist yet and
// drops it when tb ends.
func MustSchema(tb testing.TB, dsn string) string {
	tb.Helper()
	name := "porta_test_" + strings.ToLower(rand.Text()[:16])
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		pool, err := pgxpool.New(ctx, dsn)
		if err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
			return
		}
		defer pool.Close()
		if _, err := pool.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{name}.Sanitize()+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
		}
	})
	return name
}

// MustOpen opens a store in a fresh schema or fails tb.
func MustOpen(tb testing.TB, dsn, schema string) *Store {
	tb.Helper()
	s, err := Open(tb.Context(), dsn, WithSchema(schema))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	return s
}

func TestStore(t *testing.T) {
	dsn := testkit.PostgresURL(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		return MustOpen(t, dsn, MustSchema(t, dsn))
	})
}

func TestMigrateTwice(t *testing.T) {
	dsn := testkit.PostgresURL(t)
	s, err := connect(t.Context(), dsn, WithSchema(MustSchema(t, dsn)))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer s.Close()
	for _, want := range []int{len(migrations), 0} {
		if n, err := s.Migrate(t.Context()); err != nil || n != want {
			t.Fatalf("Migrate = %d, %v; want %d, nil", n, err, want)
		}
	}
}

func TestConcurrentOpen(t *testing.T) {
	dsn := testkit.PostgresURL(t)
	schema := MustSchema(t, dsn)
	stores := make([]*Store, 2)
	errs := make([]error, len(stores))
	var wg sync.WaitGroup
	for i := range stores {
		wg.Go(func() { stores[i], errs[i] = Open(t.Context(), dsn, WithSchema(schema)) })
	}
	wg.Wait()
	for _, s := range stores {
		if s != nil {
			defer s.Close()
		}
	}
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("Open: %v", err)
	}
	rows, _ := stores[0].pool.Query(t.Context(), "SELECT version FROM schema_migrations ORDER BY version")
	versions, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil || len(versions) != len(migrations) {
		t.Fatalf("schema_migrations holds %v, %v; want each of the %d versions once", versions, err, len(migrations))
	}
	if err := stores[1].CreateAccount(t.Context(), store.Account{ID: "a1", Email: "ada@example.com"}); err != nil {
		t.Errorf("CreateAccount after concurrent opens: %v", err)
	}
}

// TestUpdateFailuresFirstRace has two first updates of one counter meet:
// the second finds no row, waits on the first's insert, and runs its
// updater again once that commits, so both count.
func TestUpdateFailuresFirstRace(t *testing.T) {
	dsn := testkit.PostgresURL(t)
	s := MustOpen(t, dsn, MustSchema(t, dsn))
	defer s.Close()
	ctx := t.Context()
	var calls atomic.Int32
	inc := func(f store.Failures) (store.Failures, error) {
		calls.Add(1)
		f.Count++
		return f, nil
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := failures.modify(ctx, tx, inc, "ada@example.com"); err != nil {
		t.Fatalf("first update: %v", err)
	}
	second := make(chan error, 1)
	go func() {
		_, err := s.UpdateFailures(ctx, "ada@example.com", inc)
		second <- err
	}()
	const waiting = "SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))"
	for n := 0; n == 0; {
		select {
		case err := <-second:
			t.Fatalf("second update ended before the first committed: %v", err)
		case <-time.After(time.Millisecond):
		}
		if err := s.pool.QueryRow(ctx, waiting, tx.Conn().PgConn().PID()).Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatalf("second update: %v", err)
	}
	f, err := s.GetFailures(ctx, "ada@example.com")
	if err != nil || f.Count != 2 || calls.Load() != 3 {
		t.Errorf("Count = %d, %v after %d updater calls; want 2 after 3", f.Count, err, calls.Load())
	}
}

// TestCopyBothWays copies a bbolt store into PostgreSQL and back, as
// porta migrate-store does, with the fields added last set.
func TestCopyBothWays(t *testing.T) {
	dsn := testkit.PostgresURL(t)
	ctx := t.Context()
	from, back := testkit.MustBolt(t), testkit.MustBolt(t)
	pg := MustOpen(t, dsn, MustSchema(t, dsn))
	defer pg.Close()
	now := time.Date(2026, 3, 1, 9, 0, 0, 123456000, time.UTC)
	if err := from.CreateAccount(ctx, store.Account{ID: "a1", Email: "ann@example.com", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	sess := store.Session{ID: "s1", AccountID: "a1", CreatedAt: now, ExpiresAt: now.Add(time.Hour), PasswordChangeOwed: true}
	if err := from.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	fail := store.Failures{Key: "email:zed@example.com", Count: 3, LastFailure: now, ExpiresAt: now.Add(time.Hour)}
	if _, err := from.UpdateFailures(ctx, fail.Key, func(store.Failures) (store.Failures, error) { return fail, nil }); err != nil {
		t.Fatal(err)
	}
	idp := store.IdentityProvider{ID: "p1", OrgID: "o1", ClientSecret: []byte{0, 0xff}, Domains: []string{"acme.com", "acme.org"}, CreatedAt: now}
	for _, err := range []error{
		from.CreateOrg(ctx, store.Org{ID: "o1", Slug: "acme", CreatedAt: now}),
		from.PutIdentityProvider(ctx, idp),
		from.CreateClient(ctx, store.Client{ID: "c1", RedirectURIs: []string{"https://a.example/cb", "https://b.example/cb"}, CreatedAt: now}),
		from.CreateGrant(ctx, store.Grant{ID: "g1", AccountID: "a1", ClientID: "c1", Scopes: []string{"openid"}, RefreshHash: "r0", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}),
		from.PutConsent(ctx, store.Consent{AccountID: "a1", ClientID: "c1", Scopes: []string{"openid"}, CreatedAt: now}),
		from.PutExternalIdentity(ctx, store.ExternalIdentity{ProviderID: "p1", Subject: "s1", AccountID: "a1", CreatedAt: now}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	key := store.SigningKey{ID: "k1", Algorithm: "ES256", Private: []byte{0, 1}, Public: []byte{2}, CreatedAt: now}
	if _, err := from.UpdateSigningKeys(ctx, func([]store.SigningKey) ([]store.SigningKey, error) { return []store.SigningKey{key}, nil }); err != nil {
		t.Fatal(err)
	}
	for _, hop := range []struct{ from, to store.Store }{{from, pg}, {pg, back}} {
		if _, err := store.Copy(ctx, hop.from, hop.to); err != nil {
			t.Fatalf("Copy: %v", err)
		}
	}
	if err := store.Verify(ctx, from, back); err != nil {
		t.Fatal(err)
	}
	if got, err := back.GetSession(ctx, sess.ID); err != nil || !got.PasswordChangeOwed {
		t.Errorf("session after the round trip: %+v, %v; want PasswordChangeOwed", got, err)
	}
	if got, err := back.GetFailures(ctx, fail.Key); err != nil || !got.ExpiresAt.Equal(fail.ExpiresAt) {
		t.Errorf("failures after the round trip: %+v, %v; want ExpiresAt %v", got, err, fail.ExpiresAt)
	}
	if got, err := back.GetIdentityProviderByDomain(ctx, "acme.org"); err != nil || got.ID != idp.ID {
		t.Errorf("acme.org after the round trip: %+v, %v; want provider %s", got, err, idp.ID)
	}
}

// TestUpdateSigningKeysReplicas has two stores on one schema, as two
// replicas are, each try to add the first key while there is none:
// exactly one does.
func TestUpdateSigningKeysReplicas(t *testing.T) {
	dsn := testkit.PostgresURL(t)
	schema := MustSchema(t, dsn)
	replicas := []*Store{MustOpen(t, dsn, schema), MustOpen(t, dsn, schema)}
	errHasKey := errors.New("a key exists")
	var won atomic.Int32
	var wg sync.WaitGroup
	for i := range 10 {
		s := replicas[i%len(replicas)]
		wg.Go(func() {
			_, err := s.UpdateSigningKeys(t.Context(), func(set []store.SigningKey) ([]store.SigningKey, error) {
				time.Sleep(time.Millisecond)
				if len(set) > 0 {
					return set, errHasKey
				}
				return []store.SigningKey{{ID: fmt.Sprintf("k%d", i), Algorithm: "ES256"}}, nil
			})
			switch {
			case err == nil:
				won.Add(1)
			case !errors.Is(err, errHasKey):
				t.Errorf("UpdateSigningKeys %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	for _, s := range replicas {
		s.Close()
	}
	fresh := MustOpen(t, dsn, schema)
	defer fresh.Close()
	keys, err := fresh.ListSigningKeys(t.Context())
	if err != nil || len(keys) != 1 || won.Load() != 1 {
		t.Errorf("%d updates won, %d keys stored (%v); want 1 and 1", won.Load(), len(keys), err)
	}
}
