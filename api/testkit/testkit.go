// Package testkit holds the helpers that tests in several packages share:
// a clock they move by hand, a fresh bbolt store, the fast password
// parameters, an authenticator code, the code in a text message and the
// PostgreSQL test server.
// Only tests import it.
package testkit

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store/bolt"
)

// Start is a fixed time for a test clock to start at.
var Start = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// FastArgon keeps tests quick; the real parameters are exercised by the
// benchmarks and the end-to-end tests.
var FastArgon = identity.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

// Clock is an injected clock a test moves by hand; safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time; pass it as a Config's Now.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Set puts the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// MustBolt opens a fresh bbolt store in a temporary folder, closed when
// tb ends.
func MustBolt(tb testing.TB) *bolt.Store {
	tb.Helper()
	st, err := bolt.Open(filepath.Join(tb.TempDir(), "porta.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// MustCode returns what an authenticator app shows for key at t.
func MustCode(tb testing.TB, key string, t time.Time) string {
	tb.Helper()
	code, err := identity.AuthenticatorCode(key, t)
	if err != nil {
		tb.Fatal(err)
	}
	return code
}

// TextedCode returns the six-digit code in a text message written by
// notify.SignInCode ("Your Porta code is 123456. It works for …").
func TextedCode(text string) (string, bool) {
	for _, w := range strings.Fields(text) {
		if len(w) == 7 && strings.HasSuffix(w, ".") {
			return w[:6], true
		}
	}
	return "", false
}

// PostgresURL returns the test server that PORTA_TEST_POSTGRES names,
// skipping tb when there is none; on CI (CI=true) a missing server fails.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("PORTA_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("PORTA_TEST_POSTGRES is empty on CI; run the tests under .ci/with-postgres")
		}
		tb.Skip("PORTA_TEST_POSTGRES is empty; run the tests under .ci/with-postgres")
	}
	return dsn
}
