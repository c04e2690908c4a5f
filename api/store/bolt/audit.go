package bolt

import (
	"bytes"
	"context"
	"encoding/binary"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// audit keys are accountID, 0x00, the time as big-endian nanoseconds with
// the sign bit flipped (so byte order is time order), then the event ID:
// an account's events are one key range, oldest first.
var audit = table[store.AuditEvent]{
	bucket: bucketAudit,
	key: func(e store.AuditEvent) string {
		k := auditPrefix(e.AccountID)
		k = binary.BigEndian.AppendUint64(k, uint64(e.Time.UnixNano())^(1<<63))
		return string(append(k, e.ID...))
	},
}

func auditPrefix(accountID string) []byte {
	return []byte(accountID + "\x00")
}

// AppendAudit records e; ErrAlreadyExists when an event of the same account
// with the same Time and ID is already recorded.
func (s *Store) AppendAudit(ctx context.Context, e store.AuditEvent) error {
	return insert(ctx, s, "append audit", audit, e)
}

// ListAudit returns the account's newest events first, at most limit; every
// event when limit is 0 or less.
func (s *Store) ListAudit(ctx context.Context, accountID string, limit int) ([]store.AuditEvent, error) {
	var list []store.AuditEvent
	err := s.view(ctx, "list audit", func(tx *bbolt.Tx) error {
		prefix := auditPrefix(accountID)
		c := tx.Bucket(bucketAudit).Cursor()
		k, data := c.Seek(auditPrefix(accountID + "\x01"))
		if k == nil {
			k, data = c.Last()
		} else {
			k, data = c.Prev()
		}
		for ; k != nil && bytes.HasPrefix(k, prefix) && (limit <= 0 || len(list) < limit); k, data = c.Prev() {
			e, err := decode[store.AuditEvent](data)
			if err != nil {
				return err
			}
			list = append(list, *e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}
