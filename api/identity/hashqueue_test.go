package identity

import (
	"context"
	"errors"
	"runtime"
	"testing"
)

// waiters is how many callers wait in q.
func (q *hashQueue) waiters() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for _, a := range q.addrs {
		n += len(a.waiters)
	}
	return n
}

// take admits addr and waits for a slot, as a password check does.
func (q *hashQueue) take(ctx context.Context, addr string) error {
	if err := q.admit(addr); err != nil {
		return err
	}
	if err := q.acquire(ctx, addr); err != nil {
		q.leave(addr)
		return err
	}
	return nil
}

// give frees addr's slot and place.
func (q *hashQueue) give(addr string) {
	q.release()
	q.leave(addr)
}

// queueUp starts take for addr in the background once the queue holds
// want-1 waiters, and returns a channel that receives addr when granted.
func queueUp(t *testing.T, q *hashQueue, addr string, granted chan<- string) {
	t.Helper()
	before := q.waiters()
	go func() {
		if err := q.take(context.Background(), addr); err != nil {
			t.Error(err)
			return
		}
		granted <- addr
	}()
	for q.waiters() == before {
		runtime.Gosched()
	}
}

// mustBusyQueue returns a queue of one slot (two places per address) that
// addr holds, and the channel queueUp reports grants on.
func mustBusyQueue(t *testing.T, addr string) (*hashQueue, chan string) {
	t.Helper()
	q := newHashQueue(1, 2)
	if err := q.take(context.Background(), addr); err != nil {
		t.Fatal(err)
	}
	return q, make(chan string, 8)
}

func TestHashQueue(t *testing.T) {
	ctx := context.Background()
	t.Run("NewcomerGetsTheNextFreeSlot", func(t *testing.T) {
		q, granted := mustBusyQueue(t, "flood-1")
		queueUp(t, q, "flood-1", granted)
		queueUp(t, q, "flood-2", granted)
		queueUp(t, q, "flood-2", granted)
		q.give("flood-1")
		if got := <-granted; got != "flood-2" {
			t.Fatalf("freed slot went to %s, want flood-2 (not served yet)", got)
		}
		// Both flood addresses have been served once and still wait; the
		// newcomer, queued last, is next.
		queueUp(t, q, "newcomer", granted)
		q.give("flood-2")
		if got := <-granted; got != "newcomer" {
			t.Fatalf("freed slot went to %s, want the newcomer", got)
		}
	})
	t.Run("ErrHashQueueFull", func(t *testing.T) {
		q, granted := mustBusyQueue(t, "a")
		queueUp(t, q, "a", granted)
		if err := q.take(ctx, "a"); !errors.Is(err, ErrHashQueueFull) {
			t.Fatalf("third place for one address: %v, want ErrHashQueueFull", err)
		}
		canceled, cancel := context.WithCancel(ctx)
		cancel()
		if err := q.take(canceled, ""); err == nil {
			t.Fatal("the uncapped caller got a slot that is busy")
		} else if errors.Is(err, ErrHashQueueFull) {
			t.Fatal("Porta's own hashing must not be capped")
		}
	})
}
