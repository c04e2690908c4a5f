package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/testkit"
)

// clickText clicks the button or link whose text is text.
func clickText(tb testing.TB, ctx context.Context, text string) {
	tb.Helper()
	q := strconv.Quote(text)
	js := `(() => { const el = [...document.querySelectorAll("button, a")].find(e => e.innerText.trim() === ` + q + ` && !e.disabled);
		if (!el) return false; el.click(); return true })()`
	if err := poll(ctx, js, 15*time.Second); err != nil {
		body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		tb.Fatalf("no button %q to click; the page shows:\n%s", text, body)
	}
}

// text returns the text of the element with id.
func text(tb testing.TB, ctx context.Context, id string) string {
	tb.Helper()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID(id))); err != nil {
		tb.Fatal(err)
	}
	v, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(id)))
	if err != nil {
		tb.Fatal(err)
	}
	return strings.TrimSpace(v)
}

// typeCode types into the field with id and submits its form.
func typeCode(tb testing.TB, ctx context.Context, id, code string) {
	tb.Helper()
	do(tb, ctx, chromedp.WaitVisible(chromedp.ID(id)))
	clear(tb, ctx, id)
	do(tb, ctx,
		chromedp.SendKeys(chromedp.ID(id), code),
		chromedp.Click(chromedp.CSS(`form:has(#`+id+`) button[type=submit]`)),
	)
}

// runWizard goes through the setup wizard on screen: the app with a code
// computed from the key the page shows, SMS skipped, a passkey added or
// skipped, the emergency code stored. It returns the key and the
// emergency code.
func runWizard(tb testing.TB, ctx context.Context, clk *testkit.Clock, passkey ...bool) (key, emergency string) {
	tb.Helper()
	waitText(tb, ctx, "Step 1 of 4")
	key = text(tb, ctx, "totp-key")
	screenshot(tb, ctx, "wizard-app")
	typeCode(tb, ctx, "code", testkit.MustCode(tb, key, clk.Now()))
	waitText(tb, ctx, "Step 2 of 4")
	screenshot(tb, ctx, "wizard-sms")
	do(tb, ctx, chromedp.Click(chromedp.ID("skip-sms")))
	waitText(tb, ctx, "Step 3 of 4")
	if len(passkey) > 0 && passkey[0] {
		screenshots(tb, ctx, "wizard-passkey")
		clickText(tb, ctx, "Add a passkey")
		waitText(tb, ctx, "Passkey added: Chrome on Linux.")
		clickText(tb, ctx, "Next")
	} else {
		do(tb, ctx, chromedp.Click(chromedp.ID("skip-passkey")))
	}
	waitText(tb, ctx, "Step 4 of 4")
	emergency = text(tb, ctx, "emergency-code")
	screenshot(tb, ctx, "wizard-emergency")
	do(tb, ctx, chromedp.Click(chromedp.ID("stored-code")))
	clickText(tb, ctx, "Finish")
	return key, emergency
}

// emergencyCodeScreen signs the demo account in on a fresh browser and
// goes from the second step, by "Try another way", to the emergency code
// screen.
func emergencyCodeScreen(tb testing.TB, m *Main) context.Context {
	tb.Helper()
	ctx := MustBrowser(tb)
	signIn(tb, ctx, m, demoEmail, demoPassword)
	waitPath(tb, ctx, "/signin/verify")
	do(tb, ctx, chromedp.Click(chromedp.ID("try-another-way")))
	clickText(tb, ctx, "Use my emergency code")
	return ctx
}

func TestBrowserTwoStepRequiredByDate(t *testing.T) {
	clk := testkit.NewClock(time.Now())
	m := MustPorta(t, func(c *Config) {
		c.Demo, c.Now = true, clk.Now
		c.MFARequiredFrom = clk.Now().Add(-24 * time.Hour)
	})
	ctx := MustBrowser(t)
	signIn(t, ctx, m, demoEmail, demoPassword)
	waitPath(t, ctx, "/signin/setup")
	key, emergency := runWizard(t, ctx, clk)
	waitPath(t, ctx, "/account")
	if len(emergency) != 24 {
		t.Fatalf("emergency code %q", emergency)
	}

	// Next sign-in: the app code.
	clk.Advance(time.Minute)
	ctx2 := MustBrowser(t)
	signIn(t, ctx2, m, demoEmail, demoPassword)
	waitPath(t, ctx2, "/signin/verify")
	waitText(t, ctx2, "authenticator app")
	screenshot(t, ctx2, "verify-app")
	typeCode(t, ctx2, "code", testkit.MustCode(t, key, clk.Now()))
	waitPath(t, ctx2, "/account")

	// The emergency code signs in once and a new one is shown.
	ctx3 := emergencyCodeScreen(t, m)
	typeCode(t, ctx3, "code", emergency)
	waitPath(t, ctx3, "/signin/emergency-code")
	fresh := text(t, ctx3, "emergency-code")
	if fresh == emergency || len(fresh) != 24 {
		t.Fatalf("new emergency code %q (old %q)", fresh, emergency)
	}
	screenshot(t, ctx3, "new-emergency-code")
	do(t, ctx3, chromedp.Click(chromedp.ID("stored-code")))
	clickText(t, ctx3, "Continue")
	waitPath(t, ctx3, "/account")
}

func TestBrowserTryAnotherWaySMSAndDisable(t *testing.T) {
	clk := testkit.NewClock(time.Now())
	m := MustPorta(t, func(c *Config) { c.Demo, c.Now, c.RememberDevice = true, clk.Now, 7*24*time.Hour })
	bg := context.Background()
	acct, _ := m.Identity.ListAccounts(bg)
	auth := identity.Auth{Account: acct[0]}
	auth.Session.AuthenticatedAt = clk.Now()
	setup, err := m.Identity.StartTOTP(bg, auth, "", identity.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Identity.ConfirmTOTP(bg, auth, testkit.MustCode(t, setup.Key, clk.Now()), identity.Meta{}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Identity.StartSMS(bg, auth, "+447700900123", "", identity.Meta{}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Identity.ConfirmSMS(bg, auth, MustTextedCode(t, m, "+447700900123"), identity.Meta{}); err != nil {
		t.Fatal(err)
	}
	emergency, err := m.Identity.NewEmergencyCode(bg, auth, "", identity.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)

	ctx := MustBrowser(t)
	signIn(t, ctx, m, demoEmail, demoPassword)
	waitPath(t, ctx, "/signin/verify")
	waitText(t, ctx, "Remember this device for 7 days")
	do(t, ctx, chromedp.Click(chromedp.ID("try-another-way")))
	screenshot(t, ctx, "try-another-way")
	clickText(t, ctx, "Text a code to my phone")
	waitText(t, ctx, "+44")
	clk.Advance(time.Second)
	typeCode(t, ctx, "code", MustTextedCode(t, m, "+447700900123"))
	waitPath(t, ctx, "/account")

	// Turning two-step verification off with the emergency code.
	ctx2 := emergencyCodeScreen(t, m)
	do(t, ctx2, chromedp.WaitVisible(chromedp.ID("code")), chromedp.SendKeys(chromedp.ID("code"), emergency))
	do(t, ctx2, chromedp.Click(chromedp.ID("turn-off-two-step")))
	waitPath(t, ctx2, "/account")
	state, _ := m.Identity.TwoStepState(bg, acct[0].ID)
	if state.Enabled() {
		t.Fatal("two-step verification is still on")
	}
}

// MustTextedCode reads the newest code texted to phone from the outbox.
func MustTextedCode(tb testing.TB, m *Main, phone string) string {
	tb.Helper()
	for _, msg := range outbox(tb, m) {
		if msg.Kind == "sms" && msg.To == phone {
			if code, ok := testkit.TextedCode(msg.Text); ok {
				return code
			}
		}
	}
	tb.Fatalf("no code texted to %s", phone)
	return ""
}

func TestBrowserOrganizationEnforcesTwoStep(t *testing.T) {
	clk := testkit.NewClock(time.Now())
	m := MustPorta(t, func(c *Config) { c.Demo, c.Now = true, clk.Now })
	bg := context.Background()
	if _, err := m.Identity.SetEnforce2FA(bg, demoOrgSlug, true, identity.Meta{}); err != nil {
		t.Fatal(err)
	}
	ctx := MustBrowser(t)
	signIn(t, ctx, m, demoEmail, demoPassword)
	waitPath(t, ctx, "/signin/setup")
	runWizard(t, ctx, clk)
	waitPath(t, ctx, "/account")
	waitText(t, ctx, "Authenticator app")
	screenshot(t, ctx, "account-two-step")

	// While enforced the app cannot be removed; once lifted it can.
	removeApp := func() {
		clickText(t, ctx, "Remove")
	}
	removeApp()
	waitText(t, ctx, "cannot be removed")
	if _, err := m.Identity.SetEnforce2FA(bg, demoOrgSlug, false, identity.Meta{}); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, m.URL()+"/account")
	waitText(t, ctx, "Authenticator app")
	removeApp()
	if err := poll(ctx, `!document.body.innerText.includes("Authenticator app")`, 15*time.Second); err != nil {
		body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("the app was not removed after lifting enforcement:\n%s", body)
	}
}
