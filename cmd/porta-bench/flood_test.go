package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{7}, 7}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2}} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestReportFloodAndSweep checks that both measurements show their
// numbers next to their goals, and that a failed correct sign-in under
// the flood fails the run.
func TestReportFloodAndSweep(t *testing.T) {
	usage := func(bytes int64, failures int) boltUsage {
		return boltUsage{Bytes: bytes, Records: 3 + failures, Buckets: map[string]bucketUsage{
			"accounts": {Records: 3}, "failures": {Records: failures}, "sessions": {},
		}}
	}
	rep := &report{
		Flood: &floodResult{Repetitions: 3, Requests: 120, Addresses: 4, IdleMs: []float64{40, 50, 60}, FloodMs: []float64{70, 80, 300},
			IdleP50Ms: 50, FloodP50Ms: 80, Ratio: 1.6, Answers: map[string]int{"too_many_attempts (HTTP 429)": 330, "invalid_credentials (HTTP 401)": 30},
			AtStart: []int{100, 90, 95}, AtEnd: []int{10, 0, 5}},
		Sweep: &sweepResult{SignIns: loadResult{Name: "sign-in, unknown email", Store: "bbolt", Workers: 8, OK: 1000}, SweptAfter: "25h0m0s",
			Start: usage(2000, 0), Flooded: usage(90000, 1000), End: usage(2300, 0), Growth: 0.15, Swept: map[string]int{"limits": 1000}},
	}
	var md bytes.Buffer
	rep.writeMarkdown(&md)
	for _, want := range []string{
		"| idle | 50.00 ms | 40, 50, 60 ms |",
		"| ≤ 2× idle | 1.60× ✓ |",
		"330 × too_many_attempts (HTTP 429), 30 × invalid_credentials (HTTP 401)",
		"| after 1000 sign-ins of unknown emails | 90000 | 1003 |",
		"| ≤ start + 10 % | +15.0 % ✗ |",
		"accounts 3 → 3 → 3, failures 0 → 1000 → 0.",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, md.String())
		}
	}
	if err := rep.failures(); err != nil {
		t.Errorf("failures() = %v, want nil", err)
	}
	rep.Flood.Errors = map[string]int{"too_many_attempts (HTTP 429)": 1}
	if err := rep.failures(); err == nil || !strings.Contains(err.Error(), "correct sign-in failed 1 of 6") {
		t.Errorf("failures() = %v, want the failed correct sign-in named", err)
	}
}
