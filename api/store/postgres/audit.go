package postgres

import (
	"context"
	"time"

	"github.com/porta-id/porta/api/store"
)

var audit = table[store.AuditEvent]{
	name:    "audit",
	columns: []string{"id", "time", "type", "account_id", "email", "ip", "user_agent", "detail", "org_id", "actor"},
	keys:    1,
	fields: func(e *store.AuditEvent) []any {
		return []any{&e.ID, (*ts)(&e.Time), &e.Type, &e.AccountID, &e.Email, &e.IP, &e.UserAgent, &e.Detail, &e.OrgID, &e.Actor}
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

// orgAuditPage is ListOrgAudit's answer when the query sets no limit.
const orgAuditPage = 500

// ListOrgAudit returns the organization's events that q keeps, newest
// first, by audit_org_time. It asks for one more than the limit to know
// whether to answer a next cursor.
func (s *Store) ListOrgAudit(ctx context.Context, q store.OrgAuditQuery) ([]store.AuditEvent, store.AuditCursor, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = orgAuditPage
	}
	var before any
	if !q.Before.IsZero() {
		before = ts(q.Before.Time)
	}
	l, err := list(ctx, s, "list org audit", audit, `WHERE org_id = $1 AND ($2 = '' OR type = $2) AND ($3 = '' OR email = $3 OR actor = $3)
		AND ($4::timestamptz IS NULL OR (time, id) < ($4, $5)) ORDER BY time DESC, id DESC LIMIT $6`,
		q.OrgID, q.Type, q.Person, before, q.Before.ID, limit+1)
	if err != nil || len(l) <= limit {
		return l, store.AuditCursor{}, err
	}
	l = l[:limit]
	last := l[limit-1]
	return l, store.AuditCursor{Time: last.Time, ID: last.ID}, nil
}

// DeleteAuditBefore removes events, of every account, whose Time is before
// t and returns how many went; audit_time finds them.
func (s *Store) DeleteAuditBefore(ctx context.Context, t time.Time) (int, error) {
	return exec(ctx, s, "delete audit before", "DELETE FROM audit WHERE time < $1", ts(t))
}
