package identity_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/api/testkit"
)

// wideOpen takes the per-address limits out of the way of a test about
// the per-account ones.
func wideOpen(c *identity.Config) {
	c.Limits.IPFailuresPerMinute, c.Limits.IPFailureBurst = 1e6, 1e6
	c.Limits.HashesPerAddress = 1e6
}

// waitOut moves the clock past a refusal's Retry-After, as an attacker
// retrying the moment each delay ends would.
func (e *env) waitOut(err error) bool {
	var ie *identity.Error
	if !errors.As(err, &ie) || ie.Code != api.CodeTooManyAttempts || ie.RetryAfter == 0 {
		return false
	}
	e.clock.Advance(time.Duration(ie.RetryAfter) * time.Second)
	return true
}

// wrongCode is an authenticator code that is not the right one now.
func wrongCode(tb testing.TB, key string, now time.Time) string {
	n, _ := strconv.Atoi(testkit.MustCode(tb, key, now))
	return fmt.Sprintf("%06d", (n+500000)%1000000)
}

func TestSecondStepGuessing(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t, wideOpen, withBaseURL)
	_, key := e.MustAppAccount(t)

	// Each try starts from a fresh, correct password; a refusal with a
	// wait is waited out, as a patient attacker would.
	checked, locked, tries := 0, false, 0
	for tries < 140 {
		res := e.MustSignIn(t, "ann@example.com", goodPassword)
		if res.Next != api.NextSecondFactor {
			t.Fatalf("try %d: a correct password gave %s", tries, res.Next)
		}
		_, err := e.svc.SignInTOTP(ctx, res.Token, identity.SecondFactor{Code: wrongCode(t, key, e.clock.Now())}, meta)
		if e.waitOut(err) {
			continue
		}
		tries++
		switch identity.ErrorCode(err) {
		case api.CodeInvalidCode:
			checked++
		case api.CodeTooManyAttempts:
			if !locked {
				checked++ // the attempt that locked was checked too
			}
			locked = true
		default:
			t.Fatalf("try %d: %v", tries, err)
		}
	}
	if !locked || checked != 100 {
		t.Fatalf("%d wrong codes were checked (locked %v); want the lock at 100", checked, locked)
	}

	e.clock.Advance(365 * 24 * time.Hour)
	res := e.MustSignIn(t, "ann@example.com", goodPassword)
	_, err := e.svc.SignInTOTP(ctx, res.Token, identity.SecondFactor{Code: testkit.MustCode(t, key, e.clock.Now())}, meta)
	wantCode(t, err, api.CodeTooManyAttempts)

	e.MustDeliver(t)
	notice := e.MustLatestMail(t, "ann@example.com", "Two-step verification on your account is locked")
	e.svc.ForgotPassword(ctx, "ann@example.com", meta)
	e.MustDeliver(t)
	if _, err := e.svc.ResetPassword(ctx, tokenIn(t, e.MustLatestMail(t, "ann@example.com", "Reset your password")), "Battery-Staple-9", meta); err != nil {
		t.Fatal(err)
	}
	res = e.MustSignIn(t, "ann@example.com", "Battery-Staple-9")
	e.clock.Advance(time.Minute)
	if done, err := e.svc.SignInTOTP(ctx, res.Token, identity.SecondFactor{Code: testkit.MustCode(t, key, e.clock.Now())}, meta); err != nil || done.Next != api.NextDone {
		t.Fatalf("after the reset the second step is still locked: %v (notice said:\n%s)", err, notice.Text)
	}
}

func TestStrangersCannotLockOutTheOwner(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	e.MustAccount(t, "ann@example.com", goodPassword)
	owner := identity.Meta{IP: "127.0.0.3", UserAgent: "owner", DeviceID: "owner-laptop"}
	attacker := identity.Meta{IP: "127.0.0.2", UserAgent: "script", DeviceID: "attacker"}
	if _, err := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, owner); err != nil {
		t.Fatal(err)
	}

	failures, lockedOut := 0, false
	for round := 0; round < 400 && !lockedOut; round++ {
		_, err := e.svc.SignInPassword(ctx, "ann@example.com", "Wrong-Horse-7", attacker)
		switch {
		case identity.ErrorCode(err) == api.CodeInvalidCredentials:
			failures++
		case identity.ErrorCode(err) == api.CodeTooManyAttempts && failures >= identity.DefaultLimits.MaxFailures:
			lockedOut = true
		case e.waitOut(err):
		default:
			t.Fatalf("attacker: %v", err)
		}
		if _, err := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, owner); err != nil {
			t.Fatalf("round %d (%d failures by the stranger): the owner's known browser was refused: %v", round, failures, err)
		}
	}
	if !lockedOut {
		t.Fatalf("the stranger never reached the lock (%d failures)", failures)
	}
	_, err := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, identity.Meta{IP: "127.0.0.3", DeviceID: "new-browser"})
	wantCode(t, err, api.CodeTooManyAttempts)

	t.Run("TheOwnersBrowserPaysForItsOwnFailures", func(t *testing.T) {
		for range identity.DefaultLimits.FreeFailures {
			_, err := e.svc.SignInPassword(ctx, "ann@example.com", "Wrong-Horse-7", owner)
			wantCode(t, err, api.CodeInvalidCredentials)
		}
		_, err := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, owner)
		wantCode(t, err, api.CodeTooManyAttempts)
	})
}

// raceSignIns runs n sign-ins at once and counts the answers by code.
func raceSignIns(e *env, n int, email func(int) string, password string) map[string]int {
	var mu sync.Mutex
	got := map[string]int{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.svc.SignInPassword(context.Background(), email(i), password, meta)
			mu.Lock()
			got[identity.ErrorCode(err)]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return got
}

func TestLimitsAreReserved(t *testing.T) {
	t.Run("OneAccount", func(t *testing.T) {
		e := MustEnv(t, wideOpen)
		e.MustAccount(t, "ann@example.com", goodPassword)
		got := raceSignIns(e, 110, func(int) string { return "ann@example.com" }, "Wrong-Horse-7")
		free := identity.DefaultLimits.FreeFailures
		if got[api.CodeInvalidCredentials] != free || got[api.CodeTooManyAttempts] != 110-free {
			t.Fatalf("answers %v: want %d passwords checked and the rest too_many_attempts", got, free)
		}
	})
	t.Run("OneAddress", func(t *testing.T) {
		e := MustEnv(t, func(c *identity.Config) { c.Limits.HashesPerAddress = 1e6 })
		got := raceSignIns(e, 100, func(i int) string { return fmt.Sprintf("guess%d@example.com", i) }, "Wrong-Horse-7")
		burst := identity.DefaultLimits.IPFailureBurst
		if got[api.CodeInvalidCredentials] != burst || got[api.CodeTooManyAttempts] != 100-burst {
			t.Fatalf("answers %v: want the address's burst (%d) checked", got, burst)
		}
	})
	t.Run("HashQueueShare", func(t *testing.T) {
		e := MustEnv(t, func(c *identity.Config) {
			c.Limits.HashesPerAddress = 1
			c.Argon2 = identity.Argon2Params{MemoryKiB: 8 * 1024, Time: 1, Threads: 1}
		})
		got := raceSignIns(e, 20, func(i int) string { return fmt.Sprintf("guess%d@example.com", i) }, "Wrong-Horse-7")
		if got[api.CodeInternal] != 0 || got[""] != 0 || got[api.CodeInvalidCredentials] == 0 {
			t.Fatalf("answers %v: a full share must answer too_many_attempts", got)
		}
	})
}

func TestDelaysAreEnforced(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t, wideOpen)
	e.MustAccount(t, "ann@example.com", goodPassword)
	// 2,000 failures as fast as a script can send them, over 20 seconds.
	for range 2000 {
		e.clock.Advance(10 * time.Millisecond)
		e.svc.SignInPassword(ctx, "ann@example.com", "Wrong-Horse-7", meta)
	}
	e.clock.Advance(identity.DefaultLimits.MaxDelay)
	if _, err := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, meta); err != nil {
		t.Fatalf("a burst reached the lock: %v", err)
	}
}

func TestHalfSignedInSessions(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	ann, key := e.MustAppAccount(t)
	// Ann's stored password no longer meets the policy.
	weak, err := identity.NewHasher(testkit.FastArgon, 1, 0, rand.Reader).Hash(ctx, "password")
	if err == nil {
		_, err = e.store.UpdateAccount(ctx, ann.Account.ID, func(a store.Account) (store.Account, error) { a.PasswordHash = weak; return a, nil })
	}
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.SignInPassword(ctx, "ann@example.com", "password", meta)
	if err != nil || res.Next != api.NextSecondFactor {
		t.Fatalf("a weak password with two-step: %+v %v, want the second step first", res, err)
	}
	_, err = e.svc.CompletePasswordChange(ctx, res.Token, "a long enough Passphrase-1", meta)
	wantCode(t, err, api.CodeUnauthenticated)
	e.clock.Advance(time.Minute)
	res, err = e.svc.SignInTOTP(ctx, res.Token, identity.SecondFactor{Code: testkit.MustCode(t, key, e.clock.Now())}, meta)
	if err != nil || res.Next != api.NextChangePassword {
		t.Fatalf("after the second step: %+v %v, want change_password", res, err)
	}
	if _, err := e.svc.Authenticate(ctx, res.Token, meta); err == nil {
		t.Fatal("a session owing a new password is signed in")
	}
	done, err := e.svc.CompletePasswordChange(ctx, res.Token, "a long enough Passphrase-1", meta)
	if err != nil || done.Next != api.NextDone {
		t.Fatalf("complete: %+v %v", done, err)
	}
	auth, err := e.svc.Authenticate(ctx, done.Token, meta)
	if err != nil || !slices.Contains(auth.Session.AMR, "mfa") {
		t.Fatalf("signed in: %+v %v, want a two-step session", auth.Session, err)
	}
}

func TestPasswordChangeEndsWhatTheOldOneOpened(t *testing.T) {
	ctx := context.Background()
	for _, how := range []string{"change", "reset"} {
		t.Run(how, func(t *testing.T) {
			e := MustEnv(t, withBaseURL)
			_, key := e.MustAppAccount(t)
			laptop := meta
			laptop.DeviceID = "laptop"
			signIn := func(m identity.Meta) string {
				res, err := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, m)
				if err != nil {
					t.Fatal(err)
				}
				e.clock.Advance(time.Minute)
				done, err := e.svc.SignInTOTP(ctx, res.Token, identity.SecondFactor{Code: testkit.MustCode(t, key, e.clock.Now()), RememberDevice: true}, m)
				if err != nil {
					t.Fatal(err)
				}
				return done.Token
			}
			here, other := signIn(meta), signIn(laptop)
			e.svc.ForgotPassword(ctx, "ann@example.com", meta)
			e.MustDeliver(t)
			oldLink := tokenIn(t, e.MustLatestMail(t, "ann@example.com", "Reset your password"))

			newPassword := "Battery-Staple-9"
			subject := "Your password was changed"
			if how == "change" {
				auth, err := e.svc.Authenticate(ctx, here, meta)
				if err != nil {
					t.Fatal(err)
				}
				if err := e.svc.ChangePassword(ctx, auth, goodPassword, newPassword, meta); err != nil {
					t.Fatal(err)
				}
				if _, err := e.svc.Authenticate(ctx, here, meta); err != nil {
					t.Fatalf("the session that changed the password ended: %v", err)
				}
			} else {
				subject = "Your password was reset"
				e.clock.Advance(2 * time.Minute) // past the resend window
				if _, err := e.svc.ForgotPassword(ctx, "ann@example.com", meta); err != nil {
					t.Fatal(err)
				}
				e.MustDeliver(t)
				link := tokenIn(t, e.MustLatestMail(t, "ann@example.com", "Reset your password"))
				if link == oldLink {
					t.Fatal("the second reset email reused the link")
				}
				if _, err := e.svc.ResetPassword(ctx, link, newPassword, meta); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := e.svc.Authenticate(ctx, other, laptop); err == nil {
				t.Error("another session survived the new password")
			}
			if _, err := e.svc.CheckResetLink(ctx, oldLink); err == nil {
				t.Error("a reset link sent before the new password still works")
			}
			res, err := e.svc.SignInPassword(ctx, "ann@example.com", newPassword, laptop)
			if err != nil || res.Next != api.NextSecondFactor {
				t.Errorf("the remembered laptop skipped the second step: %+v %v", res, err)
			}
			e.MustDeliver(t)
			e.MustLatestMail(t, "ann@example.com", subject)
		})
	}
}

func TestSweep(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t, wideOpen)
	e.MustAppAccount(t)
	for i := range 50 {
		e.svc.SignInPassword(ctx, fmt.Sprintf("nobody%d@example.com", i), "Wrong-Horse-7", meta)
	}
	half, err := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, meta)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := e.store.ListFailures(ctx)
	if len(before) < 50 {
		t.Fatalf("%d counters after 50 unknown emails", len(before))
	}
	if swept, err := e.svc.Sweep(ctx); err != nil || swept["limits"] != 0 {
		t.Fatalf("a sweep right away took %v (%v); the counters still count", swept, err)
	}
	e.clock.Advance(identity.DefaultLimits.ForgetFailures + time.Minute)
	swept, err := e.svc.Sweep(ctx)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := e.store.ListFailures(ctx)
	if len(after) != 0 || swept["limits"] < 50 {
		t.Fatalf("after a day: %d counters left, swept %v", len(after), swept)
	}
	if swept["sessions"] == 0 {
		t.Errorf("the day-old half-signed-in session was not swept: %v", swept)
	}
	if _, err := e.svc.Authenticate(ctx, half.Token, meta); err == nil {
		t.Error("a swept session still works")
	}

	t.Run("AuditRetention", func(t *testing.T) {
		e := MustEnv(t, func(c *identity.Config) { c.AuditRetention = 30 * 24 * time.Hour })
		a := e.MustAccount(t, "ann@example.com", goodPassword)
		e.MustSignIn(t, "ann@example.com", goodPassword)
		e.clock.Advance(31 * 24 * time.Hour)
		e.MustSignIn(t, "ann@example.com", goodPassword)
		if _, err := e.svc.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		events, err := e.store.ListAudit(ctx, a.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range events {
			if e.clock.Now().Sub(ev.Time) > 30*24*time.Hour {
				t.Errorf("an event of %v outlived the retention", ev.Time)
			}
		}
		if len(events) == 0 {
			t.Error("the recent sign-in's event was swept too")
		}
	})
}
