package bolt

import (
	"bytes"
	"context"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// messages_pending holds pendingKey for every pending message, so a claim
// reads only what is waiting, due first; messages_by_created holds
// createdKey for every message, so a list reads only what it returns;
// messages_finished holds finishedKey for every other message, so a sweep
// reads only what it removes.
var messages = table[store.Message]{
	bucket: bucketMessages,
	key:    func(m store.Message) string { return m.ID },
	reindex: reindexAll(
		keyIndex(bucketMessagesPending, pendingKey),
		keyIndex(bucketMessagesByCreated, func(m store.Message) []byte {
			return append(appendTimeDesc(nil, m.CreatedAt), m.ID...)
		}),
		keyIndex(bucketMessagesFinished, finishedKey),
	),
}

// pendingKey is NextAttemptAt (appendTime) then the ID, or nil for a
// message that is not pending.
func pendingKey(m store.Message) []byte {
	if m.Status != store.MessagePending {
		return nil
	}
	return timeKey(m.NextAttemptAt, m.ID)
}

// finishedKey is UpdatedAt (appendTime) then the ID, or nil for a pending
// message.
func finishedKey(m store.Message) []byte {
	if m.Status == store.MessagePending {
		return nil
	}
	return timeKey(m.UpdatedAt, m.ID)
}

// EnqueueMessage inserts m; ErrAlreadyExists when the ID is taken.
func (s *Store) EnqueueMessage(ctx context.Context, m store.Message) error {
	return insert(ctx, s, "enqueue message", messages, m)
}

// ClaimMessage leases the pending message with the earliest NextAttemptAt
// not after now whose lease (if any) has ended by now: it sets LeaseOwner
// and LeaseUntil and returns it. It reads the due part of
// messages_pending, passing over leased messages; ErrNotFound when nothing
// is due. bbolt's single writer makes concurrent claims take turns.
func (s *Store) ClaimMessage(ctx context.Context, owner string, now, leaseUntil time.Time) (store.Message, error) {
	due := appendTime(nil, now)
	return write(ctx, s, "claim message", func(tx *bbolt.Tx) (store.Message, error) {
		c := tx.Bucket(bucketMessagesPending).Cursor()
		for k, _ := c.First(); k != nil && bytes.Compare(k[:timeLen], due) <= 0; k, _ = c.Next() {
			m, err := messages.mustGet(tx, string(k[timeLen:]))
			if err != nil {
				return store.Message{}, err
			}
			// Clamped times can share a key prefix with now, hence the
			// second look at NextAttemptAt.
			if m.NextAttemptAt.After(now) || m.LeaseUntil.After(now) {
				continue
			}
			old := m
			m.LeaseOwner, m.LeaseUntil = owner, leaseUntil
			return m, messages.put(tx, &old, m)
		}
		return store.Message{}, store.ErrNotFound
	})
}

// GetMessage returns the message with id; ErrNotFound.
func (s *Store) GetMessage(ctx context.Context, id string) (store.Message, error) {
	return get(ctx, s, "get message", messages, id)
}

// UpdateMessage replaces the message with update(old) atomically;
// ErrNotFound, ErrConflict when update changes the ID, or update's own
// error. A message that stops being pending leaves messages_pending.
func (s *Store) UpdateMessage(ctx context.Context, id string, update func(store.Message) (store.Message, error)) (store.Message, error) {
	return modify(ctx, s, "update message", messages, id, update)
}

// ListMessages returns messages newest first by CreatedAt (ties by ID), at
// most limit; all when limit <= 0.
func (s *Store) ListMessages(ctx context.Context, limit int) ([]store.Message, error) {
	return read(ctx, s, "list messages", func(tx *bbolt.Tx) ([]store.Message, error) {
		return messages.listIndex(tx, bucketMessagesByCreated, "", limit, func(k, _ []byte) string {
			return string(k[timeLen:])
		})
	})
}

// DeleteMessagesBefore removes messages that are not pending and were last
// updated before t, and returns how many went. It reads messages_finished
// up to t.
func (s *Store) DeleteMessagesBefore(ctx context.Context, t time.Time) (int, error) {
	return sweepByTime(ctx, s, "delete messages before", messages, bucketMessagesFinished, t, func(m store.Message) bool {
		return m.Status != store.MessagePending && m.UpdatedAt.Before(t)
	})
}
