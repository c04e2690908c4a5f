package postgres

import (
	"context"
	"time"

	"github.com/porta-id/porta/api/store"
)

var messages = table[store.Message]{
	name: "messages",
	columns: []string{"id", "kind", "recipient", "subject", "text_body", "html_body", "data", "status", "attempts",
		"next_attempt_at", "lease_owner", "lease_until", "last_error", "created_at", "updated_at"},
	keys: 1,
	fields: func(m *store.Message) []any {
		return []any{&m.ID, &m.Kind, &m.To, &m.Subject, &m.Text, &m.HTML, &m.Data, &m.Status, &m.Attempts,
			(*ts)(&m.NextAttemptAt), &m.LeaseOwner, (*ts)(&m.LeaseUntil), &m.LastError, (*ts)(&m.CreatedAt), (*ts)(&m.UpdatedAt)}
	},
}

// claimSQL leases the earliest due pending message. The status is a
// literal, not an argument, so that the planner can use the partial index
// messages_pending for every execution of the prepared statement.
const claimSQL = `UPDATE messages SET lease_owner = $1, lease_until = $2
WHERE id = (
	SELECT id FROM messages
	WHERE status = '` + store.MessagePending + `' AND next_attempt_at <= $3 AND lease_until <= $3
	ORDER BY next_attempt_at, id
	LIMIT 1
	FOR UPDATE SKIP LOCKED
)`

// EnqueueMessage inserts m; ErrAlreadyExists when the ID is taken.
func (s *Store) EnqueueMessage(ctx context.Context, m store.Message) error {
	return insert(ctx, s, "enqueue message", messages, m)
}

// ClaimMessage leases the pending message with the earliest NextAttemptAt
// not after now whose lease (if any) has ended by now: it sets LeaseOwner
// and LeaseUntil and returns it; ErrNotFound when nothing is due. It is one
// statement: SKIP LOCKED passes over a message that another claim is
// taking, and PostgreSQL checks the row again once it holds the lock, so a
// message claimed meanwhile is not taken twice.
func (s *Store) ClaimMessage(ctx context.Context, owner string, now, leaseUntil time.Time) (store.Message, error) {
	return one(ctx, s, "claim message", messages, claimSQL+messages.returning(), owner, ts(leaseUntil), ts(now))
}

// GetMessage returns the message with id; ErrNotFound.
func (s *Store) GetMessage(ctx context.Context, id string) (store.Message, error) {
	return get(ctx, s, "get message", messages, id)
}

// UpdateMessage replaces the message with update(old) atomically;
// ErrNotFound, ErrConflict when update changes the ID, or update's own
// error. update may run more than once.
func (s *Store) UpdateMessage(ctx context.Context, id string, update func(store.Message) (store.Message, error)) (store.Message, error) {
	return modify(ctx, s, "update message", messages, update, id)
}

// ListMessages returns messages newest first by CreatedAt (ties by ID), at
// most limit; all when limit <= 0.
func (s *Store) ListMessages(ctx context.Context, limit int) ([]store.Message, error) {
	return list(ctx, s, "list messages", messages, "ORDER BY created_at DESC, id LIMIT $1", limitArg(limit))
}

// DeleteMessagesBefore removes messages that are not pending and were last
// updated before t, and returns how many went.
func (s *Store) DeleteMessagesBefore(ctx context.Context, t time.Time) (int, error) {
	return exec(ctx, s, "delete messages before", "DELETE FROM messages WHERE status <> $1 AND updated_at < $2", store.MessagePending, ts(t))
}
