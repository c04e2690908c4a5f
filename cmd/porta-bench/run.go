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
// with another for the cores. The hash ceiling is measured before and
// after the sign-ins: if the two differ, something else used the cores
// meanwhile and the report says the ratio is unreliable. The server is
// stopped on every return path.
func measureAll(ctx context.Context, o options, progress io.Writer) (*report, error) {
	rep := newReport(o)
	rep.WASM = measureWASM(o.wasm)

	fmt.Fprintf(progress, "starting %s …\n", o.binary)
	srv, err := startServer(ctx, o.binary)
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	b := &bench{url: srv.URL, d: o.duration, progress: progress}

	if rep.HashCeilingBefore, err = b.hashCeiling(ctx, "before"); err != nil {
		return nil, err
	}
	for _, workers := range signInConcurrency {
		r, err := b.signIn(ctx, workers)
		if err != nil {
			return nil, err
		}
		rep.SignIn = append(rep.SignIn, signInResult{loadResult: r})
	}
	if rep.HashCeilingAfter, err = b.hashCeiling(ctx, "after"); err != nil {
		return nil, err
	}
	if rep.Session, err = b.session(ctx, sessionConcurrency); err != nil {
		return nil, err
	}
	rep.rate()
	return rep, nil
}
