package postgres

import (
	"context"

	"github.com/porta-id/porta/api/store"
)

var progressSnapshots = table[store.ProgressSnapshot]{
	name:    "progress_snapshots",
	columns: []string{"org_id", "day", "members", "two_step", "products"},
	keys:    2,
	fields: func(p *store.ProgressSnapshot) []any {
		return []any{&p.OrgID, &p.Day, &p.Members, &p.TwoStep, &p.Products}
	},
}

// PutProgressSnapshot stores p in place of the same day's snapshot.
func (s *Store) PutProgressSnapshot(ctx context.Context, p store.ProgressSnapshot) error {
	if p.Products == nil {
		p.Products = []store.ProductCounts{}
	}
	return upsert(ctx, s, "put progress snapshot", progressSnapshots, p)
}

// ListProgressSnapshots returns the organization's snapshots from fromDay
// on, oldest first, from the primary key's range.
func (s *Store) ListProgressSnapshots(ctx context.Context, orgID, fromDay string) ([]store.ProgressSnapshot, error) {
	l, err := list(ctx, s, "list progress snapshots", progressSnapshots, "WHERE org_id = $1 AND day >= $2 ORDER BY day", orgID, fromDay)
	for i := range l {
		if len(l[i].Products) == 0 { // stored as [], read as bbolt reads it
			l[i].Products = nil
		}
	}
	return l, err
}
