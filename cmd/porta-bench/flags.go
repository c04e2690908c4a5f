package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// options are the command-line flags.
type options struct {
	binary   string
	wasm     string
	duration time.Duration
	jsonFile string
	// postgres is the DSN of a PostgreSQL server to also measure on, or
	// "" to measure bbolt only.
	postgres string
	// skipFlood and skipSweep leave out those measurements, for a quick
	// run; sweepSignIns is how many sign-ins the sweep measurement sends.
	skipFlood    bool
	skipSweep    bool
	sweepSignIns int
	// skipHello leaves out building go-app's hello world, so the size
	// table has no Porta − hello row.
	skipHello bool
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("porta-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.binary, "binary", "./bin/porta", "porta server binary to start")
	fs.StringVar(&o.wasm, "wasm", "web/app.wasm", "app.wasm to size (FILE.gz and FILE.br are read next to it)")
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "how long each throughput measurement runs")
	fs.StringVar(&o.jsonFile, "json", "", "also write the results as JSON to this file")
	fs.StringVar(&o.postgres, "postgres", "", "postgres://… server to also measure on, in a throwaway database it creates and drops")
	fs.BoolVar(&o.skipFlood, "skip-flood", false, "leave out the sign-in under a flood of wrong passwords")
	fs.BoolVar(&o.skipSweep, "skip-sweep", false, "leave out the store size before and after many sign-ins and a sweep")
	fs.BoolVar(&o.skipHello, "skip-hello", false, "leave out building go-app's hello world to WebAssembly (Porta's size over go-app's floor)")
	fs.IntVar(&o.sweepSignIns, "sweep-signins", 100_000, "unknown-email sign-ins the sweep measurement sends")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.duration <= 0 {
		return o, fmt.Errorf("--duration must be positive")
	}
	if o.sweepSignIns <= 0 {
		return o, fmt.Errorf("--sweep-signins must be positive")
	}
	if o.postgres != "" && !isPostgresURL(o.postgres) {
		return o, fmt.Errorf("--postgres: want a postgres:// or postgresql:// address, as porta serve --store takes")
	}
	return o, nil
}

// usageExit reports a flag error and returns the exit code: 0 for -h,
// 2 for a mistake on the command line.
func usageExit(err error, stderr io.Writer) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintln(stderr, "porta-bench:", err)
	return 2
}

// isPostgresURL reports whether s is a URL porta serve --store accepts.
func isPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}
