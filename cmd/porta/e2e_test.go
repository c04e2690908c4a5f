package main

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/porta-id/porta/api"
)

func TestBrowserSignIn(t *testing.T) {
	m := MustPorta(t, func(c *Config) { c.Demo = true })
	ctx := MustBrowser(t)

	open(t, ctx, m.URL()+"/")
	waitText(t, ctx, "Don't use this on a shared or public computer.")
	screenshot(t, ctx, "signin-email")
	typeEmailAndNext(t, ctx, demoEmail)
	waitText(t, ctx, demoEmail)
	waitText(t, ctx, "Forgot password?")

	typePassword(t, ctx, "Not-The-Password-1")
	waitText(t, ctx, "Wrong email or password.")
	screenshot(t, ctx, "signin-password-wrong")

	clear(t, ctx, "password")
	typePassword(t, ctx, demoPassword)
	waitPath(t, ctx, "/account")
	waitText(t, ctx, "Active sessions")
	waitText(t, ctx, "This device")
	screenshot(t, ctx, "account")

	do(t, ctx, chromedp.Click(chromedp.CSS(`main form button[type=submit].secondary`)))
	waitPath(t, ctx, "/")
	open(t, ctx, m.URL()+"/account")
	waitPath(t, ctx, "/")
}

func TestBrowserRememberEmail(t *testing.T) {
	m := MustPorta(t, func(c *Config) { c.Demo = true })
	ctx := MustBrowser(t)

	open(t, ctx, m.URL()+"/")
	do(t, ctx, chromedp.Click(chromedp.ID("remember")))
	typeEmailAndNext(t, ctx, demoEmail)

	// A later visit: this tab's session storage is gone, the device's
	// local storage is not.
	newVisit(t, ctx)
	open(t, ctx, m.URL()+"/")
	if got := value(t, ctx, "email"); got != demoEmail {
		t.Fatalf("email field = %q after reload, want the remembered %q", got, demoEmail)
	}
	checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("remember").checked`))
	if err != nil || !checked {
		t.Fatalf("remember box unticked after reload (%v)", err)
	}
	screenshot(t, ctx, "signin-remembered")

	// Unticking forgets the email on this device.
	do(t, ctx, chromedp.Click(chromedp.ID("remember")))
	newVisit(t, ctx)
	open(t, ctx, m.URL()+"/")
	if got := value(t, ctx, "email"); got != "" {
		t.Fatalf("email field = %q after forgetting", got)
	}
}

// newVisit forgets what this tab kept for itself (sessionStorage), as
// closing the tab and coming back later would.
func newVisit(tb testing.TB, ctx context.Context) {
	tb.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`sessionStorage.clear(), true`)); err != nil {
		tb.Fatal(err)
	}
}

func TestBrowserForcedPasswordChange(t *testing.T) {
	// The account's password meets the porta rules but not the nist ones the
	// server now enforces: sign-in must stop for a new password.
	m := MustPorta(t, func(c *Config) { c.PasswordPolicy = "nist" })
	MustAccount(t, m, "lee@example.com", "Summer-Walk-42")
	ctx := MustBrowser(t)

	signIn(t, ctx, m, "lee@example.com", "Summer-Walk-42")
	waitPath(t, ctx, "/signin/change-password")
	waitText(t, ctx, "Your password is no longer secure enough")
	do(t, ctx, chromedp.SendKeys(chromedp.ID("new-password"), "short"))
	waitText(t, ctx, "At least 15 characters")
	screenshot(t, ctx, "forced-change")

	const next = "a calm river at dawn in june"
	clear(t, ctx, "new-password")
	chooseNewPassword(t, ctx, next)
	waitPath(t, ctx, "/account")
	waitText(t, ctx, "lee@example.com")

	c := MustAPIClient(t, m, "test")
	if res, err := c.SignInPassword(context.Background(), "lee@example.com", next); err != nil || res.Next != api.NextDone {
		t.Fatalf("sign in with the new password: %+v %v", res, err)
	}
}

func TestBrowserSignOutOtherSession(t *testing.T) {
	m := MustPorta(t, func(c *Config) { c.Demo = true })
	other := MustAPIClient(t, m, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0")
	bg := context.Background()
	if _, err := other.SignInPassword(bg, demoEmail, demoPassword); err != nil {
		t.Fatal(err)
	}
	ctx := MustBrowser(t)
	signIn(t, ctx, m, demoEmail, demoPassword)
	waitPath(t, ctx, "/account")
	waitText(t, ctx, "Firefox on Windows")
	screenshot(t, ctx, "account-two-sessions")

	do(t, ctx, chromedp.Click(chromedp.CSS(`button[aria-label="Sign out Firefox on Windows"]`)))
	waitText(t, ctx, "Signed out that session.")
	if _, err := other.Session(bg); api.ErrorCode(err) != api.CodeUnauthenticated {
		t.Fatalf("the other device is still signed in: %v", err)
	}
	if err := poll(ctx, `!document.querySelector("ul.sessions").innerText.includes("Firefox on Windows")`, 10*time.Second); err != nil {
		t.Fatalf("the ended session is still listed: %v", err)
	}
}

func TestBrowserOfflineDeepLink(t *testing.T) {
	m := MustPorta(t, func(c *Config) { c.Demo = true })
	ctx := MustBrowser(t)
	open(t, ctx, m.URL()+"/")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
		`navigator.serviceWorker.ready.then(() => true)`,
		chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("service worker never became ready: %v", err)
	}
	url := m.URL()
	m.Close()

	open(t, ctx, url+"/account")
	waitText(t, ctx, "offline")
	screenshot(t, ctx, "offline-account")
}
