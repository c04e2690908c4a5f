package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/api/store/bolt"
)

// MustUpdateBolt runs update on the bbolt file at path, creating it.
func MustUpdateBolt(tb testing.TB, path string, update func(tx *bbolt.Tx) error) {
	tb.Helper()
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(update); err != nil {
		tb.Fatal(err)
	}
}

// TestMeasureBolt checks the bytes in use of a bucket with pages of its
// own, of small buckets kept inline, and that deleting every record gives
// the bytes back while the file keeps its size.
func TestMeasureBolt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	value := bytes.Repeat([]byte("x"), 100)
	MustUpdateBolt(t, path, func(tx *bbolt.Tx) error {
		big, err := tx.CreateBucket([]byte("big"))
		if err != nil {
			return err
		}
		for i := range 200 {
			if err := big.Put(fmt.Appendf(nil, "key-%03d", i), value); err != nil {
				return err
			}
		}
		small, err := tx.CreateBucket([]byte("small"))
		if err != nil {
			return err
		}
		if err := small.Put([]byte("k"), []byte("v")); err != nil {
			return err
		}
		_, err = tx.CreateBucket([]byte("empty"))
		return err
	})
	full, err := measureBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	// An inline bucket is a 16-byte page header, then 16 bytes per
	// element, then its keys and values.
	if got := full.Buckets["small"]; got != (bucketUsage{Bytes: 16 + 16 + 2, Records: 1}) {
		t.Errorf("small = %+v, want 34 bytes, 1 record", got)
	}
	if got := full.Buckets["empty"]; got != (bucketUsage{Bytes: 16}) {
		t.Errorf("empty = %+v, want 16 bytes, 0 records", got)
	}
	big := full.Buckets["big"]
	if big.Records != 200 || big.Bytes < 200*(100+7) || big.Bytes > 200*(100+7+16)+4096 {
		t.Errorf("big = %+v, want 200 records in about 200 × 123 bytes", big)
	}
	if full.Bytes != big.Bytes+34+16 || full.Records != 201 || full.FileBytes < big.Bytes {
		t.Errorf("total = %+v, want the buckets' sum and a file at least that big", full)
	}

	MustUpdateBolt(t, path, func(tx *bbolt.Tx) error {
		b := tx.Bucket([]byte("big"))
		for i := range 200 {
			if err := b.Delete(fmt.Appendf(nil, "key-%03d", i)); err != nil {
				return err
			}
		}
		return nil
	})
	emptied, err := measureBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	if emptied.Bytes != 16+34+16 || emptied.Records != 1 {
		t.Errorf("after deleting big's records: %+v, want 66 bytes, 1 record", emptied)
	}
	if emptied.FileBytes != full.FileBytes {
		t.Errorf("file %d bytes after deleting, %d before: bbolt files do not shrink", emptied.FileBytes, full.FileBytes)
	}
	if got := strings.Join(bucketNames(full, emptied), " "); got != "big empty small" {
		t.Errorf("bucketNames = %q", got)
	}
}

// TestSweepBoltFile checks that the sweep run on a stopped server's file
// forgets a failure counter once the clock is past its expiry, and only
// then.
func TestSweepBoltFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "porta.db")
	st, err := bolt.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	expires := time.Now().Add(time.Hour)
	_, err = st.UpdateFailures(ctx, "email:someone@example.com", func(f store.Failures) (store.Failures, error) {
		f.Count, f.ExpiresAt = 1, expires
		return f, nil
	})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		now  time.Time
		want int
	}{{expires.Add(-time.Minute), 0}, {expires.Add(time.Minute), 1}} {
		swept, err := sweepBoltFile(ctx, path, c.now)
		if err != nil {
			t.Fatal(err)
		}
		if swept["limits"] != c.want {
			t.Errorf("sweep at expiry %+v: swept %v, want limits %d", c.now.Sub(expires), swept, c.want)
		}
	}
}

func TestSweepFlags(t *testing.T) {
	o, err := parseFlags([]string{"--skip-flood", "--sweep-signins", "500"}, io.Discard)
	if err != nil || !o.skipFlood || o.skipSweep || o.sweepSignIns != 500 {
		t.Errorf("parseFlags = %+v, %v; want the flood skipped and 500 sweep sign-ins", o, err)
	}
	if _, err := parseFlags([]string{"--sweep-signins", "0"}, io.Discard); err == nil {
		t.Error("--sweep-signins 0 was accepted")
	}
}
