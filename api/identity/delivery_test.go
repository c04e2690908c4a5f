package identity_test

import (
	"context"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/notify/smtptest"
	"github.com/porta-id/porta/api/store"
)

func withSMTP(srv *smtptest.Server) func(*identity.Config) {
	return func(c *identity.Config) {
		s, err := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host(), Port: srv.Port(), TLS: notify.TLSNone, From: "Porta <no-reply@porta.test>", Timeout: 2 * time.Second})
		if err != nil {
			panic(err)
		}
		c.Email = s
		c.BaseURL = "http://porta.test"
	}
}

func TestDeliveryOverSMTP(t *testing.T) {
	ctx := context.Background()
	srv := smtptest.Start(t)
	e := MustEnv(t, withSMTP(srv))
	e.MustAccount(t, "ann@example.com", goodPassword)
	if _, err := e.svc.ForgotPassword(ctx, "ann@example.com", meta); err != nil {
		t.Fatal(err)
	}
	e.MustDeliver(t)
	got := srv.Wait(1, 5*time.Second)
	if len(got) != 1 {
		t.Fatalf("received %d messages", len(got))
	}
	m := got[0]
	if m.To[0] != "ann@example.com" || m.Subject != "Reset your password" ||
		!strings.Contains(m.Text, "http://porta.test/reset?token=") || !strings.Contains(m.HTML, `href="http://porta.test/reset?token=`) {
		t.Fatalf("message: to %v subject %q\ntext %s\nhtml %s", m.To, m.Subject, m.Text, m.HTML)
	}
	sent := e.sentMessages(t)
	if len(sent) != 1 || sent[0].Text != "" || sent[0].HTML != "" {
		t.Fatalf("a delivered message keeps its body (and its live link): %+v", sent)
	}
}

// sentMessages returns the emails the store records as sent.
func (e *env) sentMessages(tb testing.TB) []store.Message {
	tb.Helper()
	all, err := e.store.ListMessages(context.Background(), 0)
	if err != nil {
		tb.Fatal(err)
	}
	var out []store.Message
	for _, m := range all {
		if m.Kind == identity.KindEmail && m.Status == store.MessageSent {
			out = append(out, m)
		}
	}
	return out
}

func TestDeliveryRetriesUntilSMTPIsBack(t *testing.T) {
	ctx := context.Background()
	down := smtptest.Start(t)
	addr := down.Addr()
	down.Close()
	e := MustEnv(t, withSMTP(down))
	e.MustAccount(t, "ann@example.com", goodPassword)
	e.svc.ForgotPassword(ctx, "ann@example.com", meta)
	e.MustDeliver(t)
	pending := e.pendingEmails(t)
	if len(pending) != 1 || pending[0].Attempts != 1 || pending[0].LastError == "" {
		t.Fatalf("after a failed attempt: %+v", pending)
	}

	// A restart: a new service over the same store finds the message.
	restarted, err := identity.New(ctx, identity.Config{Store: e.store, Now: e.clock.Now, Argon2: fastArgon, Email: mustSMTP(t, addr), BaseURL: "http://porta.test"})
	if err != nil {
		t.Fatal(err)
	}
	up := smtptest.StartOn(t, addr)
	if n, _ := restarted.DeliverDue(ctx); n != 0 {
		t.Fatalf("delivered %d before the retry was due", n)
	}
	e.clock.Advance(identity.DefaultDelivery.FirstRetry)
	if n, err := restarted.DeliverDue(ctx); n != 1 || err != nil {
		t.Fatalf("delivered %d, %v", n, err)
	}
	if got := up.Wait(1, 5*time.Second); len(got) != 1 || got[0].Subject != "Reset your password" {
		t.Fatalf("received %+v", got)
	}
}

func mustSMTP(tb testing.TB, addr string) notify.EmailSender {
	tb.Helper()
	host, port := splitHostPort(tb, addr)
	s, err := notify.NewSMTP(notify.SMTPConfig{Host: host, Port: port, TLS: notify.TLSNone, From: "no-reply@porta.test", Timeout: 2 * time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func (e *env) pendingEmails(tb testing.TB) []store.Message {
	tb.Helper()
	all, _ := e.store.ListMessages(context.Background(), 0)
	var out []store.Message
	for _, m := range all {
		if m.Kind == identity.KindEmail && m.Status == store.MessagePending {
			out = append(out, m)
		}
	}
	return out
}

func TestDeliveryExactlyOnceAcrossWorkers(t *testing.T) {
	ctx := context.Background()
	srv := smtptest.Start(t)
	e := MustEnv(t, withSMTP(srv))
	const n = 12
	for i := 0; i < n; i++ {
		if _, err := e.svc.Invite(ctx, identity.Invitation{Email: "p" + strings.Repeat("x", i) + "@example.com"}, meta); err != nil {
			t.Fatal(err)
		}
	}
	workers := make([]*identity.Service, 3)
	for i := range workers {
		w, err := identity.New(ctx, identity.Config{Store: e.store, Now: e.clock.Now, Argon2: fastArgon, Email: mustSMTP(t, srv.Addr())})
		if err != nil {
			t.Fatal(err)
		}
		workers[i] = w
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

func splitHostPort(tb testing.TB, addr string) (string, int) {
	tb.Helper()
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		tb.Fatal(err)
	}
	port, _ := strconv.Atoi(p)
	return host, port
}
