package identity

import (
	"context"
	"errors"
	"sync"
)

// ErrHashQueueFull is returned when one client address already has its
// share of password checks running or queued.
var ErrHashQueueFull = errors.New("hash queue: this address has its share")

// hashQueue is the hashing semaphore, fair between client addresses: an
// address may hold at most perAddress places (running or waiting), and a
// freed slot goes to the waiting address that was served least while it
// stayed busy. A newcomer has been served nothing, so under a flood from a
// few addresses it waits for one slot, not for the whole flood.
type hashQueue struct {
	mu         sync.Mutex
	free       int
	perAddress int
	addrs      map[string]*hashAddr
	// waiting lists addresses with waiters, oldest first.
	waiting []string
}

type hashAddr struct {
	places  int             // running or waiting
	served  int             // slots granted since places was last zero
	waiters []chan struct{} // closed when granted a slot
}

func newHashQueue(slots, perAddress int) *hashQueue {
	return &hashQueue{free: max(slots, 1), perAddress: perAddress, addrs: map[string]*hashAddr{}}
}

// admit takes one of addr's places (running or waiting), or returns
// ErrHashQueueFull at once. The empty address (work Porta does for itself,
// like hashing a new password) is not capped. Every admit is paired with
// a leave.
func (q *hashQueue) admit(addr string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	a := q.addrs[addr]
	if a == nil {
		a = &hashAddr{}
		q.addrs[addr] = a
	}
	if addr != "" && q.perAddress > 0 && a.places >= q.perAddress {
		return ErrHashQueueFull
	}
	a.places++
	return nil
}

// acquire waits for a slot for addr, which holds a place (admit).
func (q *hashQueue) acquire(ctx context.Context, addr string) error {
	q.mu.Lock()
	a := q.addrs[addr]
	if q.free > 0 && len(q.waiting) == 0 {
		q.free--
		a.served++
		q.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	if len(a.waiters) == 0 {
		q.waiting = append(q.waiting, addr)
	}
	a.waiters = append(a.waiters, ch)
	q.mu.Unlock()

	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		q.mu.Lock()
		defer q.mu.Unlock()
		select {
		case <-ch:
			// Granted while giving up: pass the slot on.
			q.handOn()
		default:
			q.dropWaiter(addr, ch)
		}
		return ctx.Err()
	}
}

// release frees addr's slot and hands it to the next waiter; addr keeps
// its place until leave.
func (q *hashQueue) release() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.handOn()
}

func (q *hashQueue) handOn() {
	if len(q.waiting) == 0 {
		q.free++
		return
	}
	best := 0
	for i, w := range q.waiting {
		if q.addrs[w].served < q.addrs[q.waiting[best]].served {
			best = i
		}
	}
	next := q.addrs[q.waiting[best]]
	ch := next.waiters[0]
	next.waiters = next.waiters[1:]
	next.served++
	if len(next.waiters) == 0 {
		q.waiting = append(q.waiting[:best], q.waiting[best+1:]...)
	}
	close(ch)
}

// leave gives up one of addr's places.
func (q *hashQueue) leave(addr string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	a := q.addrs[addr]
	a.places--
	if a.places == 0 {
		delete(q.addrs, addr)
	}
}

func (q *hashQueue) dropWaiter(addr string, ch chan struct{}) {
	a := q.addrs[addr]
	for i, w := range a.waiters {
		if w == ch {
			a.waiters = append(a.waiters[:i], a.waiters[i+1:]...)
			break
		}
	}
	if len(a.waiters) == 0 {
		for i, w := range q.waiting {
			if w == addr {
				q.waiting = append(q.waiting[:i], q.waiting[i+1:]...)
				break
			}
		}
	}
}
