package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/testkit"
)

// clientFrom is a browser of its own that connects from the loopback
// address ip (127.0.0.2, …), so the server sees another client address.
func clientFrom(m *Main, ip string) *api.Client {
	jar, _ := cookiejar.New(nil)
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	hc := &http.Client{Jar: jar, Transport: &http.Transport{DialContext: dialer.DialContext}}
	return api.NewClient(&api.HTTPTransport{BaseURL: m.URL(), Client: hc, UserAgent: "test " + ip})
}

// on returns a client for replica m sharing c's cookies: the same browser
// reaching another replica behind one address.
func on(m *Main, c *api.Client) *api.Client {
	t := c.Transport.(*api.HTTPTransport)
	return api.NewClient(&api.HTTPTransport{BaseURL: m.URL(), Client: t.Client, UserAgent: t.UserAgent})
}

// Two replicas on one PostgreSQL share every limit: racing guesses split
// over both get only the free attempts, the second-step lock holds on
// both, a stranger cannot lock the owner out on either, and a new password
// on one ends the sessions on the other.
func TestReplicasShareLimits(t *testing.T) {
	dsn := MustPostgresDB(t)
	clk := testkit.NewClock(time.Now())
	keyFile := t.TempDir() + "/secrets.key"
	replica := func(c *Config) {
		c.Store, c.Demo, c.Web, c.SecretsKeyFile, c.Now = dsn, true, nil, keyFile, clk.Now
	}
	a, b := MustPorta(t, replica), MustPorta(t, replica)
	replicas := []*Main{a, b}
	ctx := context.Background()
	free := identity.DefaultLimits.FreeFailures

	t.Run("RacingGuessesGetOnlyTheFreeAttempts", func(t *testing.T) {
		var mu sync.Mutex
		got := map[string]int{}
		var wg sync.WaitGroup
		for i := range 110 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := clientFrom(replicas[i%2], "127.0.0."+strconv.Itoa(10+i%20))
				_, err := c.SignInPassword(ctx, "race@example.com", "Wrong-Horse-7")
				mu.Lock()
				got[api.ErrorCode(err)]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if got[api.CodeInvalidCredentials] != free || got[api.CodeTooManyAttempts] != 110-free {
			t.Fatalf("answers %v: want %d checked and the rest too_many_attempts", got, free)
		}
	})

	t.Run("StrangerCannotLockOutTheOwner", func(t *testing.T) {
		owner := clientFrom(a, "127.0.0.3")
		if _, err := owner.SignInPassword(ctx, demoEmail, demoPassword); err != nil {
			t.Fatal(err)
		}
		attacker := []*api.Client{clientFrom(a, "127.0.0.2"), clientFrom(b, "127.0.0.2")}
		failures := 0
		for round := 0; failures < identity.DefaultLimits.MaxFailures && round < 400; round++ {
			_, err := attacker[round%2].SignInPassword(ctx, demoEmail, "Wrong-Horse-7")
			var e *api.Error
			switch {
			case api.ErrorCode(err) == api.CodeInvalidCredentials:
				failures++
			case errors.As(err, &e) && e.Code == api.CodeTooManyAttempts:
				clk.Advance(time.Duration(max(e.RetryAfter, 1)) * time.Second)
			default:
				t.Fatalf("attacker: %v", err)
			}
			if round%10 == 0 {
				res, err := on(replicas[round/10%2], owner).SignInPassword(ctx, demoEmail, demoPassword)
				if err != nil || res.Next != api.NextDone {
					t.Fatalf("round %d (%d failures): the owner's browser was refused: %+v %v", round, failures, res, err)
				}
			}
		}
		if _, err := attacker[1].SignInPassword(ctx, demoEmail, demoPassword); api.ErrorCode(err) != api.CodeTooManyAttempts {
			t.Fatalf("after %d failures the stranger is not locked: %v", failures, err)
		}
		for _, m := range replicas {
			if _, err := on(m, owner).SignInPassword(ctx, demoEmail, demoPassword); err != nil {
				t.Fatalf("the locked-out stranger kept the owner out: %v", err)
			}
		}
	})

	t.Run("NewPasswordEndsSessionsOnTheOtherReplica", func(t *testing.T) {
		MustAccount(t, a, "nia@example.com", "Correct-Horse-7")
		here, there := clientFrom(a, "127.0.0.4"), clientFrom(b, "127.0.0.5")
		for _, c := range []*api.Client{here, there} {
			if _, err := c.SignInPassword(ctx, "nia@example.com", "Correct-Horse-7"); err != nil {
				t.Fatal(err)
			}
		}
		if err := here.ChangePassword(ctx, "Correct-Horse-7", "Battery-Staple-9"); err != nil {
			t.Fatal(err)
		}
		if _, err := there.Session(ctx); api.ErrorCode(err) != api.CodeUnauthenticated {
			t.Fatalf("the other replica's session after a password change: %v", err)
		}
		if _, err := on(b, here).Session(ctx); err != nil {
			t.Fatalf("the session that changed it: %v", err)
		}
	})

	t.Run("SecondStepLockHoldsOnBoth", func(t *testing.T) {
		MustAccount(t, a, "ola@example.com", "Correct-Horse-7")
		c := clientFrom(a, "127.0.0.6")
		if _, err := c.SignInPassword(ctx, "ola@example.com", "Correct-Horse-7"); err != nil {
			t.Fatal(err)
		}
		setup, err := c.StartTOTP(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ConfirmTOTP(ctx, testkit.MustCode(t, setup.Key, clk.Now())); err != nil {
			t.Fatal(err)
		}
		wrong := func() string {
			n, _ := strconv.Atoi(testkit.MustCode(t, setup.Key, clk.Now()))
			return fmt.Sprintf("%06d", (n+500000)%1000000)
		}
		checked := 0
		for try := 0; try < 400; try++ {
			m := replicas[try%2]
			guess := clientFrom(m, "127.0.0.7")
			if _, err := guess.SignInPassword(ctx, "ola@example.com", "Correct-Horse-7"); err != nil {
				t.Fatal(err)
			}
			_, err := guess.SignInTOTP(ctx, api.SecondFactorRequest{Code: wrong()})
			var e *api.Error
			if !errors.As(err, &e) {
				t.Fatalf("try %d: %v", try, err)
			}
			if e.Code == api.CodeInvalidCode {
				checked++
				continue
			}
			if e.Code != api.CodeTooManyAttempts {
				t.Fatalf("try %d: %v", try, err)
			}
			if e.RetryAfter == 0 {
				checked++ // the attempt that locked it
				break
			}
			clk.Advance(time.Duration(e.RetryAfter) * time.Second)
		}
		if checked != identity.DefaultLimits.MaxSecondStepFailures {
			t.Fatalf("%d wrong codes were checked before the lock, want %d", checked, identity.DefaultLimits.MaxSecondStepFailures)
		}
		clk.Advance(24 * time.Hour)
		for _, m := range replicas {
			guess := clientFrom(m, "127.0.0.8")
			guess.SignInPassword(ctx, "ola@example.com", "Correct-Horse-7")
			if _, err := guess.SignInTOTP(ctx, api.SecondFactorRequest{Code: testkit.MustCode(t, setup.Key, clk.Now())}); api.ErrorCode(err) != api.CodeTooManyAttempts {
				t.Fatalf("the right code a day after the lock: %v, want too_many_attempts", err)
			}
		}
	})
}
