package main

import (
	"context"
	"fmt"
	"io"
)

// run measures everything, prints the report and then judges failures,
// so the numbers are visible even when the run fails.
func run(ctx context.Context, o options, stdout, stderr io.Writer) error {
	rep, err := measureAll(ctx, o, stderr)
	if err != nil {
		return err
	}
	rep.writeMarkdown(stdout)
	if o.jsonFile != "" {
		if err := rep.writeJSON(o.jsonFile); err != nil {
			return err
		}
	}
	return rep.failures()
}

// measureAll runs the measurements one after another, so none competes
// with another for the cores: the hash ceiling, then on a bbolt server
// and, with --postgres, on a PostgreSQL one, the sign-ins, the ceiling
// again and the session checks; the sign-in under a flood on the bbolt
// server; last the sweep measurement, on a bbolt server of its own. If the
// ceilings differ, something else used the cores meanwhile and the report
// says the ratios are unreliable.
// Each server is stopped, and the PostgreSQL database dropped, on every
// return path.
func measureAll(ctx context.Context, o options, progress io.Writer) (*report, error) {
	rep := newReport(o)
	rep.WASM = measureWASM(ctx, o.wasm, o.skipHello, progress)

	srv, err := startBench(ctx, o, "bbolt", "", progress)
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	b := &bench{url: srv.URL, store: "bbolt", d: o.duration, progress: progress}
	if b.product, err = srv.registerProduct(ctx); err != nil {
		return nil, fmt.Errorf("bbolt: %w", err)
	}
	if rep.HashCeilingBefore, err = b.hashCeiling(ctx, "before"); err != nil {
		return nil, err
	}
	run, err := b.measureStore(ctx)
	if err != nil {
		return nil, err
	}
	rep.Stores = append(rep.Stores, run)
	if !o.skipFlood {
		if rep.Flood, err = b.fairUnderFlood(ctx); err != nil {
			return nil, fmt.Errorf("bbolt: %w", err)
		}
	}
	srv.Stop() // idle, but out of the way of the next server

	if o.postgres != "" {
		db, info, err := createBenchDB(ctx, o.postgres)
		if err != nil {
			return nil, err
		}
		rep.Postgres = info
		fmt.Fprintf(progress, "created PostgreSQL database %s …\n", db.Name)
		defer func() {
			if err := db.Drop(); err != nil {
				fmt.Fprintf(progress, "porta-bench: warning: %v; drop it by hand\n", err)
			}
		}()
		pg, err := startBench(ctx, o, "postgres", db.URL, progress)
		if err != nil {
			return nil, err
		}
		defer pg.Stop() // before the deferred Drop: defers run last first
		pb := &bench{url: pg.URL, store: "postgres", d: o.duration, progress: progress}
		if pb.product, err = pg.registerProduct(ctx); err != nil {
			return nil, fmt.Errorf("postgres: %w", err)
		}
		run, err := pb.measureStore(ctx)
		if err != nil {
			return nil, err
		}
		rep.Stores = append(rep.Stores, run)
		pg.Stop()
	}
	if !o.skipSweep {
		if rep.Sweep, err = measureSweep(ctx, o.binary, o.sweepSignIns, progress); err != nil {
			return nil, err
		}
	}
	rep.rate()
	return rep, nil
}

// startBench starts the server on storeURL ("" for bbolt), saying so.
func startBench(ctx context.Context, o options, store, storeURL string, progress io.Writer) (*server, error) {
	fmt.Fprintf(progress, "starting %s on %s …\n", o.binary, store)
	srv, err := startServer(ctx, o.binary, storeURL)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", store, err)
	}
	return srv, nil
}
