package bolt

import (
	"context"
	"strings"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// progress_snapshots are keyed pair(org, day): an organization's days are
// one key range, in date order.
var progressSnapshots = table[store.ProgressSnapshot]{
	bucket: bucketProgress,
	key:    func(p store.ProgressSnapshot) string { return pair(p.OrgID, p.Day) },
}

// PutProgressSnapshot stores p in place of the same day's snapshot.
func (s *Store) PutProgressSnapshot(ctx context.Context, p store.ProgressSnapshot) error {
	return upsert(ctx, s, "put progress snapshot", progressSnapshots, p)
}

// ListProgressSnapshots returns the organization's snapshots from fromDay
// on, oldest first, seeking to fromDay in its key range.
func (s *Store) ListProgressSnapshots(ctx context.Context, orgID, fromDay string) ([]store.ProgressSnapshot, error) {
	return read(ctx, s, "list progress snapshots", func(tx *bbolt.Tx) ([]store.ProgressSnapshot, error) {
		list := []store.ProgressSnapshot{}
		prefix := pair(orgID, "")
		c := tx.Bucket(bucketProgress).Cursor()
		for k, v := c.Seek([]byte(pair(orgID, fromDay))); k != nil && strings.HasPrefix(string(k), prefix); k, v = c.Next() {
			p, err := decode[store.ProgressSnapshot](v)
			if err != nil {
				return nil, err
			}
			list = append(list, *p)
		}
		return list, nil
	})
}
