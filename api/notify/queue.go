package notify

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/porta-id/porta/api/store"
)

// Message kinds in the queue besides jobs, whose kinds start with "job:".
const (
	KindEmail = "email"
	KindSMS   = "sms"
)

// deliveryLease is how long a worker holds a message it is delivering.
const deliveryLease = 2 * time.Minute

// Delivery tunes the queue.
type Delivery struct {
	// MaxAttempts gives up on a message after this many failures.
	MaxAttempts int
	// FirstRetry is the wait after the first failure; it doubles up to MaxRetry.
	FirstRetry time.Duration
	MaxRetry   time.Duration
	// Poll is how often an idle worker looks for due messages queued by
	// other processes; messages queued here wake it at once.
	Poll time.Duration
	// Keep is how long delivered and failed messages stay listed.
	Keep time.Duration
}

// DefaultDelivery retries for about a day.
var DefaultDelivery = Delivery{MaxAttempts: 12, FirstRetry: 30 * time.Second, MaxRetry: 4 * time.Hour, Poll: 2 * time.Second, Keep: 30 * 24 * time.Hour}

// MessageStore is what the queue needs of the store: its message records.
type MessageStore interface {
	EnqueueMessage(ctx context.Context, m store.Message) error
	ClaimMessage(ctx context.Context, owner string, now, leaseUntil time.Time) (store.Message, error)
	UpdateMessage(ctx context.Context, id string, update func(store.Message) (store.Message, error)) (store.Message, error)
	ListMessages(ctx context.Context, limit int) ([]store.Message, error)
	DeleteMessagesBefore(ctx context.Context, t time.Time) (int, error)
}

// Job is work the queue runs itself when its message is due, with the
// message's Data. Jobs let a request answer at once and the same whatever
// the work; a Permanent error ends the job, others retry it.
type Job func(ctx context.Context, data string) error

// QueueConfig configures a Queue. Zero values take defaults.
type QueueConfig struct {
	Store MessageStore
	// Email and SMS deliver messages; nil keeps them in the outbox.
	Email    EmailSender
	SMS      SMSSender
	Delivery Delivery
	// Jobs runs messages of each job kind ("job:…").
	Jobs   map[string]Job
	Now    func() time.Time
	NewID  func() (string, error)
	Logger *slog.Logger
}

// Queue is the durable queue of emails, text messages and jobs. Nothing is
// delivered inside a request: messages are stored, and a worker claims each
// one with a lease, so with several replicas exactly one delivers it;
// failures are retried with a doubling wait, and a sent body is erased.
type Queue struct {
	store    MessageStore
	email    EmailSender
	sms      SMSSender
	delivery Delivery
	jobs     map[string]Job
	now      func() time.Time
	newID    func() (string, error)
	log      *slog.Logger
	wake     chan struct{}
	// workerID names this process's leases on queued messages.
	workerID string
}

// NewQueue returns a Queue over c.Store.
func NewQueue(c QueueConfig) (*Queue, error) {
	if c.Delivery == (Delivery{}) {
		c.Delivery = DefaultDelivery
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.NewID == nil {
		c.NewID = randomID
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	q := &Queue{store: c.Store, email: c.Email, sms: c.SMS, delivery: c.Delivery, jobs: c.Jobs,
		now: c.Now, newID: c.NewID, log: c.Logger, wake: make(chan struct{}, 1)}
	var err error
	if q.workerID, err = q.newID(); err != nil {
		return nil, err
	}
	return q, nil
}

var errLeaseLost = errors.New("lease lost to another worker")

// SendEmail queues e for delivery.
func (q *Queue) SendEmail(ctx context.Context, e Email) error {
	return q.enqueue(ctx, store.Message{Kind: KindEmail, To: e.To, Subject: e.Subject, Text: e.Text, HTML: e.HTML})
}

// SendSMS queues s for delivery.
func (q *Queue) SendSMS(ctx context.Context, s SMS) error {
	return q.enqueue(ctx, store.Message{Kind: KindSMS, To: s.To, Text: s.Text})
}

// Schedule queues a job of kind with data, for the Job of that kind.
func (q *Queue) Schedule(ctx context.Context, kind, data string) error {
	return q.enqueue(ctx, store.Message{Kind: kind, Data: data})
}

// enqueue stores m for the worker and wakes it.
func (q *Queue) enqueue(ctx context.Context, m store.Message) error {
	id, err := q.newID()
	if err != nil {
		return err
	}
	now := q.now()
	m.ID, m.Status, m.CreatedAt, m.UpdatedAt, m.NextAttemptAt = id, store.MessagePending, now, now, now
	if err := q.store.EnqueueMessage(ctx, m); err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return nil
}

// DeliverDue works through every due message and returns how many it
// handled. Tests call it to deliver without a running worker.
func (q *Queue) DeliverDue(ctx context.Context) (int, error) {
	n := 0
	for {
		now := q.now()
		m, err := q.store.ClaimMessage(ctx, q.workerID, now, now.Add(deliveryLease))
		if errors.Is(err, store.ErrNotFound) {
			return n, nil
		} else if err != nil {
			return n, fmt.Errorf("deliver: %w", err)
		}
		q.deliver(ctx, m)
		n++
	}
}

// Run delivers until ctx ends: at once when this process queues a
// message, and every Poll for messages queued elsewhere or due for retry.
func (q *Queue) Run(ctx context.Context) {
	t := time.NewTicker(q.delivery.Poll)
	defer t.Stop()
	for {
		if _, err := q.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			q.log.Error("delivery", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-q.wake:
		case <-t.C:
		}
	}
}

// deliver hands one claimed message to its sender and records the outcome.
func (q *Queue) deliver(ctx context.Context, m store.Message) {
	err := q.handOver(ctx, m)
	now := q.now()
	_, uerr := q.store.UpdateMessage(ctx, m.ID, func(old store.Message) (store.Message, error) {
		if old.LeaseOwner != q.workerID {
			// Our lease ran out and another worker took the message: its
			// outcome is the one that counts.
			return old, errLeaseLost
		}
		old.LeaseOwner, old.LeaseUntil, old.UpdatedAt = "", time.Time{}, now
		old.Attempts++
		switch {
		case err == nil:
			old.Status, old.LastError = q.doneStatus(old.Kind), ""
			if old.Status == store.MessageSent {
				// The body may hold a live link; once the mail server has it,
				// our copy is only a liability.
				old.Text, old.HTML = "", ""
			}
		case isPermanent(err) || old.Attempts >= q.delivery.MaxAttempts:
			old.Status, old.LastError = store.MessageFailed, err.Error()
		default:
			old.LastError = err.Error()
			old.NextAttemptAt = now.Add(q.retryAfter(old.Attempts))
		}
		return old, nil
	})
	switch {
	case uerr != nil:
		q.log.Error("delivery: record outcome", "id", m.ID, "err", uerr)
	case err != nil:
		q.log.Warn("delivery failed", "id", m.ID, "kind", m.Kind, "attempt", m.Attempts+1, "err", err)
	}
}

// handOver does the delivery itself: to a sender, to the outbox when no
// sender is configured, or running a job.
func (q *Queue) handOver(ctx context.Context, m store.Message) error {
	switch m.Kind {
	case KindEmail:
		if q.email == nil {
			return nil
		}
		return q.email.SendEmail(ctx, Email{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML})
	case KindSMS:
		if q.sms == nil {
			return nil
		}
		return q.sms.SendSMS(ctx, SMS{To: m.To, Text: m.Text})
	}
	if job, ok := q.jobs[m.Kind]; ok {
		return job(ctx, m.Data)
	}
	return Permanent{Err: fmt.Errorf("unknown message kind %q", m.Kind)}
}

func (q *Queue) doneStatus(kind string) string {
	switch {
	case kind == KindEmail && q.email == nil, kind == KindSMS && q.sms == nil:
		return store.MessageOutbox
	case kind == KindEmail, kind == KindSMS:
		return store.MessageSent
	}
	return store.MessageDone
}

func (q *Queue) retryAfter(attempts int) time.Duration {
	d := q.delivery.FirstRetry
	for i := 1; i < attempts && d < q.delivery.MaxRetry; i++ {
		d *= 2
	}
	return min(d, q.delivery.MaxRetry)
}

func isPermanent(err error) bool {
	var p Permanent
	return errors.As(err, &p)
}

// Outbox returns the newest emails and text messages, for the dev outbox
// page and the operator.
func (q *Queue) Outbox(ctx context.Context, limit int) ([]store.Message, error) {
	all, err := q.store.ListMessages(ctx, 0)
	if err != nil {
		return nil, err
	}
	out := make([]store.Message, 0, min(len(all), max(limit, 0)))
	for _, m := range all {
		if m.Kind == KindEmail || m.Kind == KindSMS {
			out = append(out, m)
			if limit > 0 && len(out) == limit {
				break
			}
		}
	}
	return out, nil
}

// Forget removes the messages finished longer than Keep before now and
// returns how many went.
func (q *Queue) Forget(ctx context.Context, now time.Time) (int, error) {
	return q.store.DeleteMessagesBefore(ctx, now.Add(-q.delivery.Keep))
}

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// randomID returns a 128-bit random identifier (26 lowercase characters).
func randomID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random: %w", err)
	}
	return idEncoding.EncodeToString(b), nil
}
