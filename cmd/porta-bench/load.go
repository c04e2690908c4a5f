package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/porta-id/porta/api"
)

// maxRequests caps one measurement, whatever its duration, so a very fast
// endpoint or a huge --duration cannot run away with memory (one latency
// sample each) or time.
const maxRequests = 1_000_000

// op is one measured request. A nil error counts as a success.
type op func(ctx context.Context) error

// newWorker prepares worker i (for example signs it in) and returns its op.
// It runs before the clock starts, so set-up is not measured.
type newWorker func(ctx context.Context, i int) (op, error)

// loadResult is what one measurement saw. Latency percentiles are over
// successful requests; failures are counted by kind.
type loadResult struct {
	Name string `json:"name"`
	// Store is the server's store, "" for in-process measurements. The
	// JSON has it once per store (storeRun), not on every result.
	Store     string         `json:"-"`
	Workers   int            `json:"concurrency"`
	OK        int            `json:"ok"`
	Failed    int            `json:"failed"`
	Seconds   float64        `json:"seconds"`
	PerSecond float64        `json:"perSecond"`
	P50Ms     float64        `json:"p50Ms"`
	P99Ms     float64        `json:"p99Ms"`
	Capped    bool           `json:"capped,omitempty"`
	Errors    map[string]int `json:"errors,omitempty"`
}

// label names the measurement in progress, errors and failures, like
// "password sign-in on postgres ×8".
func (r loadResult) label() string {
	if r.Store == "" {
		return fmt.Sprintf("%s ×%d", r.Name, r.Workers)
	}
	return fmt.Sprintf("%s on %s ×%d", r.Name, r.Store, r.Workers)
}

// FailRate is the share of requests that failed, 0 to 1.
func (r loadResult) FailRate() float64 {
	if r.OK+r.Failed == 0 {
		return 0
	}
	return float64(r.Failed) / float64(r.OK+r.Failed)
}

// tally is one worker's own record, merged after the run so workers never
// share a lock while measuring.
type tally struct {
	latencies []time.Duration
	failed    int
	errors    map[string]int
}

// runLoad is the one load loop behind every measurement: workers goroutines
// each repeat their op until d has passed, ctx ends or maxRequests were
// started in all. A request in flight at the deadline is let finish (and
// counted) rather than cancelled, so the deadline never shows up as errors.
func runLoad(ctx context.Context, name string, workers int, d time.Duration, setup newWorker) (loadResult, error) {
	return runBounded(ctx, name, workers, d, maxRequests, setup)
}

// runCount is runLoad bounded by n requests in all instead of a time.
func runCount(ctx context.Context, name string, workers, n int, setup newWorker) (loadResult, error) {
	r, err := runBounded(ctx, name, workers, noDeadline, int64(n), setup)
	r.Capped = false // reaching n is the plan, not a cap
	return r, err
}

// noDeadline is a duration no measurement reaches.
const noDeadline = 100 * 365 * 24 * time.Hour

// runBounded runs the workers until d has passed or limit requests were
// started in all, whichever comes first.
func runBounded(ctx context.Context, name string, workers int, d time.Duration, limit int64, setup newWorker) (loadResult, error) {
	ops := make([]op, workers)
	for i := range ops {
		o, err := setup(ctx, i)
		if err != nil {
			return loadResult{}, fmt.Errorf("%s ×%d: set up worker %d: %w", name, workers, i, err)
		}
		ops[i] = o
	}
	var started atomic.Int64
	tallies := make([]tally, workers)
	var wg sync.WaitGroup
	begin := time.Now()
	deadline := begin.Add(d)
	for i, o := range ops {
		wg.Go(func() { tallies[i] = work(ctx, o, deadline, &started, limit) })
	}
	wg.Wait()
	elapsed := time.Since(begin)
	if err := ctx.Err(); err != nil {
		return loadResult{}, fmt.Errorf("%s ×%d: %w", name, workers, err)
	}
	r := summarize(tallies, elapsed)
	r.Name, r.Workers, r.Capped = name, workers, started.Load() > limit
	return r, nil
}

// work is one worker's loop, bounded by the deadline and by limit
// requests started in all.
func work(ctx context.Context, o op, deadline time.Time, started *atomic.Int64, limit int64) tally {
	t := tally{errors: map[string]int{}}
	for ctx.Err() == nil && time.Now().Before(deadline) && started.Add(1) <= limit {
		t0 := time.Now()
		if err := o(ctx); err != nil {
			t.failed++
			t.errors[errorKind(err)]++
			continue
		}
		t.latencies = append(t.latencies, time.Since(t0))
	}
	return t
}

// summarize merges the workers' tallies into rates and percentiles.
func summarize(tallies []tally, elapsed time.Duration) loadResult {
	var all []time.Duration
	r := loadResult{Seconds: elapsed.Seconds(), Errors: map[string]int{}}
	for _, t := range tallies {
		all = append(all, t.latencies...)
		r.Failed += t.failed
		for k, n := range t.errors {
			r.Errors[k] += n
		}
	}
	slices.Sort(all)
	r.OK = len(all)
	r.PerSecond = float64(r.OK) / elapsed.Seconds()
	r.P50Ms = ms(percentile(all, 0.50))
	r.P99Ms = ms(percentile(all, 0.99))
	return r
}

// percentile is the nearest-rank percentile of sorted samples (0 if none).
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(i, 0)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// errorKind groups errors for the report: the API code and HTTP status
// when the server answered, the error text otherwise.
func errorKind(err error) string {
	var e *api.Error
	if errors.As(err, &e) {
		if e.Status != 0 {
			return fmt.Sprintf("%s (HTTP %d)", e.Code, e.Status)
		}
		return e.Code
	}
	return err.Error()
}
