package identity_test

import (
	"context"
	"math"
	"sort"
	"testing"
	"time"

	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/testkit"
)

// BenchmarkSecondStepTOTP measures a whole second step at sign-in: the
// half-finished session is looked up, the failure limit checked, the code
// verified, its time step recorded atomically and the session replaced.
// The injected clock moves one TOTP step per operation, so every code is
// fresh. It reports requests per second and the p99 latency.
func BenchmarkSecondStepTOTP(b *testing.B) {
	ctx := context.Background()
	e := MustEnv(b)
	_, key := e.MustAppAccount(b)
	tokens := make([]string, b.N)
	codes := make([]string, b.N)
	for i := range tokens {
		e.clock.Advance(30 * time.Second)
		res := e.MustSignIn(b, "ann@example.com", goodPassword)
		tokens[i], codes[i] = res.Token, testkit.MustCode(b, key, e.clock.Now())
	}
	// Each code was made for the clock at its sign-in; replay them in order
	// on the same clock so each is valid when checked.
	e.clock.Advance(-30 * time.Second * time.Duration(b.N))
	lat := make([]time.Duration, b.N)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		e.clock.Advance(30 * time.Second)
		t0 := time.Now()
		if _, err := e.svc.SignInTOTP(ctx, tokens[i], identity.SecondFactor{Code: codes[i]}, meta); err != nil {
			b.Fatal(err)
		}
		lat[i] = time.Since(t0)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkPasskeySignIn is a whole sign-in with a passkey and nothing
// typed, as the server does it: the challenge, then the check of the
// answer (signature, counter, use kept) and the new session. The
// authenticator's own signing is left out of the figures.
func BenchmarkPasskeySignIn(b *testing.B) {
	ctx := context.Background()
	e := MustEnv(b, func(c *identity.Config) { c.Limits.IPChallengeBurst = math.MaxInt32 })
	ann := e.MustAccount(b, "ann@example.com", goodPassword)
	key := &testkit.Authenticator{Origin: localOrigin, UserVerified: true, Synced: true}
	e.mustAddPasskey(b, e.MustAuth(b, ann.Email), key, meta)
	lat := make([]time.Duration, b.N)
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		c, err := e.svc.BeginPasskeySignIn(ctx, meta)
		if err != nil {
			b.Fatal(err)
		}
		lat[i] = time.Since(t0)
		b.StopTimer()
		answer, err := key.Get(c.Options)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t1 := time.Now()
		if _, err := e.svc.SignInPasskey(ctx, c.Ceremony, answer, meta); err != nil {
			b.Fatal(err)
		}
		lat[i] += time.Since(t1)
		total += lat[i]
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(b.N)/total.Seconds(), "signins/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}
