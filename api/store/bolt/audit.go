package bolt

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// audit keys are pair(accountID, ""), the time (appendTime), then the
// event ID: an account's events are one key range, oldest first.
var audit = table[store.AuditEvent]{
	bucket: bucketAudit,
	key: func(e store.AuditEvent) string {
		return string(append(appendTime([]byte(pair(e.AccountID, "")), e.Time), e.ID...))
	},
}

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
// t and returns how many went. Within an account's key range events are
// oldest first, so it takes each range's old ones and seeks past the rest.
func (s *Store) DeleteAuditBefore(ctx context.Context, t time.Time) (int, error) {
	bound := appendTime(nil, t)
	return sweep(ctx, s, "delete audit before", func(tx *bbolt.Tx, limit int) (int, error) {
		b := tx.Bucket(bucketAudit)
		var gone [][]byte
		c := b.Cursor()
		for k, data := c.First(); k != nil && len(gone) < limit; {
			i := bytes.IndexByte(k, 0)
			if i < 0 || len(k) < i+1+len(bound) {
				return 0, fmt.Errorf("malformed audit key %q", k)
			}
			switch cmp := bytes.Compare(k[i+1:i+1+len(bound)], bound); {
			case cmp > 0:
				k, data = c.Seek(append(bytes.Clone(k[:i]), 1))
				continue
			case cmp < 0:
				gone = append(gone, bytes.Clone(k))
			default:
				// Clamped times share a key prefix with t; the event decides.
				e, err := decode[store.AuditEvent](data)
				if err != nil {
					return 0, err
				}
				if e.Time.Before(t) {
					gone = append(gone, bytes.Clone(k))
				}
			}
			k, data = c.Next()
		}
		for _, k := range gone {
			if err := b.Delete(k); err != nil {
				return 0, err
			}
		}
		return len(gone), nil
	})
}
