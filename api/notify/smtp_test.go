package notify_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/notify/smtptest"
)

func TestSMTP(t *testing.T) {
	srv := smtptest.Start(t)
	s, err := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host(), Port: srv.Port(), TLS: notify.TLSNone, From: "Porta <no-reply@porta.test>"})
	if err != nil {
		t.Fatal(err)
	}
	err = s.SendEmail(context.Background(), notify.Email{
		To: "ann@example.com", Subject: "Reset your password",
		Text: "Open https://porta.test/reset?token=abc", HTML: `<p><a href="https://porta.test/reset?token=abc">Reset</a></p>`,
	})
	if err != nil {
		t.Fatal(err)
	}
	msgs := srv.Wait(1, 5*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("received %d messages", len(msgs))
	}
	m := msgs[0]
	if len(m.To) != 1 || m.To[0] != "ann@example.com" || m.From != "no-reply@porta.test" || m.Subject != "Reset your password" {
		t.Fatalf("envelope/subject = %q %q %q", m.From, m.To, m.Subject)
	}
	if !strings.Contains(m.Text, "reset?token=abc") || !strings.Contains(m.HTML, `<a href="https://porta.test/reset?token=abc">`) {
		t.Fatalf("parts: text %q html %q", m.Text, m.HTML)
	}
}

func TestSMTPDown(t *testing.T) {
	srv := smtptest.Start(t)
	srv.Close()
	s, _ := notify.NewSMTP(notify.SMTPConfig{Host: srv.Host(), Port: srv.Port(), TLS: notify.TLSNone, From: "no-reply@porta.test", Timeout: 2 * time.Second})
	err := s.SendEmail(context.Background(), notify.Email{To: "ann@example.com", Subject: "x", Text: "x"})
	var perm notify.Permanent
	if err == nil || errors.As(err, &perm) {
		t.Fatalf("err = %v, want a temporary error", err)
	}
}

func TestNewSMTP(t *testing.T) {
	for name, cfg := range map[string]notify.SMTPConfig{
		"ErrNoHost": {From: "a@b.c"},
		"ErrNoFrom": {Host: "mail.example.com"},
		"ErrTLS":    {Host: "mail.example.com", From: "a@b.c", TLS: "sometimes"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := notify.NewSMTP(cfg); err == nil {
				t.Fatal("want an error")
			}
		})
	}
}

func TestSMSGateway(t *testing.T) {
	var got struct{ auth, body string }
	status := http.StatusAccepted
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := new(strings.Builder)
		_, _ = io.Copy(b, r.Body)
		got.auth, got.body = r.Header.Get("Authorization"), b.String()
		w.WriteHeader(status)
	}))
	defer ts.Close()
	g := &notify.SMSGateway{URL: ts.URL, Token: "secret"}
	ctx := context.Background()
	if err := g.SendSMS(ctx, notify.SMS{To: "+15551234567", Text: "Your Porta code is 123456"}); err != nil {
		t.Fatal(err)
	}
	if got.auth != "Bearer secret" || got.body != `{"text":"Your Porta code is 123456","to":"+15551234567"}` {
		t.Fatalf("gateway got %+v", got)
	}
	var perm notify.Permanent
	status = http.StatusBadRequest
	if err := g.SendSMS(ctx, notify.SMS{To: "x", Text: "y"}); !errors.As(err, &perm) {
		t.Fatalf("400: err = %v, want permanent", err)
	}
	status = http.StatusServiceUnavailable
	if err := g.SendSMS(ctx, notify.SMS{To: "x", Text: "y"}); err == nil || errors.As(err, &perm) {
		t.Fatalf("503: err = %v, want temporary", err)
	}
}
