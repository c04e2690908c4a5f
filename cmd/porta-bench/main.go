// Command porta-bench is the load tool behind `make bench`. It starts the
// real porta binary on a loopback port, measures the argon2id hash-only
// ceiling in-process, then password sign-ins and session checks per second
// over HTTP, on bbolt and, with --postgres, again on a PostgreSQL store in
// a throwaway database, and the size of app.wasm over that of go-app's
// hello world, which it builds (cmd/porta-bench/hello). On bbolt it also
// measures a correct sign-in while a flood of wrong passwords from a few
// addresses is in flight, and the store's bytes in use before and after
// many sign-ins of unknown emails and a sweep. It prints Markdown tables
// with each number next to its target (see docs/benchmarks.md).
//
// It exits 1 when a measurement could not run or when more than 1 % of
// the requests of any measurement failed: a throughput number that
// hides errors is worse than none. Missed targets are shown, not fatal,
// because they depend on the machine.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		os.Exit(usageExit(err, os.Stderr))
	}
	// Ctrl-C ends the run early; the deferred clean-up still ends the
	// servers and drops the PostgreSQL database.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = run(ctx, opts, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "porta-bench:", err)
		os.Exit(1)
	}
}
