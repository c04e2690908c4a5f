package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/porta-id/porta/api/store"
)

// runMigrateStore copies a whole store to an empty one: bbolt folder to
// PostgreSQL or back. Both must be closed to other writers (stop the
// servers): the copy is read once and then verified record by record.
func runMigrateStore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("porta admin migrate-store", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "source: a data folder (bbolt) or postgres://… (required)")
	to := fs.String("to", "", "destination, empty: a data folder (bbolt) or postgres://… (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := required(map[string]*string{"from": from, "to": to}); err != nil {
		return err
	}
	src, err := openLocation(ctx, *from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := openLocation(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()
	counts, err := store.Copy(ctx, src, dst)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "copied and verified %s\n", counts)
	return nil
}

// openLocation opens a store named by a postgres:// address or a folder.
func openLocation(ctx context.Context, loc string) (store.Store, error) {
	if isPostgres(loc) {
		return openStore(ctx, loc, "")
	}
	return openStore(ctx, "", loc)
}
