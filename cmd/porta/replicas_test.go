package main

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/notify/smtptest"
	"github.com/porta-id/porta/api/testkit"
)

// MustPostgresDB creates an empty database on the test server
// (PORTA_TEST_POSTGRES) and returns its address; it is dropped afterwards.
func MustPostgresDB(tb testing.TB) string {
	tb.Helper()
	base := testkit.PostgresURL(tb)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatal(err)
	}
	name := fmt.Sprintf("porta_e2e_%d", time.Now().UnixNano())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_, _ = admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
		admin.Close(ctx)
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Two servers on different ports share one PostgreSQL, as replicas behind
// one address would: whatever one does, the other sees.
func TestReplicasShareOnePostgreSQL(t *testing.T) {
	dsn := MustPostgresDB(t)
	mail := smtptest.Start(t)
	keyFile := t.TempDir() + "/secrets.key"
	replica := func(c *Config) {
		c.Store, c.Demo, c.Web, c.SecretsKeyFile = dsn, true, nil, keyFile
		c.SMTP = notify.SMTPConfig{Host: mail.Host(), Port: mail.Port(), TLS: notify.TLSNone, From: "Porta <no-reply@porta.test>"}
	}
	a := MustPorta(t, replica)
	b := MustPorta(t, replica)
	ctx := context.Background()

	t.Run("SessionWorksOnBoth", func(t *testing.T) {
		onA := MustAPIClient(t, a, "test")
		if _, err := onA.SignInPassword(ctx, demoEmail, demoPassword); err != nil {
			t.Fatal(err)
		}
		// The same browser reaches the other replica: same cookies.
		jar := onA.Transport.(*api.HTTPTransport).Client.Jar
		onB := api.NewClient(&api.HTTPTransport{BaseURL: b.URL(), Client: clientWithJar(jar)})
		s, err := onB.Session(ctx)
		if err != nil || s.Account.Email != demoEmail {
			t.Fatalf("session on the other replica: %+v %v", s, err)
		}
	})
	t.Run("FailureLimitCountsAcrossBoth", func(t *testing.T) {
		ca, cb := MustAPIClient(t, a, "test"), MustAPIClient(t, b, "test")
		for i := 0; i < 5; i++ {
			c := ca
			if i%2 == 1 {
				c = cb
			}
			if _, err := c.SignInPassword(ctx, "limit@example.com", "Wrong-Horse-7"); api.ErrorCode(err) != api.CodeInvalidCredentials {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		for _, c := range []*api.Client{ca, cb} {
			if _, err := c.SignInPassword(ctx, "limit@example.com", "Wrong-Horse-7"); api.ErrorCode(err) != api.CodeTooManyAttempts {
				t.Fatalf("sixth attempt: %v, want too_many_attempts on both replicas", err)
			}
		}
	})
	t.Run("TOTPCodeWorksOnceAcrossBoth", func(t *testing.T) {
		accounts, err := a.Identity.ListAccounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		auth := identity.Auth{Account: accounts[0]}
		auth.Session.AuthenticatedAt = time.Now()
		setup, err := a.Identity.StartTOTP(ctx, auth, "", identity.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Identity.ConfirmTOTP(ctx, auth, testkit.MustCode(t, setup.Key, time.Now()), identity.Meta{}); err != nil {
			t.Fatalf("confirm on the other replica (shared secrets key): %v", err)
		}
		onA, onB := MustAPIClient(t, a, "test"), MustAPIClient(t, b, "test")
		for _, c := range []*api.Client{onA, onB} {
			if res, err := c.SignInPassword(ctx, demoEmail, demoPassword); err != nil || res.Next != api.NextSecondFactor {
				t.Fatalf("password: %+v %v", res, err)
			}
		}
		// The confirm used the current step; the next one is fresh.
		code := testkit.MustCode(t, setup.Key, time.Now().Add(30*time.Second))
		if _, err := onA.SignInTOTP(ctx, api.SecondFactorRequest{Code: code}); err != nil {
			t.Fatal(err)
		}
		if _, err := onB.SignInTOTP(ctx, api.SecondFactorRequest{Code: code}); api.ErrorCode(err) != api.CodeInvalidCode {
			t.Fatalf("the same code on the other replica: %v, want invalid_code", err)
		}
	})
	t.Run("ResetLinkWorksOnceAcrossBoth", func(t *testing.T) {
		if _, err := MustAPIClient(t, b, "test").ForgotPassword(ctx, demoEmail); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for _, m := range []*Main{a, b} {
			wg.Add(1)
			go func() { defer wg.Done(); m.Identity.Messages().DeliverDue(ctx) }()
		}
		wg.Wait()
		resets := func() []smtptest.Message {
			var out []smtptest.Message
			for _, m := range mail.Messages() {
				if m.Subject == "Reset your password" {
					out = append(out, m)
				}
			}
			return out
		}
		for deadline := time.Now().Add(10 * time.Second); len(resets()) == 0 && time.Now().Before(deadline); {
			mail.Wait(len(mail.Messages())+1, time.Second)
		}
		got := resets()
		if len(got) != 1 {
			t.Fatalf("%d reset emails arrived, want exactly 1", len(got))
		}
		tok := tokenFrom(t, got[0].Text)
		if _, err := MustAPIClient(t, b, "test").CheckResetLink(ctx, tok); err != nil {
			t.Fatalf("link on the other replica: %v", err)
		}
		if _, err := MustAPIClient(t, a, "test").ResetPassword(ctx, tok, "Replica-Reset-42"); err != nil {
			t.Fatal(err)
		}
		if _, err := MustAPIClient(t, b, "test").ResetPassword(ctx, tok, "Replica-Reset-43"); api.ErrorCode(err) != api.CodeInvalidLink {
			t.Fatalf("second use on the other replica: %v, want invalid_link", err)
		}
	})
}

func tokenFrom(tb testing.TB, text string) string {
	tb.Helper()
	link := emailedLink.FindString(text)
	u, err := url.Parse(link)
	if err != nil || u.Query().Get("token") == "" {
		tb.Fatalf("no link in %q", text)
	}
	return u.Query().Get("token")
}
