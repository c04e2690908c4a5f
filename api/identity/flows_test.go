package identity_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/store"
)

var linkPattern = regexp.MustCompile(`http://porta\.test/[a-z/-]+(\?token=[A-Za-z0-9_-]+)?`)

func withBaseURL(c *identity.Config) { c.BaseURL = "http://porta.test" }

// MustDeliver runs the queue until nothing is due.
func (e *env) MustDeliver(tb testing.TB) {
	tb.Helper()
	if _, err := e.svc.Messages().DeliverDue(context.Background()); err != nil {
		tb.Fatal(err)
	}
}

// mail returns the outbox emails to addr, newest first.
func (e *env) mail(tb testing.TB, addr string) []store.Message {
	tb.Helper()
	all, err := e.svc.Messages().Outbox(context.Background(), 0)
	if err != nil {
		tb.Fatal(err)
	}
	var out []store.Message
	for _, m := range all {
		if m.To == addr && m.Kind == notify.KindEmail {
			out = append(out, m)
		}
	}
	return out
}

// MustLatestMail returns the newest email to addr with subject.
func (e *env) MustLatestMail(tb testing.TB, addr, subject string) store.Message {
	tb.Helper()
	for _, m := range e.mail(tb, addr) {
		if m.Subject == subject {
			return m
		}
	}
	tb.Fatalf("no email %q to %s in the outbox", subject, addr)
	return store.Message{}
}

// tokenIn returns the token of the first link in an email.
func tokenIn(tb testing.TB, m store.Message) string {
	tb.Helper()
	link := linkPattern.FindString(m.Text)
	u, err := url.Parse(link)
	if err != nil || u.Query().Get("token") == "" {
		tb.Fatalf("no link with a token in:\n%s", m.Text)
	}
	if !strings.Contains(m.HTML, link) {
		tb.Fatalf("the HTML part lacks the link %s", link)
	}
	return u.Query().Get("token")
}

// MustResetToken asks for a reset link for email and returns the token of
// the link emailed.
func (e *env) MustResetToken(tb testing.TB, email string) string {
	tb.Helper()
	if _, err := e.svc.ForgotPassword(context.Background(), email, meta); err != nil {
		tb.Fatal(err)
	}
	e.MustDeliver(tb)
	return tokenIn(tb, e.MustLatestMail(tb, email, "Reset your password"))
}

func TestForgotPassword(t *testing.T) {
	ctx := context.Background()
	t.Run("SameAnswerOneEmail", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		e.MustAccount(t, "ann@example.com", goodPassword)
		known, err1 := e.svc.ForgotPassword(ctx, "Ann@Example.com", meta)
		unknown, err2 := e.svc.ForgotPassword(ctx, "zed@example.com", meta)
		if err1 != nil || err2 != nil || known != unknown {
			t.Fatalf("answers differ: %q %v / %q %v", known, err1, unknown, err2)
		}
		e.MustDeliver(t)
		if got := len(e.mail(t, "zed@example.com")); got != 0 {
			t.Fatalf("%d emails to an unknown address", got)
		}
		m := e.MustLatestMail(t, "ann@example.com", "Reset your password")
		if !strings.Contains(m.Text, "/reset?token=") || !strings.Contains(m.Text, "1 hour") || !strings.Contains(m.HTML, "Choose a new password") {
			t.Fatalf("email:\n%s", m.Text)
		}
	})
	t.Run("LinkWorksOnce", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		e.MustAccount(t, "ann@example.com", goodPassword)
		old := e.MustSignIn(t, "ann@example.com", goodPassword)
		tok := e.MustResetToken(t, "ann@example.com")
		if info, err := e.svc.CheckResetLink(ctx, tok); err != nil || info.Email != "ann@example.com" {
			t.Fatalf("check = %+v %v", info, err)
		}
		_, err := e.svc.ResetPassword(ctx, tok, "password", meta)
		wantCode(t, err, api.CodeWeakPassword)
		if _, err := e.svc.ResetPassword(ctx, tok, "Battery-Staple-9", meta); err != nil {
			t.Fatalf("a weak try must not use up the link: %v", err)
		}
		_, err = e.svc.ResetPassword(ctx, tok, "Battery-Staple-10", meta)
		wantCode(t, err, api.CodeInvalidLink)
		_, err = e.svc.Authenticate(ctx, old.Token, meta)
		wantCode(t, err, api.CodeUnauthenticated)
		e.MustSignIn(t, "ann@example.com", "Battery-Staple-9")
		e.MustDeliver(t)
		e.MustLatestMail(t, "ann@example.com", "Your password was reset")
	})
	t.Run("ConcurrentUseOneWins", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		e.MustAccount(t, "ann@example.com", goodPassword)
		tok := e.MustResetToken(t, "ann@example.com")
		var wg sync.WaitGroup
		results := make(chan error, 10)
		for i := 0; i < 10; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.svc.ResetPassword(ctx, tok, "Battery-Staple-9", meta)
				results <- err
			}()
		}
		wg.Wait()
		close(results)
		wins := 0
		for err := range results {
			if err == nil {
				wins++
			} else {
				wantCode(t, err, api.CodeInvalidLink)
			}
		}
		if wins != 1 {
			t.Fatalf("%d resets won, want exactly 1", wins)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		e.MustAccount(t, "ann@example.com", goodPassword)
		tok := e.MustResetToken(t, "ann@example.com")
		e.clock.Advance(time.Hour)
		_, err := e.svc.ResetPassword(ctx, tok, "Battery-Staple-9", meta)
		wantCode(t, err, api.CodeInvalidLink)
	})
	t.Run("ClearsLock", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		e.MustAccount(t, "ann@example.com", goodPassword)
		for i := 0; i < identity.DefaultLimits.FreeFailures; i++ {
			e.svc.SignInPassword(ctx, "ann@example.com", "Wrong-Horse-7", meta)
		}
		tok := e.MustResetToken(t, "ann@example.com")
		if _, err := e.svc.ResetPassword(ctx, tok, "Battery-Staple-9", meta); err != nil {
			t.Fatal(err)
		}
		e.MustSignIn(t, "ann@example.com", "Battery-Staple-9")
	})
	t.Run("CapPerAddress", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		e.MustAccount(t, "ann@example.com", goodPassword)
		for i := 0; i < 5; i++ {
			if _, err := e.svc.ForgotPassword(ctx, "ann@example.com", meta); err != nil {
				t.Fatal(err)
			}
		}
		e.MustDeliver(t)
		if n := len(e.mail(t, "ann@example.com")); n != identity.DefaultLimits.SendsPerAddress {
			t.Fatalf("%d emails, want %d", n, identity.DefaultLimits.SendsPerAddress)
		}
	})
	t.Run("ErrTooManyPerIP", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		var err error
		for i := 0; i <= identity.DefaultLimits.IPSendBurst && err == nil; i++ {
			_, err = e.svc.ForgotPassword(ctx, "x"+strings.Repeat("y", i)+"@example.com", meta)
		}
		wantCode(t, err, api.CodeTooManyAttempts)
	})
}

func orgID(tb testing.TB, e *env, slug string) string {
	tb.Helper()
	o, err := e.svc.Org(context.Background(), slug)
	if err != nil {
		tb.Fatal(err)
	}
	return o.ID
}

func TestFindEnvironments(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t, withBaseURL)
	e.MustAccount(t, "ann@example.com", goodPassword)
	e.MustAccount(t, "bob@example.com", goodPassword)
	for _, o := range [][2]string{{"acme", "Acme Inc."}, {"globex", "Globex"}} {
		if _, err := e.svc.CreateOrg(ctx, o[0], o[1]); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AddMember(ctx, o[0], "ann@example.com", ""); err != nil {
			t.Fatal(err)
		}
	}
	answers := map[string]bool{}
	for _, addr := range []string{"ann@example.com", "bob@example.com", "zed@example.com"} {
		msg, err := e.svc.FindEnvironments(ctx, addr, meta)
		if err != nil {
			t.Fatal(err)
		}
		answers[msg] = true
	}
	if len(answers) != 1 {
		t.Fatalf("answers differ: %v", answers)
	}
	e.MustDeliver(t)
	m := e.MustLatestMail(t, "ann@example.com", "Your sign-in addresses")
	for _, want := range []string{"Acme Inc.", "http://porta.test/o/acme", "Globex", "http://porta.test/o/globex"} {
		if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
			t.Fatalf("email lacks %q:\n%s", want, m.Text)
		}
	}
	if !strings.Contains(e.MustLatestMail(t, "bob@example.com", "Your sign-in addresses").Text, "does not belong to any organization") {
		t.Fatal("bob's email should say he has no organization")
	}
	if len(e.mail(t, "zed@example.com")) != 0 {
		t.Fatal("an unknown address got email")
	}
}

func TestSecurityNotices(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t, withBaseURL)
	e.MustAccount(t, "ann@example.com", goodPassword)
	laptop := meta
	laptop.DeviceID, laptop.UserAgent = "device-laptop", "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36"
	phone := meta
	phone.DeviceID, phone.UserAgent = "device-phone", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1"

	res, err := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, laptop)
	if err != nil {
		t.Fatal(err)
	}
	e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, laptop)
	e.MustDeliver(t)
	if n := len(e.mail(t, "ann@example.com")); n != 0 {
		t.Fatalf("%d notices for the first device and a repeat sign-in, want none", n)
	}
	e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, phone)
	e.MustDeliver(t)
	if m := e.MustLatestMail(t, "ann@example.com", "New sign-in to your Porta account"); !strings.Contains(m.Text, "Safari on iPhone") {
		t.Fatalf("notice:\n%s", m.Text)
	}
	auth, _ := e.svc.Authenticate(ctx, res.Token, laptop)
	if err := e.svc.ChangePassword(ctx, auth, goodPassword, "Battery-Staple-9", laptop); err != nil {
		t.Fatal(err)
	}
	e.MustDeliver(t)
	e.MustLatestMail(t, "ann@example.com", "Your password was changed")
}
