package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Targets (docs/benchmarks.md).
const (
	// signInTarget: sign-ins per second as a share of the hash ceiling.
	// Everything around the hash (HTTP, JSON, store writes) should cost
	// under a tenth of it.
	signInTarget = 0.90
	// overHelloTarget is Porta's own code in the download: app.wasm's
	// brotli size over go-app's hello world's, in bytes (400 KB, decimal:
	// the stricter reading).
	overHelloTarget = 400_000
	// maxFailRate is the share of failed requests that fails the run.
	maxFailRate = 0.01
	// maxDrift is how far the two ceiling measurements may differ before
	// the report calls the ratios unreliable.
	maxDrift = 0.10
	// floodTarget: a correct sign-in under a flood of wrong passwords
	// from a few addresses may take at most this many times as long as on
	// the idle server: the fair hashing queue gives it the next free slot.
	floodTarget = 2.0
	// sweepTarget: after a sweep, the store's bytes in use are back within
	// this share of the start, so anonymous traffic leaves nothing behind.
	sweepTarget = 0.10
	// errorKindsShown bounds the error kinds listed per measurement.
	errorKindsShown = 5
)

// machine says where the numbers were measured; they mean little without
// it. LoadAverage (Linux only) shows whether something else was using the
// cores, which skews the sign-in to ceiling ratio.
type machine struct {
	CPUs        int    `json:"cpus"`
	OS          string `json:"os"`
	Arch        string `json:"arch"`
	Go          string `json:"go"`
	LoadAverage string `json:"loadAverage,omitempty"`
}

// signInResult is a sign-in measurement with its share of the ceiling.
type signInResult struct {
	loadResult
	CeilingRatio float64 `json:"ceilingRatio"`
}

// storeRun is what one server measured, by the store it keeps its data in.
type storeRun struct {
	Store  string         `json:"store"` // bbolt or postgres
	SignIn []signInResult `json:"signIn"`
	// HashCeilingAfter is the ceiling measured again right after these
	// sign-ins.
	HashCeilingAfter loadResult `json:"hashCeilingAfter"`
	Session          loadResult `json:"session"`
	// CodeExchange and Userinfo are the OpenID Provider's token endpoint
	// (authorization-code exchanges) and userinfo.
	CodeExchange loadResult `json:"codeExchange"`
	Userinfo     loadResult `json:"userinfo"`
}

// report is everything one run measured; it prints as Markdown and JSON.
type report struct {
	Date              time.Time  `json:"date"`
	Machine           machine    `json:"machine"`
	Binary            string     `json:"binary"`
	Duration          string     `json:"duration"`
	HashCeilingBefore loadResult `json:"hashCeilingBefore"`
	// Ceiling is the highest of the ceiling measurements (before, and after
	// each store's sign-ins), verifies per second; Drift is how much lower
	// the lowest one is, 0 to 1.
	Ceiling float64 `json:"ceilingPerSecond"`
	Drift   float64 `json:"ceilingDrift"`
	// Stores are the servers measured: bbolt, then postgres with --postgres.
	Stores   []storeRun   `json:"stores"`
	Postgres postgresInfo `json:"postgres"`
	// Flood and Sweep are nil when skipped (--skip-flood, --skip-sweep).
	Flood *floodResult `json:"flood,omitempty"`
	Sweep *sweepResult `json:"sweep,omitempty"`
	WASM  wasmSizes    `json:"wasm"`
}

func newReport(o options) *report {
	return &report{
		Date:     time.Now().UTC().Truncate(time.Second),
		Machine:  machine{CPUs: runtime.NumCPU(), OS: runtime.GOOS, Arch: runtime.GOARCH, Go: runtime.Version(), LoadAverage: loadAverage()},
		Binary:   o.binary,
		Duration: o.duration.String(),
	}
}

// rate sets the ceiling and each sign-in's share of it. The highest of
// the ceiling measurements is used, so a busy moment never flatters the
// ratio.
func (r *report) rate() {
	ceilings := []float64{r.HashCeilingBefore.PerSecond}
	for _, s := range r.Stores {
		ceilings = append(ceilings, s.HashCeilingAfter.PerSecond)
	}
	hi, lo := slices.Max(ceilings), slices.Min(ceilings)
	if hi == 0 {
		return
	}
	r.Ceiling, r.Drift = hi, 1-lo/hi
	for _, s := range r.Stores {
		for i := range s.SignIn {
			s.SignIn[i].CeilingRatio = s.SignIn[i].PerSecond / hi
		}
	}
}

// loads lists every throughput measurement in report (and measurement)
// order.
func (r *report) loads() []loadResult {
	all := []loadResult{r.HashCeilingBefore}
	for _, s := range r.Stores {
		for _, si := range s.SignIn {
			all = append(all, si.loadResult)
		}
		all = append(all, s.HashCeilingAfter, s.Session, s.CodeExchange, s.Userinfo)
	}
	if r.Sweep != nil {
		all = append(all, r.Sweep.SignIns)
	}
	return all
}

// failures is an error naming each measurement with more than maxFailRate
// failed requests, or nil.
func (r *report) failures() error {
	var bad []string
	for _, l := range r.loads() {
		if l.FailRate() > maxFailRate {
			bad = append(bad, fmt.Sprintf("%s: %.1f %% (%d of %d)", l.label(), 100*l.FailRate(), l.Failed, l.OK+l.Failed))
		}
	}
	var flood error
	if f := r.Flood; f != nil && len(f.Errors) > 0 {
		flood = fmt.Errorf("the correct sign-in failed %d of %d times idle or under the flood", sum(f.Errors), 2*f.Repetitions)
	}
	if bad == nil {
		return flood
	}
	return errors.Join(errors.New("more than 1 % of requests failed: "+strings.Join(bad, "; ")), flood)
}

func (r *report) writeJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// writeMarkdown prints the report as two tables (throughput, size) and
// lists errors and notes below them.
func (r *report) writeMarkdown(w io.Writer) {
	m := r.Machine
	fmt.Fprintf(w, "## Porta benchmark, %s\n\n", r.Date.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "Machine: %d CPUs, %s/%s, %s", m.CPUs, m.OS, m.Arch, m.Go)
	if m.LoadAverage != "" {
		fmt.Fprintf(w, ", load average %s at start", m.LoadAverage)
	}
	fmt.Fprintf(w, ". Server: %s. Each measurement: %s.\n\n", r.Binary, r.Duration)

	fmt.Fprintln(w, "| measurement | store | concurrency | per second | p50 | p99 | failed | target | result |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---|---|")
	loadRow(w, r.HashCeilingBefore, "—", "")
	for _, st := range r.Stores {
		for _, s := range st.SignIn {
			loadRow(w, s.loadResult, fmt.Sprintf("≥ %.0f %% of ceiling", 100*signInTarget),
				fmt.Sprintf("%.1f %% of ceiling %s", 100*s.CeilingRatio, mark(s.CeilingRatio >= signInTarget)))
		}
		loadRow(w, st.HashCeilingAfter, "—", "")
		loadRow(w, st.Session, "—", "")
		st.writeOpenID(w)
	}
	r.writeCeiling(w)
	r.writePostgres(w)
	r.writeFlood(w)
	r.writeSweep(w)

	r.WASM.writeTable(w)

	r.writeErrors(w)
	for _, n := range r.WASM.Notes {
		fmt.Fprintf(w, "\nNote: %s.\n", n)
	}
}

// loadAverage is the 1, 5 and 15 minute load average from /proc/loadavg,
// or "" where there is none.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func mark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

// writeOpenID prints the token endpoint and userinfo rows; the targets
// are bbolt's (on 2 cores): 1,000 code exchanges a second, and userinfo
// at least as fast as the session check.
func (st storeRun) writeOpenID(w io.Writer) {
	if st.CodeExchange.Name == "" {
		return
	}
	exTarget, uiTarget, exResult, uiResult := "—", "—", "", ""
	ratio := 0.0
	if st.Session.PerSecond > 0 {
		ratio = st.Userinfo.PerSecond / st.Session.PerSecond
	}
	if st.Store == "bbolt" {
		exTarget, uiTarget = fmt.Sprintf("≥ %d/s", exchangeTarget), "≥ session check"
		exResult = mark(st.CodeExchange.PerSecond >= exchangeTarget)
		uiResult = fmt.Sprintf("%.2f× session %s", ratio, mark(ratio >= 1))
	} else {
		uiResult = fmt.Sprintf("%.2f× session", ratio)
	}
	loadRow(w, st.CodeExchange, exTarget, exResult)
	loadRow(w, st.Userinfo, uiTarget, uiResult)
}
