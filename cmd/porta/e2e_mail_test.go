package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/testkit"
)

var emailedLink = regexp.MustCompile(`https?://[^\s]+\?token=[A-Za-z0-9_-]+`)

// outbox delivers what is due and reads GET /dev/outbox.json, as an
// operator or a test would.
func outbox(tb testing.TB, m *Main) []api.OutboxMessage {
	tb.Helper()
	if _, err := m.Identity.Messages().DeliverDue(context.Background()); err != nil {
		tb.Fatal(err)
	}
	resp, err := http.Get(m.URL() + "/dev/outbox.json")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out []api.OutboxMessage
	if resp.StatusCode != 200 || json.Unmarshal(b, &out) != nil {
		tb.Fatalf("outbox: %d %s", resp.StatusCode, b)
	}
	return out
}

// MustMail returns the newest email to addr with subject.
func MustMail(tb testing.TB, m *Main, addr, subject string) api.OutboxMessage {
	tb.Helper()
	for _, msg := range outbox(tb, m) {
		if msg.To == addr && msg.Subject == subject {
			return msg
		}
	}
	tb.Fatalf("no email %q to %s", subject, addr)
	return api.OutboxMessage{}
}

// MustLink returns the emailed link of the newest such email.
func MustLink(tb testing.TB, m *Main, addr, subject string) string {
	tb.Helper()
	msg := MustMail(tb, m, addr, subject)
	link := emailedLink.FindString(msg.Text)
	if link == "" || !strings.Contains(msg.HTML, link) {
		tb.Fatalf("no link in both parts of %q:\n%s", subject, msg.Text)
	}
	return link
}

func TestBrowserForgotAndReset(t *testing.T) {
	// A reset lifetime other than the default: the screen and the email
	// must both show the one in force.
	m := MustPorta(t, func(c *Config) { c.Demo, c.ResetTTL = true, 2*time.Hour })
	ctx := MustBrowser(t)

	open(t, ctx, m.URL()+"/")
	typeEmailAndNext(t, ctx, demoEmail)
	do(t, ctx, chromedp.Click(chromedp.CSS(`a[href="/forgot"]`)))
	waitPath(t, ctx, "/forgot")
	if got := value(t, ctx, "email"); got != demoEmail {
		t.Fatalf("forgot page email = %q, want it carried over", got)
	}
	screenshot(t, ctx, "forgot")
	do(t, ctx, chromedp.Click(chromedp.CSS(`form button[type=submit]`)))
	waitText(t, ctx, "The link works for 2 hours.")
	screenshot(t, ctx, "forgot-sent")

	link := MustLink(t, m, demoEmail, "Reset your password")
	if msg := MustMail(t, m, demoEmail, "Reset your password"); !strings.Contains(msg.Text, "2 hours") || !strings.Contains(msg.HTML, "2 hours") {
		t.Errorf("the reset email does not say the link works for 2 hours:\n%s", msg.Text)
	}
	open(t, ctx, link)
	waitText(t, ctx, "Choose a new password for "+demoEmail)
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); strings.Contains(loc, "token=") {
		t.Errorf("the token stays in the address bar: %s", loc)
	}
	const next = "Brand-New-Pass-77"
	do(t, ctx,
		chromedp.SendKeys(chromedp.ID("new-password"), next),
		chromedp.SendKeys(chromedp.ID("confirm-password"), next),
	)
	screenshot(t, ctx, "reset")
	do(t, ctx, chromedp.Click(chromedp.CSS(`form button[type=submit]`)))
	waitText(t, ctx, "Your password has been changed.")
	screenshot(t, ctx, "reset-done")

	signIn(t, ctx, m, demoEmail, next)
	waitPath(t, ctx, "/account")

	open(t, ctx, link)
	waitText(t, ctx, "This link has expired or has already been used.")
	waitText(t, ctx, "Send a new link")
	screenshot(t, ctx, "reset-used")
}

func TestBrowserInviteAndActivate(t *testing.T) {
	clk := testkit.NewClock(time.Now())
	m := MustPorta(t, func(c *Config) { c.Demo = true; c.Now = clk.Now })
	bg := context.Background()
	if _, err := m.Identity.Invite(bg, identity.Invitation{Email: "nia@example.com", Name: "Nia", OrgSlug: demoOrgSlug}, identity.Meta{}); err != nil {
		t.Fatal(err)
	}
	expired := MustLink(t, m, "nia@example.com", "Activate your account")
	clk.Advance(25 * time.Hour)
	ctx := MustBrowser(t)

	open(t, ctx, expired)
	waitText(t, ctx, "This activation link has expired.")
	screenshot(t, ctx, "activate-expired")
	do(t, ctx, chromedp.Click(chromedp.CSS(`main button`)))
	waitText(t, ctx, "We have sent a new activation link.")

	fresh := MustLink(t, m, "nia@example.com", "Activate your account")
	if fresh == expired {
		t.Fatal("no new link was sent")
	}
	open(t, ctx, fresh)
	waitText(t, ctx, "Welcome, Nia")
	screenshot(t, ctx, "activate")
	const pw = "Nia-Chooses-42!"
	chooseNewPassword(t, ctx, pw)
	waitPath(t, ctx, "/account")
	waitText(t, ctx, "nia@example.com")
	waitText(t, ctx, demoOrgName)
	screenshot(t, ctx, "account-after-activation")
}

func TestBrowserFindEnvironment(t *testing.T) {
	m := MustPorta(t, func(c *Config) { c.Demo = true })
	ctx := MustBrowser(t)
	open(t, ctx, m.URL()+"/")
	do(t, ctx, chromedp.Click(chromedp.CSS(`a[href="/find"]`)))
	waitPath(t, ctx, "/find")
	do(t, ctx,
		chromedp.SendKeys(chromedp.ID("email"), demoEmail),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
	)
	waitText(t, ctx, "If that address has a Porta account")
	screenshot(t, ctx, "find-sent")

	msg := MustMail(t, m, demoEmail, "Your sign-in addresses")
	orgURL := m.URL()
	orgURL = strings.Replace(orgURL, "127.0.0.1", "localhost", 1) + "/o/" + demoOrgSlug
	if !strings.Contains(msg.Text, demoOrgName) || !strings.Contains(msg.Text, orgURL) {
		t.Fatalf("finder email lacks %s at %s:\n%s", demoOrgName, orgURL, msg.Text)
	}
	open(t, ctx, m.URL()+"/o/"+demoOrgSlug)
	waitText(t, ctx, "Sign in to "+demoOrgName)
	screenshot(t, ctx, "org-sign-in")
}

func TestOutboxOnlyInDevMode(t *testing.T) {
	m := MustPorta(t, func(c *Config) { c.Dev = false })
	for _, path := range []string{"/dev/outbox", "/dev/outbox.json"} {
		resp, err := http.Get(m.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s without --dev: %d, want 404", path, resp.StatusCode)
		}
	}
}
