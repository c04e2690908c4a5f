package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/store"
)

// Message kinds in the queue. Jobs are work Porta does itself after
// answering a request, so that the answer costs the same whatever the work.
const (
	KindEmail     = "email"
	KindSMS       = "sms"
	jobResetLink  = "job:reset"
	jobFindOrgs   = "job:find"
	deliveryLease = 2 * time.Minute
)

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

var errLeaseLost = errors.New("lease lost to another worker")

// enqueue stores m for the worker and wakes it.
func (s *Service) enqueue(ctx context.Context, m store.Message) error {
	id, err := s.newID()
	if err != nil {
		return err
	}
	now := s.now()
	m.ID, m.Status, m.CreatedAt, m.UpdatedAt, m.NextAttemptAt = id, store.MessagePending, now, now, now
	if err := s.store.EnqueueMessage(ctx, m); err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
	return nil
}

// sendEmail renders and queues an email.
func (s *Service) sendEmail(ctx context.Context, to string, e email) error {
	text, html, err := renderEmail(e)
	if err != nil {
		return err
	}
	return s.enqueue(ctx, store.Message{Kind: KindEmail, To: to, Subject: e.Subject, Text: text, HTML: html})
}

// DeliverDue works through every due message and returns how many it
// handled. Tests call it to deliver without a running worker.
func (s *Service) DeliverDue(ctx context.Context) (int, error) {
	n := 0
	for {
		now := s.now()
		m, err := s.store.ClaimMessage(ctx, s.workerID, now, now.Add(deliveryLease))
		if errors.Is(err, store.ErrNotFound) {
			return n, nil
		} else if err != nil {
			return n, fmt.Errorf("deliver: %w", err)
		}
		s.deliver(ctx, m)
		n++
	}
}

// RunDelivery delivers until ctx ends: at once when this process queues a
// message, and every Poll for messages queued elsewhere or due for retry.
func (s *Service) RunDelivery(ctx context.Context) {
	t := time.NewTicker(s.delivery.Poll)
	defer t.Stop()
	for {
		if _, err := s.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("delivery", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-t.C:
		}
	}
}

// deliver hands one claimed message to its sender and records the outcome.
func (s *Service) deliver(ctx context.Context, m store.Message) {
	err := s.handOver(ctx, m)
	now := s.now()
	_, uerr := s.store.UpdateMessage(ctx, m.ID, func(old store.Message) (store.Message, error) {
		if old.LeaseOwner != s.workerID {
			// Our lease ran out and another worker took the message: its
			// outcome is the one that counts.
			return old, errLeaseLost
		}
		old.LeaseOwner, old.LeaseUntil, old.UpdatedAt = "", time.Time{}, now
		old.Attempts++
		switch {
		case err == nil:
			old.Status, old.LastError = s.doneStatus(old.Kind), ""
			if old.Status == store.MessageSent {
				// The body may hold a live link; once the mail server has it,
				// our copy is only a liability.
				old.Text, old.HTML = "", ""
			}
		case isPermanent(err) || old.Attempts >= s.delivery.MaxAttempts:
			old.Status, old.LastError = store.MessageFailed, err.Error()
		default:
			old.LastError = err.Error()
			old.NextAttemptAt = now.Add(s.retryAfter(old.Attempts))
		}
		return old, nil
	})
	switch {
	case uerr != nil:
		s.log.Error("delivery: record outcome", "id", m.ID, "err", uerr)
	case err != nil:
		s.log.Warn("delivery failed", "id", m.ID, "kind", m.Kind, "attempt", m.Attempts+1, "err", err)
	}
}

// handOver does the delivery itself: to a sender, to the outbox when no
// sender is configured, or running a job.
func (s *Service) handOver(ctx context.Context, m store.Message) error {
	switch m.Kind {
	case KindEmail:
		if s.mailer == nil {
			return nil
		}
		return s.mailer.SendEmail(ctx, notify.Email{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML})
	case KindSMS:
		if s.sms == nil {
			return nil
		}
		return s.sms.SendSMS(ctx, notify.SMS{To: m.To, Text: m.Text})
	case jobResetLink:
		return s.runResetJob(ctx, m.Data)
	case jobFindOrgs:
		return s.runFindJob(ctx, m.Data)
	}
	return notify.Permanent{Err: fmt.Errorf("unknown message kind %q", m.Kind)}
}

func (s *Service) doneStatus(kind string) string {
	switch {
	case kind == KindEmail && s.mailer == nil, kind == KindSMS && s.sms == nil:
		return store.MessageOutbox
	case kind == KindEmail, kind == KindSMS:
		return store.MessageSent
	}
	return store.MessageDone
}

func (s *Service) retryAfter(attempts int) time.Duration {
	d := s.delivery.FirstRetry
	for i := 1; i < attempts && d < s.delivery.MaxRetry; i++ {
		d *= 2
	}
	return min(d, s.delivery.MaxRetry)
}

func isPermanent(err error) bool {
	var p notify.Permanent
	return errors.As(err, &p)
}

// Outbox returns the newest emails and text messages, for the dev outbox
// page and the operator.
func (s *Service) Outbox(ctx context.Context, limit int) ([]store.Message, error) {
	all, err := s.store.ListMessages(ctx, 0)
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
