package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newMessage returns a pending message due at next, with every field set;
// its lease ended before next.
func newMessage(id string, next time.Time) store.Message {
	return store.Message{
		ID:            id,
		Kind:          "email",
		To:            "ada@example.com",
		Subject:       "Your sign-in code",
		Text:          "Your code is 123456.",
		HTML:          "<p>Your code is <b>123456</b>.</p>",
		Data:          `{"locale":"en"}`,
		Status:        store.MessagePending,
		Attempts:      1,
		NextAttemptAt: next,
		LeaseOwner:    "worker-0",
		LeaseUntil:    next.Add(-time.Minute),
		LastError:     "421 4.7.0 try again later",
		CreatedAt:     next.Add(-time.Hour),
		UpdatedAt:     next.Add(-time.Minute),
	}
}

// withStatus returns a message of id in status, last updated at updated.
func withStatus(id, status string, updated time.Time) store.Message {
	m := newMessage(id, t0)
	m.Status = status
	m.UpdatedAt = updated
	return m
}

// leased returns m as a claim by owner until until leaves it.
func leased(m store.Message, owner string, until time.Time) store.Message {
	m.LeaseOwner, m.LeaseUntil = owner, until
	return m
}

var messages = updatable[store.Message]{
	seed:   created(newMessage("m1", t0), store.Store.EnqueueMessage),
	key:    func(m store.Message) string { return m.ID },
	get:    store.Store.GetMessage,
	update: store.Store.UpdateMessage,
	edit: func(m store.Message) store.Message {
		m.Attempts++
		m.NextAttemptAt = m.NextAttemptAt.Add(5 * time.Minute)
		m.LeaseOwner = ""
		m.LeaseUntil = time.Time{}
		m.LastError = ""
		m.UpdatedAt = m.UpdatedAt.Add(time.Minute)
		return m
	},
	rekey: func(m store.Message) store.Message {
		m.ID += "-other"
		return m
	},
}

// setMessage replaces the stored message with m or fails tb.
func setMessage(tb testing.TB, s store.Store, m store.Message) {
	tb.Helper()
	_, err := s.UpdateMessage(tb.Context(), m.ID, func(store.Message) (store.Message, error) { return m, nil })
	if err != nil {
		tb.Fatalf("UpdateMessage(%q): %v", m.ID, err)
	}
}

// assertClaims fails tb unless claims by owner at now, until until, get
// want in order and then ErrNotFound, each stored as returned.
func assertClaims(tb testing.TB, s store.Store, owner string, now, until time.Time, want ...store.Message) {
	tb.Helper()
	for _, m := range want {
		m = leased(m, owner, until)
		assertEqual(tb, MustClaimMessage(tb, s, owner, now, until), m)
		messages.assertStored(tb, s, m)
	}
	_, err := s.ClaimMessage(tb.Context(), owner, now, until)
	assertErrorIs(tb, err, store.ErrNotFound)
}

func testEnqueueMessage(t *testing.T, s store.Store) {
	m := newMessage("m1", t0)
	MustEnqueueMessage(t, s, m)
	messages.assertStored(t, s, m)
}

func testEnqueueMessageDuplicate(t *testing.T, s store.Store) {
	m := messages.seed(t, s)
	err := s.EnqueueMessage(t.Context(), newMessage(m.ID, t0.Add(-time.Hour)))
	assertErrorIs(t, err, store.ErrAlreadyExists)
	messages.assertStored(t, s, m)
	assertClaims(t, s, "w1", t0, t0.Add(time.Minute), m)
}

func testClaimMessage(t *testing.T, s store.Store) {
	atNow := newMessage("m1", t0)
	first := newMessage("m2", t0.Add(-2*time.Minute))
	second := newMessage("m3", t0.Add(-time.Minute))
	future := newMessage("m4", t0.Add(time.Microsecond))
	sent := withStatus("m0", store.MessageSent, t0)
	sent.NextAttemptAt = t0.Add(-time.Hour)
	for _, m := range []store.Message{atNow, future, second, sent, first} {
		MustEnqueueMessage(t, s, m)
	}
	assertClaims(t, s, "w1", t0, t0.Add(time.Minute), first, second, atNow)
	messages.assertStored(t, s, future)
	messages.assertStored(t, s, sent)
}

func testClaimMessageNotDue(t *testing.T, s store.Store) {
	assertClaims(t, s, "w1", t0, t0.Add(time.Minute))
	future := newMessage("m1", t0.Add(time.Microsecond))
	MustEnqueueMessage(t, s, future)
	for i, status := range []string{store.MessageSent, store.MessageOutbox, store.MessageFailed, store.MessageDone} {
		MustEnqueueMessage(t, s, withStatus(fmt.Sprint("n", i), status, t0))
	}
	assertClaims(t, s, "w1", t0, t0.Add(time.Minute))
	assertClaims(t, s, "w1", future.NextAttemptAt, t0.Add(time.Minute), future)
}

func testClaimMessageLeased(t *testing.T, s store.Store) {
	a := newMessage("m1", t0.Add(-time.Minute))
	b := newMessage("m2", t0)
	busy := newMessage("m0", t0.Add(-time.Hour))
	busy.LeaseUntil = t0.Add(time.Second)
	for _, m := range []store.Message{a, b, busy} {
		MustEnqueueMessage(t, s, m)
	}
	until := t0.Add(time.Minute)
	assertClaims(t, s, "w1", t0, until, a, b)
	assertClaims(t, s, "w1", busy.LeaseUntil, until, busy)
	assertClaims(t, s, "w2", until, until.Add(time.Minute), busy, a, b)
}

func testClaimMessageFinished(t *testing.T, s store.Store) {
	for i, status := range []string{store.MessageSent, store.MessageOutbox, store.MessageFailed, store.MessageDone} {
		m := newMessage(fmt.Sprint("m", i), t0.Add(-time.Duration(i)*time.Minute))
		MustEnqueueMessage(t, s, m)
		got := MustClaimMessage(t, s, "w1", t0, t0.Add(time.Minute))
		assertEqual(t, got, leased(m, "w1", t0.Add(time.Minute)))
		got.Status = status
		setMessage(t, s, got)
	}
	assertClaims(t, s, "w1", t0.Add(24*time.Hour), t0.Add(25*time.Hour))
}

func testClaimMessageRetry(t *testing.T, s store.Store) {
	m := newMessage("m1", t0.Add(-time.Minute))
	other := newMessage("m2", t0.Add(5*time.Minute))
	revived := withStatus("m3", store.MessageOutbox, t0)
	for _, x := range []store.Message{m, other, revived} {
		MustEnqueueMessage(t, s, x)
	}
	until := t0.Add(time.Minute)
	assertClaims(t, s, "w1", t0, until, m)
	retry := leased(m, "w1", until)
	retry.Attempts++
	retry.NextAttemptAt = t0.Add(10 * time.Minute)
	retry.LastError = "timeout"
	setMessage(t, s, retry)
	revived.Status = store.MessagePending
	revived.NextAttemptAt = t0.Add(20 * time.Minute)
	setMessage(t, s, revived)
	assertClaims(t, s, "w2", retry.NextAttemptAt.Add(-time.Microsecond), t0.Add(time.Hour), other)
	assertClaims(t, s, "w2", revived.NextAttemptAt, t0.Add(time.Hour), retry, revived)
}

func testClaimMessageConcurrent(t *testing.T, s store.Store) {
	const n, workers = 20, 10
	for i := range n {
		MustEnqueueMessage(t, s, newMessage(fmt.Sprintf("m%02d", i), t0.Add(-time.Duration(i)*time.Second)))
	}
	claimed := make([][]string, workers)
	parallel(workers, func(w int) {
		owner := fmt.Sprint("w", w)
		for range n + 1 {
			m, err := s.ClaimMessage(t.Context(), owner, t0, t0.Add(time.Hour))
			if err != nil {
				if !errors.Is(err, store.ErrNotFound) {
					t.Errorf("ClaimMessage %s: %v", owner, err)
				}
				return
			}
			claimed[w] = append(claimed[w], m.ID)
		}
	})
	count := make(map[string]int)
	for w, ids := range claimed {
		for _, id := range ids {
			count[id]++
			if got := MustGetMessage(t, s, id).LeaseOwner; got != fmt.Sprint("w", w) {
				t.Errorf("%s claimed by w%d is leased to %q", id, w, got)
			}
		}
	}
	for i := range n {
		if id := fmt.Sprintf("m%02d", i); count[id] != 1 {
			t.Errorf("%s claimed %d times, want once", id, count[id])
		}
	}
	if len(count) != n {
		t.Errorf("%d distinct messages claimed, want %d", len(count), n)
	}
}

func testListMessages(t *testing.T, s store.Store) {
	assertEqualList(t, MustListMessages(t, s, 0), nil)
	created := func(id string, at time.Time) store.Message {
		m := newMessage(id, t0)
		m.CreatedAt = at
		return m
	}
	oldest := created("m1", t0.Add(-2*time.Hour))
	tiedA := created("m2", t0)
	tiedB := created("m3", t0)
	middle := created("m4", t0.Add(-time.Hour))
	sent := created("m5", t0.Add(-30*time.Minute))
	sent.Status = store.MessageSent
	for _, m := range []store.Message{middle, tiedB, oldest, sent, tiedA} {
		MustEnqueueMessage(t, s, m)
	}
	all := []store.Message{tiedA, tiedB, sent, middle, oldest}
	assertEqualList(t, MustListMessages(t, s, 0), all)
	assertEqualList(t, MustListMessages(t, s, -1), all)
	assertEqualList(t, MustListMessages(t, s, 10), all)
	assertEqualList(t, MustListMessages(t, s, 2), all[:2])
	oldest.CreatedAt = t0.Add(time.Hour)
	setMessage(t, s, oldest)
	assertEqualList(t, MustListMessages(t, s, 0), []store.Message{oldest, tiedA, tiedB, sent, middle})
}

func testDeleteMessagesBefore(t *testing.T, s store.Store) {
	gone := []store.Message{
		withStatus("m1", store.MessageSent, t0.Add(-time.Microsecond)),
		withStatus("m2", store.MessageOutbox, t0.Add(-time.Hour)),
		withStatus("m3", store.MessageFailed, t0.Add(-time.Hour)),
		withStatus("m4", store.MessageDone, t0.Add(-2*time.Hour)),
	}
	pending := withStatus("m5", store.MessagePending, t0.Add(-time.Hour))
	atCutoff := withStatus("m6", store.MessageSent, t0)
	later := withStatus("m7", store.MessageSent, t0.Add(time.Hour))
	for _, m := range append([]store.Message{pending, atCutoff, later}, gone...) {
		MustEnqueueMessage(t, s, m)
	}
	for _, want := range []int{len(gone), 0} {
		n, err := s.DeleteMessagesBefore(t.Context(), t0)
		if err != nil || n != want {
			t.Fatalf("DeleteMessagesBefore = %d, %v; want %d, nil", n, err, want)
		}
	}
	for _, m := range gone {
		_, err := s.GetMessage(t.Context(), m.ID)
		assertErrorIs(t, err, store.ErrNotFound)
	}
	assertEqualList(t, MustListMessages(t, s, 0), []store.Message{pending, atCutoff, later})
	assertClaims(t, s, "w1", t0, t0.Add(time.Minute), pending)
}

// testDeleteMessagesBeforeAfterUpdate has sweeps follow a Status and an
// UpdatedAt that changed after the message was enqueued.
func testDeleteMessagesBeforeAfterUpdate(t *testing.T, s store.Store) {
	finished := withStatus("m1", store.MessagePending, t0.Add(-time.Hour))
	retried := withStatus("m2", store.MessageSent, t0.Add(-time.Hour))
	touched := withStatus("m3", store.MessageSent, t0.Add(-time.Hour))
	for _, m := range []store.Message{finished, retried, touched} {
		MustEnqueueMessage(t, s, m)
	}
	finished.Status, retried.Status, touched.UpdatedAt = store.MessageSent, store.MessagePending, t0.Add(time.Hour)
	for _, m := range []store.Message{finished, retried, touched} {
		setMessage(t, s, m)
	}
	for _, want := range []int{1, 0} {
		n, err := s.DeleteMessagesBefore(t.Context(), t0)
		if err != nil || n != want {
			t.Fatalf("DeleteMessagesBefore = %d, %v; want %d, nil", n, err, want)
		}
	}
	_, err := s.GetMessage(t.Context(), finished.ID)
	assertErrorIs(t, err, store.ErrNotFound)
	assertEqualList(t, MustListMessages(t, s, 0), []store.Message{retried, touched})
}
