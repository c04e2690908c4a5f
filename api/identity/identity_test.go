package identity_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/policy"
	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/api/testkit"
)

type env struct {
	svc   *identity.Service
	store store.Store
	clock *testkit.Clock
}

// MustEnv returns a service over a fresh bbolt store; cfg may adjust it.
func MustEnv(tb testing.TB, adjust ...func(*identity.Config)) *env {
	tb.Helper()
	st := testkit.MustBolt(tb)
	clk := testkit.NewClock(testkit.Start)
	cfg := identity.Config{Store: st, Now: clk.Now, Argon2: testkit.FastArgon, Logger: quietLogger}
	for _, f := range adjust {
		f(&cfg)
	}
	svc, err := identity.New(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return &env{svc: svc, store: st, clock: clk}
}

// MustAccount creates an account.
func (e *env) MustAccount(tb testing.TB, email, password string) store.Account {
	tb.Helper()
	a, err := e.svc.CreateAccount(context.Background(), email, password, "Test Person")
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// MustSignIn signs in and returns the result.
func (e *env) MustSignIn(tb testing.TB, email, password string) identity.SignInResult {
	tb.Helper()
	res, err := e.svc.SignInPassword(context.Background(), email, password, meta)
	if err != nil {
		tb.Fatalf("sign in %s: %v", email, err)
	}
	return res
}

// quietLogger keeps warnings and errors, not the info lines every failed
// sign-in of an unknown email writes.
var quietLogger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

var meta = identity.Meta{IP: "192.0.2.1", UserAgent: "test"}

func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := identity.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

const goodPassword = "Correct-Horse-7"

func TestSignInPassword(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		e := MustEnv(t)
		a := e.MustAccount(t, "Ann@Example.com", goodPassword)
		res := e.MustSignIn(t, " ann@EXAMPLE.com ", goodPassword)
		if res.Next != api.NextDone || res.Token == "" {
			t.Fatalf("result = %+v", res)
		}
		auth, err := e.svc.Authenticate(ctx, res.Token, meta)
		if err != nil || auth.Account.ID != a.ID {
			t.Fatalf("authenticate: %+v, %v", auth, err)
		}
		if got := auth.Session.AMR; len(got) != 1 || got[0] != "pwd" {
			t.Fatalf("amr = %v", got)
		}
	})
	t.Run("NewSessionEverySignIn", func(t *testing.T) {
		e := MustEnv(t)
		e.MustAccount(t, "ann@example.com", goodPassword)
		a, b := e.MustSignIn(t, "ann@example.com", goodPassword), e.MustSignIn(t, "ann@example.com", goodPassword)
		if a.Session.ID == b.Session.ID || a.Token == b.Token {
			t.Fatal("two sign-ins share a session")
		}
	})
	t.Run("ErrInvalidCredentials", func(t *testing.T) {
		e := MustEnv(t)
		e.MustAccount(t, "ann@example.com", goodPassword)
		_, wrong := e.svc.SignInPassword(ctx, "ann@example.com", "Wrong-Horse-7", meta)
		_, unknown := e.svc.SignInPassword(ctx, "nobody@example.com", goodPassword, meta)
		wantCode(t, wrong, api.CodeInvalidCredentials)
		wantCode(t, unknown, api.CodeInvalidCredentials)
		if wrong.Error() != unknown.Error() {
			t.Fatalf("wrong password %q and unknown email %q must read the same", wrong, unknown)
		}
	})
	t.Run("ErrInvalidEmail", func(t *testing.T) {
		e := MustEnv(t)
		_, err := e.svc.SignInPassword(ctx, "not-an-email", goodPassword, meta)
		wantCode(t, err, api.CodeInvalidRequest)
	})
	t.Run("ForcedChangeWhenPolicyTightens", func(t *testing.T) {
		e := MustEnv(t)
		e.MustAccount(t, "ann@example.com", "Summer-Walk-42")
		strict, err := identity.New(ctx, identity.Config{Store: e.store, Now: e.clock.Now, Argon2: testkit.FastArgon, Policy: policy.NIST()})
		if err != nil {
			t.Fatal(err)
		}
		res, err := strict.SignInPassword(ctx, "ann@example.com", "Summer-Walk-42", meta)
		if err != nil || res.Next != api.NextChangePassword {
			t.Fatalf("res = %+v, %v", res, err)
		}
		_, err = strict.Authenticate(ctx, res.Token, meta)
		wantCode(t, err, api.CodeUnauthenticated)
		_, err = strict.CompletePasswordChange(ctx, res.Token, "short-one", meta)
		wantCode(t, err, api.CodeWeakPassword)
		done, err := strict.CompletePasswordChange(ctx, res.Token, "a long enough passphrase here", meta)
		if err != nil || done.Next != api.NextDone || done.Token == res.Token {
			t.Fatalf("complete: %+v, %v", done, err)
		}
		if _, err := strict.Authenticate(ctx, done.Token, meta); err != nil {
			t.Fatal(err)
		}
		_, err = strict.Authenticate(ctx, res.Token, meta)
		wantCode(t, err, api.CodeUnauthenticated)
	})
	t.Run("RehashOlderParameters", func(t *testing.T) {
		e := MustEnv(t)
		a := e.MustAccount(t, "ann@example.com", goodPassword)
		newer := identity.Argon2Params{MemoryKiB: 128, Time: 1, Threads: 1}
		upgraded, err := identity.New(ctx, identity.Config{Store: e.store, Now: e.clock.Now, Argon2: newer})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := upgraded.SignInPassword(ctx, "ann@example.com", goodPassword, meta); err != nil {
			t.Fatal(err)
		}
		got, _ := e.store.GetAccount(ctx, a.ID)
		if !bytes.Contains([]byte(got.PasswordHash), []byte("$m=128,t=1,p=1$")) {
			t.Fatalf("hash not upgraded: %s", got.PasswordHash)
		}
		if _, err := upgraded.SignInPassword(ctx, "ann@example.com", goodPassword, meta); err != nil {
			t.Fatalf("sign in after upgrade: %v", err)
		}
	})
}

func TestFailureLimits(t *testing.T) {
	ctx := context.Background()
	limits := identity.Limits{FreeFailures: 3, MaxDelay: time.Minute, MaxFailures: 10, LockDuration: time.Hour, IPFailuresPerMinute: 1000, IPFailureBurst: 1000}
	withLimits := func(c *identity.Config) { c.Limits = limits }

	for _, email := range []string{"ann@example.com", "nobody@example.com"} {
		t.Run("DelaysGrow/"+email, func(t *testing.T) {
			e := MustEnv(t, withLimits)
			e.MustAccount(t, "ann@example.com", goodPassword)
			for i := 0; i < 3; i++ {
				_, err := e.svc.SignInPassword(ctx, email, "Wrong-Horse-7", meta)
				wantCode(t, err, api.CodeInvalidCredentials)
			}
			_, err := e.svc.SignInPassword(ctx, email, "Wrong-Horse-7", meta)
			wantCode(t, err, api.CodeTooManyAttempts)
			if ie := err.(*identity.Error); ie.RetryAfter != 1 {
				t.Fatalf("retry after = %d, want 1", ie.RetryAfter)
			}
			e.clock.Advance(time.Second)
			_, err = e.svc.SignInPassword(ctx, email, "Wrong-Horse-7", meta)
			wantCode(t, err, api.CodeInvalidCredentials)
			_, err = e.svc.SignInPassword(ctx, email, "Wrong-Horse-7", meta)
			if ie, _ := err.(*identity.Error); ie == nil || ie.Code != api.CodeTooManyAttempts || ie.RetryAfter != 2 {
				t.Fatalf("after 4 failures: %v, want a 2 s wait", err)
			}
		})
	}
	t.Run("LockEndsByItself", func(t *testing.T) {
		e := MustEnv(t, withLimits)
		e.MustAccount(t, "ann@example.com", goodPassword)
		for i := 0; i < limits.MaxFailures; i++ {
			e.clock.Advance(limits.MaxDelay)
			_, err := e.svc.SignInPassword(ctx, "ann@example.com", "Wrong-Horse-7", meta)
			wantCode(t, err, api.CodeInvalidCredentials)
		}
		e.clock.Advance(limits.MaxDelay)
		_, err := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, meta)
		wantCode(t, err, api.CodeTooManyAttempts)
		e.clock.Advance(limits.LockDuration)
		e.MustSignIn(t, "ann@example.com", goodPassword)
		// A success resets the count: the next mistake costs no wait.
		_, err = e.svc.SignInPassword(ctx, "ann@example.com", "Wrong-Horse-7", meta)
		wantCode(t, err, api.CodeInvalidCredentials)
		e.MustSignIn(t, "ann@example.com", goodPassword)
	})
	t.Run("PerIPBucket", func(t *testing.T) {
		e := MustEnv(t, func(c *identity.Config) {
			c.Limits = limits
			c.Limits.IPFailureBurst, c.Limits.IPFailuresPerMinute = 2, 1
		})
		e.MustAccount(t, "ann@example.com", goodPassword)
		for _, email := range []string{"a@example.com", "b@example.com"} {
			_, err := e.svc.SignInPassword(ctx, email, "Wrong-Horse-7", meta)
			wantCode(t, err, api.CodeInvalidCredentials)
		}
		_, err := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, meta)
		wantCode(t, err, api.CodeTooManyAttempts)
		other := meta
		other.IP = "198.51.100.7"
		if _, err := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, other); err != nil {
			t.Fatalf("another IP is not limited: %v", err)
		}
		e.clock.Advance(time.Minute)
		e.MustSignIn(t, "ann@example.com", goodPassword)
	})
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	t.Run("IdleTimeout", func(t *testing.T) {
		e := MustEnv(t, func(c *identity.Config) { c.SessionIdle = time.Hour })
		e.MustAccount(t, "ann@example.com", goodPassword)
		tok := e.MustSignIn(t, "ann@example.com", goodPassword).Token
		e.clock.Advance(59 * time.Minute)
		if _, err := e.svc.Authenticate(ctx, tok, meta); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(59 * time.Minute)
		if _, err := e.svc.Authenticate(ctx, tok, meta); err != nil {
			t.Fatalf("use within the idle window extends it: %v", err)
		}
		e.clock.Advance(61 * time.Minute)
		_, err := e.svc.Authenticate(ctx, tok, meta)
		wantCode(t, err, api.CodeUnauthenticated)
	})
	t.Run("AbsoluteTimeout", func(t *testing.T) {
		e := MustEnv(t, func(c *identity.Config) { c.SessionIdle, c.SessionMax = time.Hour, 3*time.Hour })
		e.MustAccount(t, "ann@example.com", goodPassword)
		tok := e.MustSignIn(t, "ann@example.com", goodPassword).Token
		for i := 0; i < 5; i++ {
			e.clock.Advance(35 * time.Minute)
			if _, err := e.svc.Authenticate(ctx, tok, meta); err != nil {
				t.Fatalf("after %d×35 minutes: %v", i+1, err)
			}
		}
		e.clock.Advance(5 * time.Minute)
		_, err := e.svc.Authenticate(ctx, tok, meta)
		wantCode(t, err, api.CodeUnauthenticated)
	})
	t.Run("ErrTamperedToken", func(t *testing.T) {
		e := MustEnv(t)
		e.MustAccount(t, "ann@example.com", goodPassword)
		tok := e.MustSignIn(t, "ann@example.com", goodPassword).Token
		flipped := tok[:len(tok)-1] + "A"
		if tok[len(tok)-1] == 'A' {
			flipped = tok[:len(tok)-1] + "B"
		}
		for _, bad := range []string{"", "x", tok + "x", flipped, "." + tok} {
			_, err := e.svc.Authenticate(ctx, bad, meta)
			wantCode(t, err, api.CodeUnauthenticated)
		}
	})
	t.Run("RevokeOneAndOthers", func(t *testing.T) {
		e := MustEnv(t)
		a := e.MustAccount(t, "ann@example.com", goodPassword)
		b := e.MustAccount(t, "bob@example.com", goodPassword)
		s1 := e.MustSignIn(t, "ann@example.com", goodPassword)
		s2 := e.MustSignIn(t, "ann@example.com", goodPassword)
		s3 := e.MustSignIn(t, "ann@example.com", goodPassword)
		sb := e.MustSignIn(t, "bob@example.com", goodPassword)
		wantCode(t, e.svc.RevokeSession(ctx, b.ID, s1.Session.ID, meta), api.CodeNotFound)
		if err := e.svc.RevokeSession(ctx, a.ID, s2.Session.ID, meta); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.Authenticate(ctx, s2.Token, meta)
		wantCode(t, err, api.CodeUnauthenticated)
		n, err := e.svc.RevokeOtherSessions(ctx, a.ID, s1.Session.ID, meta)
		if err != nil || n != 1 {
			t.Fatalf("revoked %d, %v; want 1", n, err)
		}
		_, err = e.svc.Authenticate(ctx, s3.Token, meta)
		wantCode(t, err, api.CodeUnauthenticated)
		for _, tok := range []string{s1.Token, sb.Token} {
			if _, err := e.svc.Authenticate(ctx, tok, meta); err != nil {
				t.Fatalf("kept session ended: %v", err)
			}
		}
		list, _ := e.svc.Sessions(ctx, a.ID)
		if len(list) != 1 || list[0].ID != s1.Session.ID {
			t.Fatalf("sessions = %+v", list)
		}
	})
	t.Run("ChangePasswordSignsOutOthers", func(t *testing.T) {
		e := MustEnv(t)
		e.MustAccount(t, "ann@example.com", goodPassword)
		mine := e.MustSignIn(t, "ann@example.com", goodPassword)
		other := e.MustSignIn(t, "ann@example.com", goodPassword)
		auth, _ := e.svc.Authenticate(ctx, mine.Token, meta)
		wantCode(t, e.svc.ChangePassword(ctx, auth, "Wrong-Horse-7", "Battery-Staple-9", meta), api.CodeWrongPassword)
		wantCode(t, e.svc.ChangePassword(ctx, auth, goodPassword, "password1", meta), api.CodeWeakPassword)
		if err := e.svc.ChangePassword(ctx, auth, goodPassword, "Battery-Staple-9", meta); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.Authenticate(ctx, other.Token, meta)
		wantCode(t, err, api.CodeUnauthenticated)
		if _, err := e.svc.Authenticate(ctx, mine.Token, meta); err != nil {
			t.Fatal(err)
		}
		e.MustSignIn(t, "ann@example.com", "Battery-Staple-9")
		events, _ := e.svc.AuditLog(ctx, auth.Account.ID, 50)
		if !hasEvent(events, identity.AuditPasswordChanged) || !hasEvent(events, identity.AuditSignInFailed) {
			t.Fatalf("audit log misses events: %+v", events)
		}
	})
}

func hasEvent(events []store.AuditEvent, typ string) bool {
	for _, e := range events {
		if e.Type == typ {
			return true
		}
	}
	return false
}

func TestCreateAccount(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	e.MustAccount(t, "ann@example.com", goodPassword)
	t.Run("ErrConflict", func(t *testing.T) {
		_, err := e.svc.CreateAccount(ctx, "ANN@example.com", goodPassword, "")
		wantCode(t, err, api.CodeConflict)
	})
	t.Run("ErrWeakPassword", func(t *testing.T) {
		_, err := e.svc.CreateAccount(ctx, "bob@example.com", "P@ssw0rd1", "")
		wantCode(t, err, api.CodeWeakPassword)
		if ie := err.(*identity.Error); len(ie.Rules) != 1 || ie.Rules[0] != policy.RuleCommon {
			t.Fatalf("rules = %v", ie.Rules)
		}
	})
	t.Run("ErrNameTooLong", func(t *testing.T) {
		_, err := e.svc.CreateAccount(ctx, "bob@example.com", goodPassword, string(bytes.Repeat([]byte("n"), 101)))
		wantCode(t, err, api.CodeInvalidRequest)
	})
}
