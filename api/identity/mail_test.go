package identity_test

import (
	"context"
	"testing"
	"time"

	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/notify/smtptest"
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

// The queue's own behaviour (leases, retries, erased bodies) is tested in
// notify; this checks that identity's configured sender gets its emails.
func TestResetEmailOverSMTP(t *testing.T) {
	ctx := context.Background()
	srv := smtptest.Start(t)
	e := MustEnv(t, withSMTP(srv))
	e.MustAccount(t, "ann@example.com", goodPassword)
	if _, err := e.svc.ForgotPassword(ctx, "ann@example.com", meta); err != nil {
		t.Fatal(err)
	}
	e.MustDeliver(t)
	srv.MustResetEmail(t, "ann@example.com")
}
