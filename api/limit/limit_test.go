package limit_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/porta-id/porta/api/limit"
	"github.com/porta-id/porta/api/testkit"
)

var (
	t0   = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	rule = limit.Rule{Free: 5, MaxDelay: 15 * time.Minute, Max: 100, Lock: time.Hour, Forget: 24 * time.Hour}
)

// race runs f n times at once and counts the calls that returned nil and
// those refused.
func race(tb testing.TB, n int, f func() error) (ok, refused int) {
	tb.Helper()
	var wg sync.WaitGroup
	var okN, refusedN atomic.Int64
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := f()
			if _, isRefused := limit.IsRefused(err); isRefused {
				refusedN.Add(1)
			} else if err != nil {
				tb.Error(err)
			} else {
				okN.Add(1)
			}
		}()
	}
	wg.Wait()
	return int(okN.Load()), int(refusedN.Load())
}

func TestReserve(t *testing.T) {
	ctx := context.Background()
	t.Run("RacingTakesOnlyTheFreeAttempts", func(t *testing.T) {
		l := limit.New(testkit.MustBolt(t))
		ok, refused := race(t, 110, func() error {
			_, err := l.Reserve(ctx, "email:ada@example.com", rule, t0)
			return err
		})
		if ok != rule.Free || refused != 110-rule.Free {
			t.Fatalf("ok %d, refused %d; want %d and %d", ok, refused, rule.Free, 110-rule.Free)
		}
	})
	t.Run("DelaysGrowAndMustPass", func(t *testing.T) {
		l := limit.New(testkit.MustBolt(t))
		now := t0
		var waits []time.Duration
		for {
			a, err := l.Reserve(ctx, "k", rule, now)
			if r, refused := limit.IsRefused(err); refused {
				waits = append(waits, r.Wait)
				if len(waits) > 200 {
					t.Fatal("never locked")
				}
				now = now.Add(r.Wait)
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Locks {
				if a.Count != rule.Max {
					t.Fatalf("locked at %d failures, want %d", a.Count, rule.Max)
				}
				break
			}
		}
		if waits[0] != time.Second || waits[1] != 2*time.Second || waits[len(waits)-1] != rule.MaxDelay {
			t.Errorf("waits %v…%v, want 1s, 2s, … %v", waits[:2], waits[len(waits)-1], rule.MaxDelay)
		}
		// The lock came only after every delay really passed: 95 waits,
		// most of them the 15-minute maximum.
		if elapsed := now.Sub(t0); elapsed < 20*time.Hour {
			t.Errorf("locked after %v; the delays should take about a day", elapsed)
		}
		if _, err := l.Reserve(ctx, "k", rule, now.Add(59*time.Minute)); err == nil {
			t.Error("attempt allowed during the hour lock")
		}
		if _, err := l.Reserve(ctx, "k", rule, now.Add(time.Hour)); err != nil {
			t.Errorf("after the lock: %v", err)
		}
	})
	t.Run("BurstCannotJumpToTheLock", func(t *testing.T) {
		l := limit.New(testkit.MustBolt(t))
		for i := range 1000 {
			now := t0.Add(time.Duration(i) * 10 * time.Millisecond)
			if a, err := l.Reserve(ctx, "k", rule, now); err == nil && a.Locks {
				t.Fatalf("locked after %v", now.Sub(t0))
			}
		}
	})
	t.Run("LockUntilResetEndsOnlyWithClear", func(t *testing.T) {
		l := limit.New(testkit.MustBolt(t))
		r := limit.Rule{Free: 1, MaxDelay: time.Second, Max: 3}
		now := t0
		for range 3 {
			now = now.Add(time.Second)
			if _, err := l.Reserve(ctx, "k", r, now); err != nil {
				t.Fatal(err)
			}
		}
		_, err := l.Reserve(ctx, "k", r, now.Add(365*24*time.Hour))
		if ref, ok := limit.IsRefused(err); !ok || !ref.UntilReset {
			t.Fatalf("a year later: %v, want locked until reset", err)
		}
		if err := l.Clear(ctx, "k"); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Reserve(ctx, "k", r, now); err != nil {
			t.Fatalf("after Clear: %v", err)
		}
	})
	t.Run("ClearForgetsTheFailures", func(t *testing.T) {
		l := limit.New(testkit.MustBolt(t))
		for range rule.Free {
			l.Reserve(ctx, "k", rule, t0)
		}
		if err := l.Clear(ctx, "k"); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Reserve(ctx, "k", rule, t0); err != nil {
			t.Fatalf("after Clear: %v", err)
		}
	})
}

func TestTake(t *testing.T) {
	ctx := context.Background()
	b := limit.Bucket{PerMinute: 10, Burst: 30}
	t.Run("RacingSpendsAtMostTheBurst", func(t *testing.T) {
		l := limit.New(testkit.MustBolt(t))
		ok, refused := race(t, 100, func() error { return l.Take(ctx, "ip:192.0.2.1", b, t0) })
		if ok != b.Burst || refused != 100-b.Burst {
			t.Fatalf("ok %d, refused %d; want %d and %d", ok, refused, b.Burst, 100-b.Burst)
		}
	})
	t.Run("RefillsAtTheRate", func(t *testing.T) {
		l := limit.New(testkit.MustBolt(t))
		for range b.Burst {
			if err := l.Take(ctx, "k", b, t0); err != nil {
				t.Fatal(err)
			}
		}
		err := l.Take(ctx, "k", b, t0)
		r, refused := limit.IsRefused(err)
		if !refused || r.Wait != 6*time.Second {
			t.Fatalf("full bucket: %v, want a 6 s wait", err)
		}
		if err := l.Take(ctx, "k", b, t0.Add(6*time.Second)); err != nil {
			t.Fatalf("after 6 s: %v", err)
		}
	})
	t.Run("GiveReturnsAUnit", func(t *testing.T) {
		l := limit.New(testkit.MustBolt(t))
		for range b.Burst {
			l.Take(ctx, "k", b, t0)
		}
		if err := l.Give(ctx, "k", b, t0); err != nil {
			t.Fatal(err)
		}
		if err := l.Take(ctx, "k", b, t0); err != nil {
			t.Fatalf("after Give: %v", err)
		}
	})
}

func TestCount(t *testing.T) {
	ctx := context.Background()
	l := limit.New(testkit.MustBolt(t))
	for i := 1; i <= 4; i++ {
		ok, err := l.Count(ctx, "send:reset:ada", time.Hour, 3, t0.Add(time.Duration(i)*time.Minute))
		if err != nil || ok != (i <= 3) {
			t.Fatalf("send %d: ok=%v err=%v", i, ok, err)
		}
	}
	if ok, _ := l.Count(ctx, "send:reset:ada", time.Hour, 3, t0.Add(time.Hour+time.Minute)); !ok {
		t.Error("a new window should allow a send")
	}
}

// TestCheck: Check refuses exactly when Reserve would, and counts nothing.
func TestCheck(t *testing.T) {
	ctx := context.Background()
	l := limit.New(testkit.MustBolt(t))
	for range 10 {
		if err := l.Check(ctx, "k", rule, t0); err != nil {
			t.Fatalf("Check before any failure: %v", err)
		}
	}
	for range rule.Free {
		if _, err := l.Reserve(ctx, "k", rule, t0); err != nil {
			t.Fatalf("Reserve within the free attempts: %v", err)
		}
	}
	r, refused := limit.IsRefused(l.Check(ctx, "k", rule, t0))
	if !refused {
		t.Fatal("Check passed where Reserve must wait")
	}
	if _, err := l.Reserve(ctx, "k", rule, t0.Add(r.Wait-time.Nanosecond)); err == nil {
		t.Errorf("Reserve passed before Check's wait of %v was over", r.Wait)
	}
	if err := l.Check(ctx, "k", rule, t0.Add(r.Wait)); err != nil {
		t.Errorf("Check after its wait: %v", err)
	}
	if _, err := l.Reserve(ctx, "k", rule, t0.Add(r.Wait)); err != nil {
		t.Errorf("Reserve after Check's wait: %v", err)
	}
}
