package identity

import (
	"context"
	"math"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/porta-id/porta/api/store"
)

// failureKey is the counter key for an email. Unknown emails are counted
// too, so limits behave the same whether or not an account exists.
func failureKey(email string) string { return "email:" + email }

// delayFor is the wait owed before the next attempt after count failures.
func (l Limits) delayFor(count int) time.Duration {
	if count < l.FreeFailures {
		return 0
	}
	shift := count - l.FreeFailures
	if shift > 30 {
		return l.MaxDelay
	}
	return min(time.Second<<shift, l.MaxDelay)
}

func errTooMany(wait time.Duration) *Error {
	secs := int(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	e := Errorf(ETooMany, "Too many attempts. Try again in %s.", humanDuration(secs))
	e.RetryAfter = secs
	return e
}

func humanDuration(secs int) string {
	switch {
	case secs < 2:
		return "1 second"
	case secs < 120:
		return strconv.Itoa(secs) + " seconds"
	default:
		return strconv.Itoa((secs+59)/60) + " minutes"
	}
}

// claimAttempt checks that key may try now. Once delays apply it also
// stamps the attempt, so parallel guesses cannot share one slot.
func (s *Service) claimAttempt(ctx context.Context, key string, now time.Time) error {
	f, err := s.store.GetFailures(ctx, key)
	if err != nil {
		return err
	}
	if f.Count < s.limits.FreeFailures && f.LockedUntil.IsZero() {
		return nil
	}
	_, err = s.store.UpdateFailures(ctx, key, func(f store.Failures) (store.Failures, error) {
		if now.Before(f.LockedUntil) {
			return f, errTooMany(f.LockedUntil.Sub(now))
		}
		if next := f.LastFailure.Add(s.limits.delayFor(f.Count)); now.Before(next) {
			return f, errTooMany(next.Sub(now))
		}
		f.LastFailure = now
		return f, nil
	})
	return err
}

// recordFailure counts a failed attempt and locks the key at the limit.
func (s *Service) recordFailure(ctx context.Context, key, ip string, now time.Time) error {
	s.ips.take(ip, now)
	_, err := s.store.UpdateFailures(ctx, key, func(f store.Failures) (store.Failures, error) {
		f.Count++
		f.LastFailure = now
		if f.Count >= s.limits.MaxFailures {
			f.LockedUntil = now.Add(s.limits.LockDuration)
		}
		return f, nil
	})
	return err
}

// clearFailures resets the key after a success.
func (s *Service) clearFailures(ctx context.Context, key string) error {
	f, err := s.store.GetFailures(ctx, key)
	if err != nil || (f.Count == 0 && f.LockedUntil.IsZero()) {
		return err
	}
	_, err = s.store.UpdateFailures(ctx, key, func(store.Failures) (store.Failures, error) {
		return store.Failures{Key: key}, nil
	})
	return err
}

// ipLimiter keeps a token bucket per client IP in this process. Buckets
// are refilled by time; idle ones are dropped so the map stays small.
type ipLimiter struct {
	mu      sync.Mutex
	perSec  rate.Limit
	burst   int
	buckets map[string]*rate.Limiter
	swept   time.Time
}

func newIPLimiter(perMinute float64, burst int) *ipLimiter {
	return &ipLimiter{perSec: rate.Limit(perMinute / 60), burst: burst, buckets: map[string]*rate.Limiter{}}
}

func (l *ipLimiter) bucket(ip string, now time.Time) *rate.Limiter {
	if now.Sub(l.swept) > 10*time.Minute {
		for k, b := range l.buckets {
			if b.TokensAt(now) >= float64(l.burst) {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[ip]
	if !ok {
		b = rate.NewLimiter(l.perSec, l.burst)
		l.buckets[ip] = b
	}
	return b
}

// allow reports whether ip still has budget, without spending it.
func (l *ipLimiter) allow(ip string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket(ip, now)
	if b.TokensAt(now) >= 1 {
		return true, 0
	}
	wait := time.Duration((1 - b.TokensAt(now)) / float64(l.perSec) * float64(time.Second))
	return false, wait
}

// take spends one unit of ip's budget.
func (l *ipLimiter) take(ip string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.bucket(ip, now).AllowN(now, 1)
}

// checkIP returns ETooMany when ip has spent its budget.
func (s *Service) checkIP(ip string, now time.Time) error {
	if ok, wait := s.ips.allow(ip, now); !ok {
		return errTooMany(wait)
	}
	return nil
}

// sendWindow is the window of the per-address send cap.
const sendWindow = time.Hour

// checkSendIP spends one unit of ip's sending budget, or returns ETooMany.
func (s *Service) checkSendIP(ip string) error {
	now := s.now()
	if ok, wait := s.sends.allow(ip, now); !ok {
		return errTooMany(wait)
	}
	s.sends.take(ip, now)
	return nil
}

// allowSendTo counts one email of a kind to an address and reports whether
// it is within SendsPerAddress for the current window. The counter reuses
// Failures: LastFailure holds the window's start.
func (s *Service) allowSendTo(ctx context.Context, key string) (bool, error) {
	now := s.now()
	f, err := s.store.UpdateFailures(ctx, "send:"+key, func(f store.Failures) (store.Failures, error) {
		if now.Sub(f.LastFailure) >= sendWindow {
			f.Count, f.LastFailure = 0, now
		}
		f.Count++
		return f, nil
	})
	if err != nil {
		return false, err
	}
	return f.Count <= s.limits.SendsPerAddress, nil
}
