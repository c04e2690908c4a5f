// Package limit owns Porta's attempt limits: per-account counters with
// growing delays and locks, and per-address buckets. Every count lives in
// the store and is reserved by one atomic update before the work it guards
// (a password hash, a code check) runs, so parallel requests cannot share
// a slot and several replicas share one budget.
package limit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/porta-id/porta/api/store"
)

// Rule shapes a counter of consecutive failures.
type Rule struct {
	// Free is how many consecutive failures are allowed before each
	// further attempt must wait; the wait doubles from one second.
	Free int
	// MaxDelay caps that wait.
	MaxDelay time.Duration
	// Max consecutive failures lock the key.
	Max int
	// Lock is how long a lock lasts; zero keeps it until Clear (the owner
	// resets the password by email).
	Lock time.Duration
	// Forget drops a counter that saw no attempt for this long.
	Forget time.Duration
}

// Bucket shapes a per-address token bucket: Burst attempts at once, then
// PerMinute on average.
type Bucket struct {
	PerMinute float64
	Burst     int
}

// untilReset is the LockedUntil of a lock that only Clear ends.
var untilReset = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// Refused is the error for an attempt that may not run now.
type Refused struct {
	// Wait is how long until the next attempt may run; zero with
	// UntilReset.
	Wait time.Duration
	// UntilReset means the key is locked until its owner resets it.
	UntilReset bool
}

func (r *Refused) Error() string {
	if r.UntilReset {
		return "limit: locked until reset"
	}
	return fmt.Sprintf("limit: retry in %s", r.Wait)
}

// RetryAfterSeconds is Wait rounded up to whole seconds, at least one.
func (r *Refused) RetryAfterSeconds() int {
	return max(1, int(math.Ceil(r.Wait.Seconds())))
}

// IsRefused reports whether err is a *Refused and returns it.
func IsRefused(err error) (*Refused, bool) {
	var r *Refused
	ok := errors.As(err, &r)
	return r, ok
}

// Limiter reserves attempts through a store.
type Limiter struct {
	store store.Store
}

// New returns a Limiter keeping its counts in st.
func New(st store.Store) *Limiter { return &Limiter{store: st} }

// Attempt is a reserved slot: it is already counted as a failure, so a
// request that dies halfway still paid for its try. Call Succeeded when
// the check passes.
type Attempt struct {
	// Locks reports that this attempt, if it fails, locks the key.
	Locks bool
	// Count is the number of consecutive failures including this one.
	Count int
}

// delay is the wait owed after count consecutive failures.
func (r Rule) delay(count int) time.Duration {
	if count < r.Free {
		return 0
	}
	shift := count - r.Free
	if shift > 30 {
		return r.MaxDelay
	}
	return min(time.Second<<shift, r.MaxDelay)
}

// refusal is why f allows no attempt at now (locked, or within the delay
// its last failure earned), or nil.
func (r Rule) refusal(f store.Failures, now time.Time) error {
	if now.Before(f.LockedUntil) {
		return &Refused{Wait: f.LockedUntil.Sub(now), UntilReset: !f.LockedUntil.Before(untilReset)}
	}
	if next := f.LastFailure.Add(r.delay(f.Count)); f.Count > 0 && now.Before(next) {
		return &Refused{Wait: next.Sub(now)}
	}
	return nil
}

// Reserve takes an attempt slot for key at now, or returns *Refused while
// key is locked or its delay has not passed. The slot is counted before the
// caller checks anything, in one store update. Errors: *Refused, store errors.
func (l *Limiter) Reserve(ctx context.Context, key string, r Rule, now time.Time) (Attempt, error) {
	var a Attempt
	_, err := l.store.UpdateFailures(ctx, key, func(f store.Failures) (store.Failures, error) {
		if err := r.refusal(f, now); err != nil {
			return f, err
		}
		if !f.LockedUntil.IsZero() {
			f.Count, f.LockedUntil = 0, time.Time{}
		}
		f.Count++
		f.LastFailure = now
		f.ExpiresAt = now.Add(max(r.Forget, r.MaxDelay))
		a = Attempt{Count: f.Count, Locks: f.Count >= r.Max}
		if a.Locks {
			f.LockedUntil = untilReset
			if r.Lock > 0 {
				f.LockedUntil = now.Add(r.Lock)
			}
			f.ExpiresAt = maxTime(f.ExpiresAt, f.LockedUntil)
		}
		return f, nil
	})
	return a, err
}

// Clear resets key after a success (or the owner's reset), lifting any lock.
func (l *Limiter) Clear(ctx context.Context, key string) error {
	_, err := l.store.UpdateFailures(ctx, key, func(f store.Failures) (store.Failures, error) {
		return store.Failures{Key: f.Key}, nil
	})
	return err
}

// Take spends one unit of key's bucket at now, or returns *Refused when the
// bucket is empty. The bucket is kept as the time its spending is paid off
// (GCRA), in LastFailure, so one store update both checks and spends.
// Errors: *Refused, store errors.
func (l *Limiter) Take(ctx context.Context, key string, b Bucket, now time.Time) error {
	interval := b.interval()
	_, err := l.store.UpdateFailures(ctx, key, func(f store.Failures) (store.Failures, error) {
		paid := maxTime(f.LastFailure, now).Add(interval)
		if over := paid.Sub(now) - time.Duration(b.Burst)*interval; over > 0 {
			return f, &Refused{Wait: over}
		}
		f.LastFailure, f.ExpiresAt = paid, paid
		f.Count = 1
		return f, nil
	})
	return err
}

// Give returns one unit taken from key's bucket, for an attempt that
// turned out not to be a failure.
func (l *Limiter) Give(ctx context.Context, key string, b Bucket, now time.Time) error {
	_, err := l.store.UpdateFailures(ctx, key, func(f store.Failures) (store.Failures, error) {
		paid := f.LastFailure.Add(-b.interval())
		if !paid.After(now) {
			return store.Failures{Key: f.Key}, nil
		}
		f.LastFailure, f.ExpiresAt = paid, paid
		return f, nil
	})
	return err
}

func (b Bucket) interval() time.Duration {
	return time.Duration(float64(time.Minute) / b.PerMinute)
}

// Count counts one event for key in a fixed window starting at its first
// event and reports whether the count is still at most limit.
func (l *Limiter) Count(ctx context.Context, key string, window time.Duration, limit int, now time.Time) (bool, error) {
	f, err := l.store.UpdateFailures(ctx, key, func(f store.Failures) (store.Failures, error) {
		if f.Count == 0 || now.Sub(f.LastFailure) >= window {
			f.Count, f.LastFailure = 0, now
		}
		f.Count++
		f.ExpiresAt = f.LastFailure.Add(window)
		return f, nil
	})
	if err != nil {
		return false, err
	}
	return f.Count <= limit, nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
