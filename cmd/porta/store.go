package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/api/store/bolt"
	"github.com/porta-id/porta/api/store/postgres"
)

// isPostgres reports whether a --store value names a PostgreSQL server.
func isPostgres(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// openStore opens PostgreSQL when storeURL names it, otherwise the bbolt
// store in the data folder.
func openStore(ctx context.Context, storeURL, data string) (store.Store, error) {
	switch {
	case isPostgres(storeURL):
		st, err := postgres.Open(ctx, storeURL)
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL store: %w", err)
		}
		return st, nil
	case storeURL != "":
		return nil, usageError{fmt.Sprintf("--store %q: want a postgres:// address (leave it empty for bbolt in --data)", redact(storeURL))}
	}
	st, err := bolt.Open(filepath.Join(data, "porta.db"))
	if err != nil {
		return nil, fmt.Errorf("open store in %s: %w", data, err)
	}
	return st, nil
}

// redact hides a password in a store address before it is printed.
func redact(s string) string {
	if at := strings.LastIndex(s, "@"); at > 0 {
		if scheme := strings.Index(s, "://"); scheme >= 0 && scheme < at {
			return s[:scheme+3] + "…" + s[at:]
		}
	}
	return s
}
