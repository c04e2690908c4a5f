package bolt

import (
	"bytes"
	"context"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// audit keys are pair(accountID, ""), the time (appendTime), then the
// event ID: an account's events are one key range, oldest first.
// audit_by_time holds auditTimeKey for every event, so a sweep reads only
// the events it removes.
var audit = table[store.AuditEvent]{
	bucket:  bucketAudit,
	key:     auditKey,
	reindex: keyIndex(bucketAuditByTime, auditTimeKey),
}

func auditKey(e store.AuditEvent) string {
	return string(append(appendTime([]byte(pair(e.AccountID, "")), e.Time), e.ID...))
}

// auditTimeKey is the Time (appendTime) then the event's key.
func auditTimeKey(e store.AuditEvent) []byte { return timeKey(e.Time, auditKey(e)) }

// AppendAudit records e; ErrAlreadyExists when an event of the same account
// with the same Time and ID is already recorded.
func (s *Store) AppendAudit(ctx context.Context, e store.AuditEvent) error {
	return insert(ctx, s, "append audit", audit, e)
}

// ListAudit returns the account's newest events first, at most limit; every
// event when limit is 0 or less.
func (s *Store) ListAudit(ctx context.Context, accountID string, limit int) ([]store.AuditEvent, error) {
	return read(ctx, s, "list audit", func(tx *bbolt.Tx) ([]store.AuditEvent, error) {
		var list []store.AuditEvent
		prefix := []byte(pair(accountID, ""))
		c := tx.Bucket(bucketAudit).Cursor()
		k, data := c.Seek([]byte(accountID + "\x01"))
		if k == nil {
			k, data = c.Last()
		} else {
			k, data = c.Prev()
		}
		for ; k != nil && bytes.HasPrefix(k, prefix) && (limit <= 0 || len(list) < limit); k, data = c.Prev() {
			e, err := decode[store.AuditEvent](data)
			if err != nil {
				return nil, err
			}
			list = append(list, *e)
		}
		return list, nil
	})
}

// DeleteAuditBefore removes events, of every account, whose Time is before
// t and returns how many went. It reads audit_by_time up to t.
func (s *Store) DeleteAuditBefore(ctx context.Context, t time.Time) (int, error) {
	return sweepByTime(ctx, s, "delete audit before", audit, bucketAuditByTime, t, func(e store.AuditEvent) bool { return e.Time.Before(t) })
}
