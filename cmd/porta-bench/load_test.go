package main

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
)

// TestRunLoadCountsFailures checks that every error is counted by kind and
// that more than 1 % failed fails the run: a benchmark must not hide errors.
func TestRunLoadCountsFailures(t *testing.T) {
	var n atomic.Int64
	tooMany := &api.Error{Code: api.CodeTooManyAttempts, Status: 429}
	r, err := runLoad(context.Background(), "fake", 4, 50*time.Millisecond, func(context.Context, int) (op, error) {
		return func(context.Context) error {
			if n.Add(1)%10 == 0 {
				return tooMany
			}
			return nil
		}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.OK+r.Failed != int(n.Load()) || r.Failed == 0 {
		t.Fatalf("ok %d + failed %d, want %d requests with some failed", r.OK, r.Failed, n.Load())
	}
	if got := r.Errors["too_many_attempts (HTTP 429)"]; got != r.Failed {
		t.Fatalf("errors %v, want all %d as too_many_attempts (HTTP 429)", r.Errors, r.Failed)
	}
	r.Store = "postgres"
	rep := &report{Stores: []storeRun{{Store: "bbolt"}, {Store: "postgres", Session: r}}}
	if err := rep.failures(); err == nil || !strings.Contains(err.Error(), "fake on postgres ×4") {
		t.Fatalf("failures() = %v, want fake on postgres ×4 named", err)
	}
}

// TestRunLoadSetupError checks that a worker that cannot start stops the
// measurement before the clock starts.
func TestRunLoadSetupError(t *testing.T) {
	_, err := runLoad(context.Background(), "fake", 2, time.Hour, func(_ context.Context, i int) (op, error) {
		return nil, errors.New("cannot sign in")
	})
	if err == nil || !strings.Contains(err.Error(), "cannot sign in") {
		t.Fatalf("err = %v, want the set-up error", err)
	}
}

func TestPercentile(t *testing.T) {
	var s []time.Duration
	for i := 1; i <= 100; i++ {
		s = append(s, time.Duration(i))
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{0.50, 50}, {0.99, 99}, {1, 100}, {0, 1}} {
		if got := percentile(s, c.p); got != c.want {
			t.Errorf("percentile(%v) = %v, want %v", c.p, got, c.want)
		}
	}
	if got := percentile(nil, 0.5); got != 0 {
		t.Errorf("percentile(nil) = %v, want 0", got)
	}
}
