package bolt_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/api/store/bolt"
	"github.com/porta-id/porta/api/store/storetest"
)

// MustOpen opens a store at path or fails tb.
func MustOpen(tb testing.TB, path string) *bolt.Store {
	tb.Helper()
	s, err := bolt.Open(path)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		return MustOpen(t, filepath.Join(t.TempDir(), "porta.db"))
	})
}

func TestOpen(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "data", "porta.db")
		s := MustOpen(t, path)
		defer s.Close()
		if s.Path() != path {
			t.Errorf("Path() = %q, want %q", s.Path(), path)
		}
		assertMode(t, path, 0o600)
		assertMode(t, filepath.Dir(path), 0o700|fs.ModeDir)
	})
	t.Run("ErrInUse", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "porta.db")
		s := MustOpen(t, path)
		defer s.Close()
		start := time.Now()
		_, err := bolt.Open(path)
		if err == nil || !strings.Contains(err.Error(), "store is in use by another process") {
			t.Fatalf("second Open: %v; want an in-use error", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("second Open took %v", d)
		}
	})
}

func assertMode(tb testing.TB, path string, want fs.FileMode) {
	tb.Helper()
	info, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	if info.Mode() != want {
		tb.Errorf("%s: mode %v, want %v", path, info.Mode(), want)
	}
}
