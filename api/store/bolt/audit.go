package bolt

import (
	"bytes"
	"context"

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
