package main

import (
	"context"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/oidcop"
	"github.com/porta-id/porta/api/testkit"
	"github.com/porta-id/porta/cmd/porta-demo/demohr"
)

// demoUsers are Demo HR's legacy users in the tests: Erik links a new
// account with a code, Fatima's address is of a trusted domain, Dana's is
// the Porta demo account (an admin of acme).
var demoUsers = []demohr.User{
	{ID: "emp-1", Username: "erik", Password: "erik-legacy", Name: "Erik Employee", Emails: []string{"erik@acme.example", "erik@home.example"}},
	{ID: "emp-2", Username: "fatima", Password: "fatima-legacy", Name: "Fatima Field", Emails: []string{"fatima@trusted.example"}},
	{ID: "emp-3", Username: "dana", Password: "dana-legacy", Name: "Dana Demo", Emails: []string{demoEmail}, Admin: true},
}

// demoWorld is Porta with the demo seeds and Demo HR beside it.
type demoWorld struct {
	m    *Main
	clk  *testkit.Clock
	demo string // Demo HR's address
}

func mustDemoWorld(t *testing.T) demoWorld {
	t.Helper()
	clk := testkit.NewClock(time.Now())
	m := MustPorta(t, func(c *Config) { c.Demo, c.Now = true, clk.Now })
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	c, secret, err := m.OpenID.CreateClient(context.Background(), oidcop.NewClient{
		Name: "Demo HR", RedirectURIs: []string{base + "/callback"}, Org: demoOrgSlug, FirstParty: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	hr, err := demohr.New(context.Background(), demohr.Config{
		PublicURL: base, Porta: m.URL(), Issuer: issuerOf(t, m), ClientID: c.ID, ClientSecret: secret, Org: demoOrgSlug, Users: demoUsers,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = hr.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return demoWorld{m: m, clk: clk, demo: base}
}

// legacySignIn signs in to Demo HR with its own username and password.
func (w demoWorld) legacySignIn(t *testing.T, ctx context.Context, username, password string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(w.demo+"/"),
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("legacy-sign-in")))
}

// bannerFrame returns a context in the iframe of Porta's banner, once its
// app has drawn it. The iframe is of another site (Porta at localhost,
// Demo HR at 127.0.0.1), so Chromium runs it as a target of its own.
func bannerFrame(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		infos, err := chromedp.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, info := range infos {
			if info.Type == "iframe" && strings.Contains(info.URL, "/link/banner?ticket=") {
				frame, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(info.TargetID))
				t.Cleanup(cancel)
				if err := poll(frame, `document.querySelector(".banner h1") !== null && document.getElementById("app-wasm-loader") === null`, 30*time.Second); err != nil {
					t.Fatalf("the banner frame never showed the banner: %v", err)
				}
				return frame
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no banner frame among %d targets", len(infos))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// settingsLink is where the banner's "Go to account settings" leads.
func settingsLink(t *testing.T, frame context.Context) string {
	t.Helper()
	href, err := chromedp.Run(frame, chromedp.Evaluate[string](`document.querySelector(".banner a.primary").href`))
	if err != nil || !strings.Contains(href, "/link?ticket=") {
		t.Fatalf("Go to account settings leads to %q, %v", href, err)
	}
	return href
}

func (w demoWorld) signOutOfDemo(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(w.demo+"/"), chromedp.Click(chromedp.CSS("header button")))
	waitText(t, ctx, "Sign in to Demo HR")
}

var linkCode = regexp.MustCompile(`\b\d{6}\b`)

// TestBrowserLinkingWithDemoHR runs the migration across both apps:
// Demo HR's legacy sign-in shows Porta's banner, linking with a code
// makes a Porta account, a trusted domain links without one, an address
// with an account links it, and after the switch date Demo HR signs
// people in through Porta.
func TestBrowserLinkingWithDemoHR(t *testing.T) {
	w := mustDemoWorld(t)
	ctx := MustBrowser(t)
	bg := context.Background()
	// The server's daily count keeps the board of a week ago: nobody linked.
	w.clk.Advance(-7 * 24 * time.Hour)
	if _, err := w.m.Identity.RecordProgress(bg); err != nil {
		t.Fatal(err)
	}
	w.clk.Advance(7 * 24 * time.Hour)

	// Erik: the banner in Demo HR, then the linking screen with a code.
	w.legacySignIn(t, ctx, "erik", "erik-legacy")
	waitText(t, ctx, "Hello, Erik Employee")
	frame := bannerFrame(t, ctx)
	waitText(t, frame, "Soon Acme Inc. will have you sign in to Demo HR with Porta")
	waitText(t, frame, "Not right now")
	screenshots(t, ctx, "demo-banner")
	href := settingsLink(t, frame)
	open(t, ctx, href)
	waitText(t, ctx, "Demo HR at Acme Inc. is moving its sign-in to Porta.")
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); strings.Contains(loc, "ticket") {
		t.Errorf("the ticket stays in the address: %s", loc)
	}
	screenshots(t, ctx, "link-choose")
	do(t, ctx, chromedp.Click(chromedp.ID("email-1")), chromedp.Click(chromedp.CSS(`form button[type=submit]`)))
	waitText(t, ctx, "We sent a 6-digit code to erik@home.example. It is valid for 30 minutes.")
	screenshots(t, ctx, "link-code")
	mail := MustEmail(t, w.m, "erik@home.example", "is your Porta verification code")
	if !strings.Contains(mail, "a new Porta account is created for erik@home.example") || !strings.Contains(mail, "nothing changes") {
		t.Errorf("the linking email says:\n%s", mail)
	}
	do(t, ctx, chromedp.SendKeys(chromedp.ID("code"), "000000"), chromedp.Click(chromedp.CSS(`form button[type=submit]`)))
	waitText(t, ctx, "That code didn't work")
	clear(t, ctx, "code")
	do(t, ctx, chromedp.SendKeys(chromedp.ID("code"), linkCode.FindString(mail)), chromedp.Click(chromedp.CSS(`form button[type=submit]`)))
	waitText(t, ctx, "You're all set")
	waitText(t, ctx, "We created a Porta account for erik@home.example and connected it to your Demo HR user.")
	waitText(t, ctx, "You can't sign in to Demo HR with Porta yet")
	screenshots(t, ctx, "link-done")
	do(t, ctx, chromedp.Click(chromedp.CSS(`main a.primary`)))
	waitPath(t, ctx, "/reset")
	waitText(t, ctx, "erik@home.example")
	const erikPassword = "Erik-Porta-2026!"
	chooseNewPassword(t, ctx, erikPassword)
	waitText(t, ctx, "Your password has been changed")

	do(t, ctx, chromedp.Navigate(w.demo+"/"))
	waitText(t, ctx, "Your Demo HR account is connected to Porta.")
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#porta-banner").length`)); n != 0 {
		t.Error("the banner is still shown after linking")
	}
	w.signOutOfDemo(t, ctx)

	// Fatima: her organization trusts her domain, so no code.
	trusted := []string{"trusted.example"}
	if _, err := w.m.Identity.UpdateOrgSettings(bg, demoOrgSlug, identity.OrgSettings{TrustedDomains: &trusted}, "test", identity.Meta{}); err != nil {
		t.Fatal(err)
	}
	w.legacySignIn(t, ctx, "fatima", "fatima-legacy")
	frame = bannerFrame(t, ctx)
	open(t, ctx, settingsLink(t, frame))
	waitText(t, ctx, "fatima@trusted.example")
	do(t, ctx, chromedp.Click(chromedp.CSS(`form button[type=submit]`)))
	waitText(t, ctx, "We created a Porta account for fatima@trusted.example")
	if n := emailsTo(t, w.m, "fatima@trusted.example"); n != 0 {
		t.Errorf("%d emails to the trusted address before asking for a password, want none", n)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`main .section button, main div > button.secondary`)))
	waitText(t, ctx, "We sent a link to fatima@trusted.example.")
	w.signOutOfDemo(t, ctx)

	// Dana: her address has a Porta account, which is linked, not doubled.
	w.legacySignIn(t, ctx, "dana", "dana-legacy")
	frame = bannerFrame(t, ctx)
	open(t, ctx, settingsLink(t, frame))
	waitText(t, ctx, demoEmail)
	do(t, ctx, chromedp.Click(chromedp.CSS(`form button[type=submit]`)))
	waitText(t, ctx, "We sent a 6-digit code")
	mail = MustEmail(t, w.m, demoEmail, "is your Porta verification code")
	if !strings.Contains(mail, "your existing Porta account "+demoEmail+" is connected") {
		t.Errorf("the linking email to an account says:\n%s", mail)
	}
	do(t, ctx, chromedp.SendKeys(chromedp.ID("code"), linkCode.FindString(mail)), chromedp.Click(chromedp.CSS(`form button[type=submit]`)))
	waitText(t, ctx, "Your Porta account "+demoEmail+" is now connected to your Demo HR user.")
	if accounts, _ := w.m.Store.ListAccounts(bg); len(accounts) != 3 {
		t.Errorf("%d Porta accounts, want Dana's, Erik's and Fatima's", len(accounts))
	}
	w.signOutOfDemo(t, ctx)

	// The switch date: linked users sign in to Demo HR through Porta.
	now := w.clk.Now()
	if _, err := w.m.Identity.UpdateOrgSettings(bg, demoOrgSlug, identity.OrgSettings{SwitchDate: &now}, "test", identity.Meta{}); err != nil {
		t.Fatal(err)
	}
	w.legacySignIn(t, ctx, "erik", "erik-legacy")
	waitText(t, ctx, `Demo HR now signs you in with Porta`)
	screenshot(t, ctx, "demo-switched")
	do(t, ctx, chromedp.Click(chromedp.ID("porta-sign-in")))
	waitApp(t, ctx)
	typeEmailAndNext(t, ctx, "erik@home.example")
	typePassword(t, ctx, erikPassword)
	waitText(t, ctx, "Hello, Erik Employee")
	waitText(t, ctx, "Your Demo HR account is connected to Porta.")

	// Dana, an admin, sees the board count the three links, then enforces
	// two-step verification from Demo HR's own admin page: Erik's next
	// sign-in runs the wizard. She lifts it again.
	admin := MustBrowser(t)
	signIn(t, admin, w.m, demoEmail, demoPassword)
	waitPath(t, admin, "/account")
	open(t, admin, w.m.URL()+"/o/"+demoOrgSlug+"/admin")
	waitText(t, admin, "0 of 3 members have two-step verification on.")
	// Two rows are Demo HR: this one, and the one --demo registers for :8081.
	rows, err := chromedp.Run(admin, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".progress-table tr")].map(r => r.innerText)`))
	if err != nil || !slices.Contains(rows, "Demo HR\t3\t0\t0") {
		t.Errorf("the board's rows: %q, %v; want Demo HR with 3 linked", rows, err)
	}
	waitText(t, admin, "linked product users from 0 to 3.")
	screenshots(t, admin, "org-progress")
	// Porta's issuer is localhost, the board was at 127.0.0.1: another
	// cookie jar, so Dana signs in again.
	do(t, admin, chromedp.Navigate(w.demo+"/"), chromedp.Click(chromedp.ID("porta-sign-in")))
	waitApp(t, admin)
	typeEmailAndNext(t, admin, demoEmail)
	typePassword(t, admin, demoPassword)
	waitText(t, admin, "Hello, Dana Demo")
	do(t, admin, chromedp.Click(chromedp.CSS(`input[name=enforce]`)), chromedp.Click(chromedp.ID("save-two-step")))
	waitText(t, admin, "Saved: everyone at the company now needs two-step verification.")
	if o, err := w.m.Store.GetOrgBySlug(bg, demoOrgSlug); err != nil || !o.Enforce2FA {
		t.Fatalf("after Demo HR's admin page: %+v, %v; want two-step enforced", o, err)
	}
	w.signOutOfDemo(t, ctx)
	do(t, ctx, chromedp.Click(chromedp.ID("porta-sign-in")))
	waitPath(t, ctx, "/signin/setup")
	do(t, admin, chromedp.Navigate(w.demo+"/"), chromedp.Click(chromedp.CSS(`input[name=enforce]`)), chromedp.Click(chromedp.ID("save-two-step")))
	waitText(t, admin, "Saved: two-step verification is up to each person again.")
	if o, _ := w.m.Store.GetOrgBySlug(bg, demoOrgSlug); o.Enforce2FA {
		t.Error("Demo HR's admin page did not lift two-step enforcement")
	}
}

// TestBrowserBannerNotRightNow: "Not right now" takes the banner away for
// a day; then it is back.
func TestBrowserBannerNotRightNow(t *testing.T) {
	w := mustDemoWorld(t)
	ctx := MustBrowser(t)
	w.legacySignIn(t, ctx, "erik", "erik-legacy")
	frame := bannerFrame(t, ctx)
	checkAccessible(t, frame, "banner")
	screenshot(t, ctx, "demo-banner-phone")
	// The banner runs as a target of its own, where chromedp's element
	// queries do not work: the click goes through the page's DOM.
	if _, err := chromedp.Run(frame, chromedp.Evaluate[bool](`(document.querySelector(".banner button").click(), true)`)); err != nil {
		t.Fatal(err)
	}
	waitText(t, frame, "OK, we'll remind you in a day.")
	if err := poll(ctx, `document.querySelectorAll("#porta-banner").length === 0`, 10*time.Second); err != nil {
		t.Errorf("Demo HR kept the banner after Not right now: %v", err)
	}
	do(t, ctx, chromedp.Navigate(w.demo+"/"))
	waitText(t, ctx, "Hello, Erik Employee")
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#porta-banner").length`)); n != 0 {
		t.Error("the banner is back within the day")
	}
	w.clk.Advance(24*time.Hour + time.Second)
	do(t, ctx, chromedp.Navigate(w.demo+"/"))
	bannerFrame(t, ctx)
}

// MustEmail returns the text of the newest email to addr whose subject
// contains subject.
func MustEmail(tb testing.TB, m *Main, addr, subject string) string {
	tb.Helper()
	for _, msg := range outbox(tb, m) {
		if msg.To == addr && strings.Contains(msg.Subject, subject) {
			return msg.Subject + "\n" + msg.Text
		}
	}
	tb.Fatalf("no email %q to %s", subject, addr)
	return ""
}

// emailsTo counts the emails to addr.
func emailsTo(tb testing.TB, m *Main, addr string) int {
	tb.Helper()
	n := 0
	for _, msg := range outbox(tb, m) {
		if msg.To == addr {
			n++
		}
	}
	return n
}
