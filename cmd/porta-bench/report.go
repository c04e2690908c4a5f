package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"slices"
	"strconv"
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
		all = append(all, s.HashCeilingAfter, s.Session)
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

func loadRow(w io.Writer, l loadResult, target, result string) {
	failed := fmt.Sprintf("%d of %d", l.Failed, l.OK+l.Failed)
	if l.Capped {
		result = strings.TrimSpace(result + fmt.Sprintf(" (stopped at the %d-request cap)", maxRequests))
	}
	fmt.Fprintf(w, "| %s | %s | %d | %.1f | %s | %s | %s | %s | %s |\n",
		l.Name, cmp.Or(l.Store, "—"), l.Workers, l.PerSecond, fmtMs(l.P50Ms), fmtMs(l.P99Ms), failed, target, result)
}

// writeTable prints the size table: app.wasm raw, gzip and brotli, the
// hello world's brotli, and the difference, which carries the target.
func (s wasmSizes) writeTable(w io.Writer) {
	fmt.Fprintf(w, "\n| %s | bytes | KB | target | result |\n", s.Path)
	fmt.Fprintln(w, "|---|---:|---:|---|---|")
	sizeRow(w, "raw", s.Raw, "not built", "—", "")
	sizeRow(w, "gzip -9", s.Gzip, "not built", "—", "")
	sizeRow(w, "brotli", s.Brotli, "not built", "—", "")
	hello := "not built"
	if s.HelloSkipped {
		hello = "skipped (--skip-hello)"
	}
	sizeRow(w, "go-app hello world, brotli", s.HelloBrotli, hello, "—", "")
	target := fmt.Sprintf("≤ %.0f KB", kb(overHelloTarget))
	if s.OverHello == nil {
		fmt.Fprintf(w, "| Porta − hello, brotli | not measured | | %s | |\n", target)
		return
	}
	d := *s.OverHello
	fmt.Fprintf(w, "| Porta − hello, brotli | %d | %.1f | %s | %s |\n", d, kb(d), target, mark(d <= overHelloTarget))
}

// sizeRow prints one size, or missing in its place when size is 0.
func sizeRow(w io.Writer, kind string, size int64, missing, target, result string) {
	if size == 0 {
		fmt.Fprintf(w, "| %s | %s | | %s | %s |\n", kind, missing, target, result)
		return
	}
	fmt.Fprintf(w, "| %s | %d | %.1f | %s | %s |\n", kind, size, kb(size), target, result)
}

// writeCeiling says which ceiling the ratios use, and warns when the two
// measurements disagree: the machine was not idle, so the ratios are noise.
func (r *report) writeCeiling(w io.Writer) {
	fmt.Fprintf(w, "\nCeiling: %.1f verifies/s, the highest of the %d ceiling measurements (they differ by up to %.0f %%).\n", r.Ceiling, 1+len(r.Stores), 100*r.Drift)
	if r.Drift > maxDrift {
		fmt.Fprintf(w, "\n**Warning:** the ceiling moved by more than %.0f %% during the run: something else was using the cores, so the sign-in ratios are unreliable. Run again on an idle machine.\n", 100*maxDrift)
	}
}

// writePostgres says whether PostgreSQL was measured and, when it was,
// whether its commits were durable: without fsync or synchronous_commit
// its writes cost less than bbolt's synced ones, and the comparison
// flatters it.
func (r *report) writePostgres(w io.Writer) {
	p := r.Postgres
	if !p.Measured {
		fmt.Fprintln(w, "\nPostgreSQL: not measured (no --postgres; `make bench` passes one).")
		return
	}
	fmt.Fprintf(w, "\nPostgreSQL: %s, in a throwaway database, fsync %s, synchronous_commit %s.", p.Version, p.Fsync, p.SynchronousCommit)
	if p.Fsync != "on" || p.SynchronousCommit == "off" {
		fmt.Fprint(w, " Its commits are not durable, unlike bbolt's synced writes, so its sign-ins cost less than on a production server.")
	}
	fmt.Fprintln(w)
}

// writeFlood prints the fair-under-flood measurement: the person's sign-in
// idle and under the flood, and how the flood was answered.
func (r *report) writeFlood(w io.Writer) {
	f := r.Flood
	if f == nil {
		return
	}
	fmt.Fprintf(w, "\n| correct sign-in, bbolt, default limits | median of %d | each | target | result |\n", f.Repetitions)
	fmt.Fprintln(w, "|---|---:|---|---|---|")
	fmt.Fprintf(w, "| idle | %s | %s | — | |\n", fmtMs(f.IdleP50Ms), fmtSamples(f.IdleMs))
	fmt.Fprintf(w, "| while %d wrong passwords from %d other addresses are in flight | %s | %s | ≤ %.0f× idle | %.2f× %s |\n",
		f.Requests, f.Addresses, fmtMs(f.FloodP50Ms), fmtSamples(f.FloodMs), floodTarget, f.Ratio, mark(f.Ratio > 0 && f.Ratio <= floodTarget))
	fmt.Fprintf(w, "\nThe %d flood requests (%d floods of %d) were answered: %s. Flood requests unanswered when the sign-in was sent: %s; when it was answered: %s.\n",
		sum(f.Answers), f.Repetitions, f.Requests, fmtCounts(f.Answers), fmtInts(f.AtStart), fmtInts(f.AtEnd))
	if len(f.Errors) > 0 {
		fmt.Fprintf(w, "\nThe correct sign-in failed: %s.\n", fmtCounts(f.Errors))
	}
}

// writeSweep prints the sweep measurement: bytes in use at the start,
// after the sign-ins and after the sweep, and records by bucket.
func (r *report) writeSweep(w io.Writer) {
	s := r.Sweep
	if s == nil {
		return
	}
	fmt.Fprintln(w, "\n| bbolt store | bytes in use | records | file bytes | target | result |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---|---|")
	row := func(what string, u boltUsage, target, result string) {
		fmt.Fprintf(w, "| %s | %d | %d | %d | %s | %s |\n", what, u.Bytes, u.Records, u.FileBytes, target, result)
	}
	row("at start", s.Start, "—", "")
	row(fmt.Sprintf("after %d sign-ins of unknown emails", s.SignIns.OK+s.SignIns.Failed), s.Flooded, "—", "")
	row("after a sweep "+s.SweptAfter+" ahead", s.End, fmt.Sprintf("≤ start + %.0f %%", 100*sweepTarget),
		fmt.Sprintf("%+.1f %% %s", 100*s.Growth, mark(s.Growth <= sweepTarget)))
	l := s.SignIns
	fmt.Fprintf(w, "\nSign-ins: %d at concurrency %d in %.0f s (%.1f per second, p50 %s, p99 %s), %d answered other than invalid_credentials; server flags `%s`. Sweep removed: %s.\n",
		l.OK+l.Failed, l.Workers, l.Seconds, l.PerSecond, fmtMs(l.P50Ms), fmtMs(l.P99Ms), l.Failed, strings.Join(s.ServerFlags, " "), fmtCounts(s.Swept))
	var buckets []string
	for _, name := range bucketNames(s.Start, s.Flooded, s.End) {
		a, b, c := s.Start.Buckets[name].Records, s.Flooded.Buckets[name].Records, s.End.Buckets[name].Records
		if a+b+c > 0 {
			buckets = append(buckets, fmt.Sprintf("%s %d → %d → %d", name, a, b, c))
		}
	}
	fmt.Fprintf(w, "\nRecords by bucket (start → after sign-ins → after sweep): %s.\n", strings.Join(buckets, ", "))
}

// writeErrors lists the most frequent error kinds of each measurement, so
// no failure goes unexplained.
func (r *report) writeErrors(w io.Writer) {
	for _, l := range r.loads() {
		if l.Failed == 0 {
			continue
		}
		fmt.Fprintf(w, "\nErrors in %s:\n", l.label())
		kinds := slices.SortedFunc(maps.Keys(l.Errors), func(a, b string) int {
			return cmp.Or(cmp.Compare(l.Errors[b], l.Errors[a]), strings.Compare(a, b))
		})
		for i, k := range kinds {
			if i == errorKindsShown {
				fmt.Fprintf(w, "- and %d more kinds\n", len(kinds)-i)
				break
			}
			fmt.Fprintf(w, "- %d × %s\n", l.Errors[k], k)
		}
	}
}

// fmtCounts lists counts by kind, most frequent first: "3 × a, 1 × b".
func fmtCounts(m map[string]int) string {
	kinds := slices.SortedFunc(maps.Keys(m), func(a, b string) int {
		return cmp.Or(cmp.Compare(m[b], m[a]), strings.Compare(a, b))
	})
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%d × %s", m[k], k)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func fmtSamples(ms []float64) string {
	parts := make([]string, len(ms))
	for i, v := range ms {
		parts[i] = fmt.Sprintf("%.0f", v)
	}
	return strings.Join(parts, ", ") + " ms"
}

func fmtInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func fmtMs(v float64) string {
	if v >= 100 {
		return fmt.Sprintf("%.0f ms", v)
	}
	return fmt.Sprintf("%.2f ms", v)
}

func kb(bytes int64) float64 { return float64(bytes) / 1e3 }

func mark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}
