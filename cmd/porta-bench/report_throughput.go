package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

func loadRow(w io.Writer, l loadResult, target, result string) {
	failed := fmt.Sprintf("%d of %d", l.Failed, l.OK+l.Failed)
	if l.Capped {
		result = strings.TrimSpace(result + fmt.Sprintf(" (stopped at the %d-request cap)", maxRequests))
	}
	fmt.Fprintf(w, "| %s | %s | %d | %.1f | %s | %s | %s | %s | %s |\n",
		l.Name, cmp.Or(l.Store, "—"), l.Workers, l.PerSecond, fmtMs(l.P50Ms), fmtMs(l.P99Ms), failed, target, result)
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
