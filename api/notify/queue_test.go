package notify_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/notify/smtptest"
	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/api/testkit"
)

var quietLogger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

type env struct {
	store store.Store
	clock *testkit.Clock
}

// MustEnv returns a fresh bbolt store and a clock.
func MustEnv(tb testing.TB) *env {
	tb.Helper()
	return &env{store: testkit.MustBolt(tb), clock: testkit.NewClock(testkit.Start)}
}

// MustQueue returns a queue over the env's store that sends through email.
func (e *env) MustQueue(tb testing.TB, email notify.EmailSender, jobs map[string]notify.Job) *notify.Queue {
	tb.Helper()
	q, err := notify.NewQueue(notify.QueueConfig{Store: e.store, Email: email, Jobs: jobs, Now: e.clock.Now, Logger: quietLogger})
	if err != nil {
		tb.Fatal(err)
	}
	return q
}

var resetEmail = notify.Email{To: "ann@example.com", Subject: "Reset your password",
	Text: "Open http://porta.test/reset?token=abc", HTML: `<a href="http://porta.test/reset?token=abc">Reset</a>`}

func TestDeliveryOverSMTP(t *testing.T) {
	ctx := context.Background()
	srv := smtptest.Start(t)
	e := MustEnv(t)
	q := e.MustQueue(t, mustSMTP(t, srv.Addr()), nil)
	if err := q.SendEmail(ctx, resetEmail); err != nil {
		t.Fatal(err)
	}
	if n, err := q.DeliverDue(ctx); n != 1 || err != nil {
		t.Fatalf("delivered %d, %v", n, err)
	}
	srv.MustResetEmail(t, "ann@example.com")
	sent := e.messages(t, store.MessageSent)
	if len(sent) != 1 || sent[0].Text != "" || sent[0].HTML != "" {
		t.Fatalf("a delivered message keeps its body (and its live link): %+v", sent)
	}
}

func TestDeliveryWithoutSenderKeepsTheOutbox(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	q := e.MustQueue(t, nil, nil)
	q.SendEmail(ctx, resetEmail)
	q.SendSMS(ctx, notify.SMS{To: "+31612345678", Text: "Your Porta code is 123456."})
	q.DeliverDue(ctx)
	out, err := q.Outbox(ctx, 0)
	if err != nil || len(out) != 2 {
		t.Fatalf("outbox: %+v, %v", out, err)
	}
	for _, m := range out {
		if m.Status != store.MessageOutbox || m.Text == "" {
			t.Fatalf("outbox message: %+v", m)
		}
	}
}

func TestDeliveryRetriesUntilSMTPIsBack(t *testing.T) {
	ctx := context.Background()
	down := smtptest.Start(t)
	addr := down.Addr()
	down.Close()
	e := MustEnv(t)
	q := e.MustQueue(t, mustSMTP(t, addr), nil)
	q.SendEmail(ctx, resetEmail)
	q.DeliverDue(ctx)
	pending := e.messages(t, store.MessagePending)
	if len(pending) != 1 || pending[0].Attempts != 1 || pending[0].LastError == "" {
		t.Fatalf("after a failed attempt: %+v", pending)
	}

	// A restart: a new queue over the same store finds the message.
	restarted := e.MustQueue(t, mustSMTP(t, addr), nil)
	up := smtptest.StartOn(t, addr)
	if n, _ := restarted.DeliverDue(ctx); n != 0 {
		t.Fatalf("delivered %d before the retry was due", n)
	}
	e.clock.Advance(notify.DefaultDelivery.FirstRetry)
	if n, err := restarted.DeliverDue(ctx); n != 1 || err != nil {
		t.Fatalf("delivered %d, %v", n, err)
	}
	if got := up.Wait(1, 5*time.Second); len(got) != 1 || got[0].Subject != "Reset your password" {
		t.Fatalf("received %+v", got)
	}
}

func TestDeliveryExactlyOnceAcrossWorkers(t *testing.T) {
	ctx := context.Background()
	srv := smtptest.Start(t)
	e := MustEnv(t)
	const n = 12
	q := e.MustQueue(t, nil, nil)
	for i := 0; i < n; i++ {
		if err := q.SendEmail(ctx, notify.Email{To: "p" + strings.Repeat("x", i) + "@example.com", Subject: "Activate your account", Text: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	workers := make([]*notify.Queue, 3)
	for i := range workers {
		workers[i] = e.MustQueue(t, mustSMTP(t, srv.Addr()), nil)
	}
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() { defer wg.Done(); w.DeliverDue(ctx) }()
	}
	wg.Wait()
	got := srv.Messages()
	seen := map[string]int{}
	for _, m := range got {
		seen[m.To[0]]++
	}
	if len(got) != n || len(seen) != n {
		t.Fatalf("%d messages to %d addresses, want %d each once: %v", len(got), len(seen), n, seen)
	}
}

func TestJobs(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	var ran []string
	q := e.MustQueue(t, nil, map[string]notify.Job{
		"job:ok":     func(_ context.Context, data string) error { ran = append(ran, data); return nil },
		"job:broken": func(context.Context, string) error { return notify.Permanent{Err: errors.New("no such thing")} },
	})
	for _, kind := range []string{"job:ok", "job:broken", "job:unknown"} {
		if err := q.Schedule(ctx, kind, "ann@example.com"); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := q.DeliverDue(ctx); n != 3 || err != nil {
		t.Fatalf("handled %d, %v", n, err)
	}
	if len(ran) != 1 || ran[0] != "ann@example.com" {
		t.Fatalf("ran %v", ran)
	}
	if done, failed := e.messages(t, store.MessageDone), e.messages(t, store.MessageFailed); len(done) != 1 || len(failed) != 2 {
		t.Fatalf("done %+v, failed %+v", done, failed)
	}
	if out, _ := q.Outbox(ctx, 0); len(out) != 0 {
		t.Fatalf("jobs in the outbox: %+v", out)
	}
}

// messages returns the stored messages in status.
func (e *env) messages(tb testing.TB, status string) []store.Message {
	tb.Helper()
	all, err := e.store.ListMessages(context.Background(), 0)
	if err != nil {
		tb.Fatal(err)
	}
	var out []store.Message
	for _, m := range all {
		if m.Status == status {
			out = append(out, m)
		}
	}
	return out
}

func mustSMTP(tb testing.TB, addr string) notify.EmailSender {
	tb.Helper()
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		tb.Fatal(err)
	}
	port, _ := strconv.Atoi(p)
	s, err := notify.NewSMTP(notify.SMTPConfig{Host: host, Port: port, TLS: notify.TLSNone, From: "no-reply@porta.test", Timeout: 2 * time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
