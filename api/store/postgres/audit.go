package postgres

import (
	"context"
	"time"

	"github.com/porta-id/porta/api/store"
)

var audit = table[store.AuditEvent]{
	name:    "audit",
	columns: []string{"id", "time", "type", "account_id", "email", "ip", "user_agent", "detail"},
	keys:    1,
	fields: func(e *store.AuditEvent) []any {
		return []any{&e.ID, (*ts)(&e.Time), &e.Type, &e.AccountID, &e.Email, &e.IP, &e.UserAgent, &e.Detail}
	},
}

// AppendAudit records e; ErrAlreadyExists when an event with its ID is
// already recorded.
func (s *Store) AppendAudit(ctx context.Context, e store.AuditEvent) error {
	return insert(ctx, s, "append audit", audit, e)
}

// ListAudit returns the account's newest events first, at most limit; every
// event when limit is 0 or less. Events at the same Time come in
// descending ID order, as in the bbolt backend.
func (s *Store) ListAudit(ctx context.Context, accountID string, limit int) ([]store.AuditEvent, error) {
	return list(ctx, s, "list audit", audit, "WHERE account_id = $1 ORDER BY time DESC, id DESC LIMIT $2", accountID, limitArg(limit))
}

// DeleteAuditBefore removes events, of every account, whose Time is before
// t and returns how many went; audit_time finds them.
func (s *Store) DeleteAuditBefore(ctx context.Context, t time.Time) (int, error) {
	return exec(ctx, s, "delete audit before", "DELETE FROM audit WHERE time < $1", ts(t))
}
