// Package bolt is the single-process store.Store backend: one bbolt file.
// Every write is one bbolt transaction, synced to disk before it returns;
// bbolt runs one writer at a time, so updaters run exactly once.
package bolt

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/porta-id/porta/api/store"
)

var (
	_ store.Store       = (*Store)(nil)
	_ store.OpenIDStore = (*Store)(nil)
)

// openTimeout is how long Open waits for the file lock that another
// process may hold.
const openTimeout = time.Second

var (
	bucketAccounts          = []byte("accounts")
	bucketAccountsByEmail   = []byte("accounts_by_email")
	bucketSessions          = []byte("sessions")
	bucketSessionsByAccount = []byte("sessions_by_account")
	bucketFailures          = []byte("failures")
	bucketFailuresByExpiry  = []byte("failures_by_expiry")
	bucketSessionsByExpiry  = []byte("sessions_by_expiry")
	bucketTokens            = []byte("tokens")
	bucketTokensByExpiry    = []byte("tokens_by_expiry")
	bucketTokensByAccount   = []byte("tokens_by_account")
	bucketAudit             = []byte("audit")
	bucketAuditByTime       = []byte("audit_by_time")
	bucketAuditByOrg        = []byte("audit_by_org")
	bucketSecrets           = []byte("secrets")
	bucketOrgs              = []byte("orgs")
	bucketOrgsBySlug        = []byte("orgs_by_slug")
	bucketMemberships       = []byte("memberships")
	bucketMembershipsByAcct = []byte("memberships_by_account")
	bucketMessages          = []byte("messages")
	bucketMessagesPending   = []byte("messages_pending")
	bucketMessagesByCreated = []byte("messages_by_created")
	bucketMessagesFinished  = []byte("messages_finished")
	bucketDevices           = []byte("devices")
	bucketFactors           = []byte("factors")

	bucketClients              = []byte("clients")
	bucketAuthRequests         = []byte("auth_requests")
	bucketAuthRequestsByExpiry = []byte("auth_requests_by_expiry")
	bucketGrants               = []byte("grants")
	bucketGrantsByAccount      = []byte("grants_by_account")
	bucketGrantsByExpiry       = []byte("grants_by_expiry")
	bucketSigningKeys          = []byte("signing_keys")
	bucketConsents             = []byte("consents")
	bucketIDPs                 = []byte("identity_providers")
	bucketIDPsByOrg            = []byte("identity_providers_by_org")
	bucketIDPDomains           = []byte("identity_provider_domains")
	bucketExternalIDs          = []byte("external_identities")
	bucketExternalIDsByAcct    = []byte("external_identities_by_account")
	bucketProductUsers         = []byte("product_users")
	bucketProductUsersByAcct   = []byte("product_users_by_account")
	bucketProgress             = []byte("progress_snapshots")
)

// Store keeps Porta's data in one bbolt file.
type Store struct {
	db   *bbolt.DB
	path string
}

// Open opens the store at path, creating the file (mode 0600) and its
// folder (mode 0700) when missing. It fails within about a second when
// another process has the file open.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("bolt: open: %w", err)
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: openTimeout, NoFreelistSync: true, FreelistType: bbolt.FreelistMapType})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("bolt: open %s: store is in use by another process", path)
	}
	if err != nil {
		return nil, fmt.Errorf("bolt: open %s: %w", path, err)
	}
	// Concurrent writes share one commit (one fsync) when they arrive
	// within batchDelay of each other: a lone write waits that long, and
	// under load the disk's sync rate no longer caps the write rate.
	db.MaxBatchDelay = batchDelay
	err = db.Update(func(tx *bbolt.Tx) error {
		// A file from before an index existed gets it built from its
		// records. Counters from before failures_by_expiry have no
		// ExpiresAt, so the next sweep takes them.
		backfills := map[string]func(tx *bbolt.Tx) error{
			string(bucketFailuresByExpiry): backfillIndex(failures, bucketFailuresByExpiry, failureExpiryKey),
			string(bucketSessionsByExpiry): backfillIndex(sessions, bucketSessionsByExpiry, sessionExpiryKey),
			string(bucketTokensByExpiry):   backfillIndex(tokens, bucketTokensByExpiry, tokenExpiryKey),
			string(bucketTokensByAccount):  backfillIndex(tokens, bucketTokensByAccount, tokenAccountKey),
			string(bucketMessagesFinished): backfillIndex(messages, bucketMessagesFinished, finishedKey),
			string(bucketAuditByTime):      backfillIndex(audit, bucketAuditByTime, auditTimeKey),
		}
		var missing []func(tx *bbolt.Tx) error
		for name, fill := range backfills {
			if tx.Bucket([]byte(name)) == nil {
				missing = append(missing, fill)
			}
		}
		for _, name := range [][]byte{
			bucketAccounts, bucketAccountsByEmail, bucketSessions, bucketSessionsByAccount,
			bucketFailures, bucketTokens, bucketAudit, bucketSecrets,
			bucketOrgs, bucketOrgsBySlug, bucketMemberships, bucketMembershipsByAcct,
			bucketMessages, bucketMessagesPending, bucketMessagesByCreated, bucketDevices,
			bucketFactors, bucketFailuresByExpiry, bucketSessionsByExpiry, bucketTokensByExpiry,
			bucketMessagesFinished, bucketTokensByAccount, bucketAuditByTime,
			// The OpenID records came with their indexes: nothing to backfill.
			bucketClients, bucketAuthRequests, bucketAuthRequestsByExpiry,
			bucketGrants, bucketGrantsByAccount, bucketGrantsByExpiry, bucketSigningKeys,
			bucketConsents, bucketIDPs, bucketIDPsByOrg,
			bucketIDPDomains, bucketExternalIDs, bucketExternalIDsByAcct,
			bucketProductUsers, bucketProductUsersByAcct,
			// Events from before audit_by_org have no organization.
			bucketAuditByOrg,
			bucketProgress,
		} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		for _, fill := range missing {
			if err := fill(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("bolt: open %s: create buckets: %w", path, err)
	}
	return &Store{db: db, path: path}, nil
}

// Path returns the file the store was opened from.
func (s *Store) Path() string { return s.path }

// Close releases the file and its lock.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("bolt: close: %w", err)
	}
	return nil
}

// callerError carries an error from a caller's function (an updater or a
// generator) out of a transaction, so it reaches the caller unwrapped.
type callerError struct{ err error }

func (e callerError) Error() string { return e.err.Error() }
func (e callerError) Unwrap() error { return e.err }

// view runs fn in a read-only transaction; errors are prefixed with op.
func (s *Store) view(ctx context.Context, op string, fn func(tx *bbolt.Tx) error) error {
	return s.run(ctx, op, s.db.View, fn)
}

// batchDelay is how long a write waits for others to share its commit:
// about one fsync of a server disk, so a lone write's latency at most
// doubles while concurrent ones multiply the rate.
const batchDelay = time.Millisecond

// update runs fn in a read-write transaction, which it may share with
// other updates (bbolt's Batch): fn may run more than once, as the store
// interface allows, and must not have effects outside tx. Errors are
// prefixed with op.
func (s *Store) update(ctx context.Context, op string, fn func(tx *bbolt.Tx) error) error {
	return s.run(ctx, op, s.db.Batch, fn)
}

// updateAlone is update in a transaction of fn's own, where fn runs
// exactly once: for work with an effect outside tx, or too large to hold
// other writers back (a sweep).
func (s *Store) updateAlone(ctx context.Context, op string, fn func(tx *bbolt.Tx) error) error {
	return s.run(ctx, op, s.db.Update, fn)
}

func (s *Store) run(ctx context.Context, op string, txn func(func(*bbolt.Tx) error) error, fn func(tx *bbolt.Tx) error) error {
	err := ctx.Err()
	if err == nil {
		err = txn(fn)
	}
	var ce callerError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ce):
		return ce.err
	default:
		return fmt.Errorf("bolt: %s: %w", op, err)
	}
}
