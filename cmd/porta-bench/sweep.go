package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store/bolt"
)

// sweepWorkers is the concurrency of the sign-ins the sweep measurement
// sends: enough to keep bbolt's one writer busy on two cores.
const sweepWorkers = 8

// cheapArgon2 makes a password check nearly free, so the sweep
// measurement's sign-ins cost their store writes, not the hash.
var cheapArgon2 = identity.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

// sweepServerFlags run the sweep measurement's server with cheap hashing
// and per-address limits wide open: one client sends every sign-in, and
// the production limits would refuse all but a few dozen of them, which
// would then leave nothing for the sweep to forget.
var sweepServerFlags = []string{
	"--argon2-memory", strconv.Itoa(int(cheapArgon2.MemoryKiB)), "--argon2-time", strconv.Itoa(int(cheapArgon2.Time)),
	"--ip-failure-burst", "1000000000", "--ip-failures-per-minute", "1000000000", "--hashes-per-address", "1000",
}

// sweepResult is the sweep measurement on bbolt: the store's bytes in use
// before and after many sign-ins of unknown emails, and after a sweep run
// as if a day had passed.
type sweepResult struct {
	ServerFlags []string `json:"serverFlags"`
	// SignIns are the unknown-email sign-ins; an answer other than
	// invalid_credentials counts as failed.
	SignIns loadResult `json:"signIns"`
	// SweptAfter is how far ahead of the real clock the sweep ran.
	SweptAfter string `json:"sweptAfter"`
	// Swept is what Sweep reported removing, by kind.
	Swept   map[string]int `json:"swept"`
	Start   boltUsage      `json:"start"`
	Flooded boltUsage      `json:"afterSignIns"`
	End     boltUsage      `json:"afterSweep"`
	// Growth is End.Bytes ÷ Start.Bytes − 1.
	Growth float64 `json:"growth"`
}

// boltUsage is what a bbolt file holds: bytes in use and records, in
// all and by bucket, and the file's size. The file never shrinks (freed
// pages are kept for reuse), so only bytes in use show what a sweep gave
// back.
type boltUsage struct {
	Bytes     int64                  `json:"bytesInUse"`
	Records   int                    `json:"records"`
	FileBytes int64                  `json:"fileBytes"`
	Buckets   map[string]bucketUsage `json:"buckets"`
}

type bucketUsage struct {
	Bytes   int64 `json:"bytesInUse"`
	Records int   `json:"records"`
}

// measureSweep starts a bbolt server with sweepServerFlags and measures
// its store (stopped each time, since bbolt locks the file) at the start,
// after n sign-ins of random unknown emails and after a sweep.
//
// The sweep runs here, in this process, on the stopped server's file:
// identity.New over bolt.Open, then Service.Sweep with a clock past
// --failures-forget. That is the code porta serve runs every 10 minutes,
// on the same store; porta has no admin command or flag that runs it
// sooner, and counters only expire --failures-forget (a day by default)
// after their last attempt, which a benchmark cannot wait for. A server
// started on a shifted clock is not possible either: the clock is only a
// field of Config, set by tests.
func measureSweep(ctx context.Context, binary string, n int, progress io.Writer) (*sweepResult, error) {
	r := &sweepResult{ServerFlags: sweepServerFlags}
	fmt.Fprintf(progress, "starting %s on bbolt for the sweep (%v) …\n", binary, sweepServerFlags)
	srv, err := startServer(ctx, binary, "", sweepServerFlags...)
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	defer srv.Stop()
	srv.Pause()
	if r.Start, err = measureBolt(srv.boltPath()); err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	// Resumed without --demo: the demo is seeded, and seeding it again
	// would append an audit event that has nothing to do with the sign-ins.
	srv.demo = false
	if err := srv.Resume(ctx); err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	fmt.Fprintf(progress, "%d sign-ins of unknown emails on bbolt ×%d …\n", n, sweepWorkers)
	r.SignIns, err = runCount(ctx, "sign-in, unknown email (cheap hash)", sweepWorkers, n, func(context.Context, int) (op, error) {
		c := newClient(srv.URL, nil)
		return func(ctx context.Context) error {
			if err := c.signInUnknown(ctx); api.ErrorCode(err) != api.CodeInvalidCredentials {
				if err == nil {
					return fmt.Errorf("an unknown email signed in")
				}
				return err
			}
			return nil
		}, nil
	})
	r.SignIns.Store = "bbolt"
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	srv.Pause()
	if r.Flooded, err = measureBolt(srv.boltPath()); err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	after := identity.DefaultLimits.ForgetFailures + time.Hour
	r.SweptAfter = after.String()
	fmt.Fprintf(progress, "sweeping with the clock %s ahead …\n", after)
	if r.Swept, err = sweepBoltFile(ctx, srv.boltPath(), time.Now().Add(after)); err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	if r.End, err = measureBolt(srv.boltPath()); err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	if r.Start.Bytes > 0 {
		r.Growth = float64(r.End.Bytes)/float64(r.Start.Bytes) - 1
	}
	return r, nil
}

// sweepBoltFile runs identity's Sweep on the bbolt file at path, with the
// clock at now.
func sweepBoltFile(ctx context.Context, path string, now time.Time) (map[string]int, error) {
	st, err := bolt.Open(path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	svc, err := identity.New(ctx, identity.Config{
		Store: st, Now: func() time.Time { return now }, Argon2: cheapArgon2,
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		return nil, err
	}
	return svc.Sweep(ctx)
}

// measureBolt opens the bbolt file at path read-only and sums its
// buckets' bytes in use: the leaf and branch bytes of each bucket that
// has pages of its own, or the inline bytes of a small bucket kept in its
// parent's page (Bucket.Stats leaves those out of LeafInuse). Meta pages
// and the freelist are not counted.
func measureBolt(path string) (boltUsage, error) {
	u := boltUsage{Buckets: map[string]bucketUsage{}}
	fi, err := os.Stat(path)
	if err != nil {
		return u, err
	}
	u.FileBytes = fi.Size()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return u, fmt.Errorf("open %s read-only: %w", path, err)
	}
	defer db.Close()
	err = db.View(func(tx *bbolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			s := b.Stats()
			inUse := s.LeafInuse + s.BranchInuse
			if s.LeafPageN == 0 && s.BranchPageN == 0 {
				inUse = s.InlineBucketInuse
			}
			u.Buckets[string(name)] = bucketUsage{Bytes: int64(inUse), Records: s.KeyN}
			u.Bytes += int64(inUse)
			u.Records += s.KeyN
			return nil
		})
	})
	return u, err
}

// bucketNames lists the buckets named in any of us, sorted.
func bucketNames(us ...boltUsage) []string {
	var names []string
	for _, u := range us {
		for name := range u.Buckets {
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	return names
}
