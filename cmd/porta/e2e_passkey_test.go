package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/porta-id/porta/api/testkit"
)

// passkeyPorta is Porta at a localhost address: WebAuthn takes no IP
// address, so passkeys need the public URL to name a host.
func passkeyPorta(t *testing.T, adjust ...func(*Config)) (*Main, string) {
	t.Helper()
	addr := freeLoopbackAddr(t)
	base := "http://localhost:" + addr[strings.LastIndex(addr, ":")+1:]
	m := MustPorta(t, append([]func(*Config){func(c *Config) { c.Addr, c.PublicURL, c.Demo = addr, base, true }}, adjust...)...)
	return m, base
}

// virtualAuthenticator gives the tab of ctx an authenticator: a phone's
// or laptop's own (internal, verifying the person, synced) or a security
// key (usb, CTAP 2.0, which can neither verify the person nor keep a
// passkey of its own). It answers at once.
func virtualAuthenticator(tb testing.TB, ctx context.Context, securityKey bool) webauthn.AuthenticatorID {
	tb.Helper()
	opts := &webauthn.VirtualAuthenticatorOptions{
		Protocol: webauthn.AuthenticatorProtocolCtap2, Ctap2version: webauthn.Ctap2versionCtap21,
		Transport: webauthn.AuthenticatorTransportInternal, HasResidentKey: true,
		HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true,
		DefaultBackupEligibility: true, DefaultBackupState: true,
	}
	if securityKey {
		opts.Transport, opts.HasUserVerification, opts.IsUserVerified = webauthn.AuthenticatorTransportUsb, false, false
		opts.Ctap2version, opts.HasResidentKey = webauthn.Ctap2versionCtap20, false
		opts.DefaultBackupEligibility, opts.DefaultBackupState = false, false
	}
	if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		tb.Fatal(err)
	}
	res, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: opts})
	if err != nil {
		tb.Fatal(err)
	}
	return res.AuthenticatorID
}

// signOut signs out from the account page.
func signOut(tb testing.TB, ctx context.Context) {
	tb.Helper()
	clickText(tb, ctx, "Sign out")
	waitPath(tb, ctx, "/")
}

// withoutPasskeyAutofill makes the tab a browser that has no passkey
// autofill, so a test can see the sign-in page stay and use its button;
// it also keeps, in the page, the body of each passkey answer the app
// sends, so the test can send one again.
func withoutPasskeyAutofill(tb testing.TB, ctx context.Context) {
	tb.Helper()
	js := `PublicKeyCredential.isConditionalMediationAvailable = async () => false;
		window.passkeyAnswers = []; const send = window.fetch;
		window.fetch = (url, opts) => { if (/^[/]api[/]signin[/]passkey(|[/]step)$/.test(String(url))) passkeyAnswers.push([String(url), opts.body]);
			return send(url, opts) };`
	run := true
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js, RunImmediately: &run}); err != nil {
		tb.Fatal(err)
	}
}

// replayPasskeyAnswer sends the last passkey answer the app sent again,
// under a fresh challenge, and returns the server's status.
func replayPasskeyAnswer(tb testing.TB, ctx context.Context) int {
	tb.Helper()
	js := `(async () => { const [url, body] = passkeyAnswers[passkeyAnswers.length - 1];
		const post = (u, b) => fetch(u, {method: "POST", headers: {"Content-Type": "application/json"}, body: b});
		await post(url + "/begin", "{}");
		return (await post(url, body)).status })()`
	status, err := chromedp.Run(ctx, chromedp.Evaluate[int](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.Fatal(err)
	}
	return status
}

// sessionAMR is how the tab's session signed in.
func sessionAMR(tb testing.TB, ctx context.Context) string {
	tb.Helper()
	js := `fetch("/api/session").then(r => r.json()).then(s => (s.amr || []).join(" "))`
	amr, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.Fatal(err)
	}
	return amr
}

func TestBrowserPasskeys(t *testing.T) {
	clk := testkit.NewClock(time.Now())
	_, base := passkeyPorta(t, func(c *Config) { c.Now = clk.Now })
	ctx := MustBrowser(t)
	laptop := virtualAuthenticator(t, ctx, false)
	signInAt(t, ctx, base, demoEmail, demoPassword)
	// On a phone that can make a passkey, the password sign-in ends with
	// the offer of one.
	waitPath(t, ctx, "/signin/faster")
	screenshots(t, ctx, "passkey-offer")
	clickText(t, ctx, "Add a passkey")
	waitText(t, ctx, "Passkey added: Chrome on Linux.")
	screenshots(t, ctx, "passkey-offer-added")
	clickText(t, ctx, "Continue")
	waitPath(t, ctx, "/account")
	waitText(t, ctx, "Chrome on Linux")
	waitText(t, ctx, "Synced passkey")

	// Rename it.
	clickText(t, ctx, "Rename")
	do(t, ctx, chromedp.WaitVisible(chromedp.ID("passkey-name")))
	clear(t, ctx, "passkey-name")
	do(t, ctx, chromedp.SendKeys(chromedp.ID("passkey-name"), "Work laptop"),
		chromedp.WaitVisible(chromedp.CSS(`form:has(#passkey-name) button[type=submit]`)))
	screenshots(t, ctx, "passkey-rename")
	do(t, ctx, chromedp.Click(chromedp.CSS(`form:has(#passkey-name) button[type=submit]`)))
	waitText(t, ctx, "Passkey renamed.")
	waitText(t, ctx, "Work laptop")
	screenshots(t, ctx, "passkey-list")

	// Signed out, the sign-in page offers the passkey in autofill as soon
	// as it loads: the virtual authenticator picks it at once.
	signOut(t, ctx)
	waitPath(t, ctx, "/account")
	if amr := sessionAMR(t, ctx); amr != "swk user mfa" {
		t.Fatalf("autofill signed in with amr %q, want a synced passkey's", amr)
	}

	// Where the browser has no autofill, the button signs in; its answer,
	// sent again, is refused.
	withoutPasskeyAutofill(t, ctx)
	signOut(t, ctx)
	open(t, ctx, base+"/")
	screenshots(t, ctx, "passkey-sign-in")
	clickText(t, ctx, "Sign in with a passkey")
	waitPath(t, ctx, "/account")
	if status := replayPasskeyAnswer(t, ctx); status != 400 {
		t.Fatalf("a replayed passkey answer got %d, want 400", status)
	}

	// A security key that cannot verify the person is a second step after
	// the password.
	if _, err := chromedp.Call(ctx, webauthn.RemoveVirtualAuthenticator, webauthn.RemoveVirtualAuthenticatorParams{AuthenticatorID: laptop}); err != nil {
		t.Fatal(err)
	}
	key := virtualAuthenticator(t, ctx, true)
	clickText(t, ctx, "Add a passkey") // the account page's link
	waitPath(t, ctx, "/account/two-step")
	screenshots(t, ctx, "passkey-add")
	clickText(t, ctx, "Add a passkey")
	waitText(t, ctx, "Passkey added: Chrome on Linux.")
	screenshots(t, ctx, "passkey-added")
	clickText(t, ctx, "Next")
	waitText(t, ctx, "Works on this device or key only")
	signOut(t, ctx)
	typeEmailAndNext(t, ctx, demoEmail)
	typePassword(t, ctx, demoPassword)
	waitPath(t, ctx, "/signin/verify")
	waitText(t, ctx, "Use your passkey")
	screenshots(t, ctx, "passkey-second-step")

	// An answer whose flags say nobody touched the key is refused.
	badUP := true
	if _, err := chromedp.Call(ctx, webauthn.SetResponseOverrideBits, webauthn.SetResponseOverrideBitsParams{AuthenticatorID: key, IsBadUP: &badUP}); err != nil {
		t.Fatal(err)
	}
	clickText(t, ctx, "Use passkey")
	waitText(t, ctx, "That passkey did not work.")
	screenshots(t, ctx, "passkey-second-step-failed")
	if _, err := chromedp.Call(ctx, webauthn.SetResponseOverrideBits, webauthn.SetResponseOverrideBitsParams{AuthenticatorID: key}); err != nil {
		t.Fatal(err)
	}
	clickText(t, ctx, "Use passkey")
	waitPath(t, ctx, "/account")
	if amr := sessionAMR(t, ctx); amr != "pwd hwk mfa" {
		t.Fatalf("the security key's second step gave amr %q, want pwd hwk mfa", amr)
	}
	if status := replayPasskeyAnswer(t, ctx); status != 401 && status != 400 {
		t.Fatalf("a replayed second step got %d, want it refused", status)
	}

	// Remove the laptop's passkey.
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[aria-label="Remove Work laptop"]`)))
	waitText(t, ctx, "Removed.")
	if err := poll(ctx, `!document.body.innerText.includes("Work laptop")`, 10*time.Second); err != nil {
		t.Fatal("the removed passkey is still listed")
	}
	waitText(t, ctx, "Works on this device or key only")
}

// TestBrowserPasskeyInWizard: the setup wizard adds a passkey as its third
// step, and that phone is not offered another. Another phone, after a
// password sign-in, is offered one; "Not now" is remembered there.
func TestBrowserPasskeyInWizard(t *testing.T) {
	clk := testkit.NewClock(time.Now())
	_, base := passkeyPorta(t, func(c *Config) { c.Now, c.MFARequiredFrom = clk.Now, clk.Now().Add(-time.Hour) })
	ctx := MustBrowser(t)
	virtualAuthenticator(t, ctx, false)
	signInAt(t, ctx, base, demoEmail, demoPassword)
	waitPath(t, ctx, "/signin/setup")
	key, _ := runWizard(t, ctx, clk, true)
	waitPath(t, ctx, "/account")
	waitText(t, ctx, "Chrome on Linux")

	phone := MustBrowser(t)
	virtualAuthenticator(t, phone, false)
	withoutPasskeyAutofill(t, phone)
	signInWithCode := func() {
		t.Helper()
		signInAt(t, phone, base, demoEmail, demoPassword)
		waitPath(t, phone, "/signin/verify")
		clk.Advance(30 * time.Second)
		typeCode(t, phone, "code", testkit.MustCode(t, key, clk.Now()))
	}
	signInWithCode()
	waitPath(t, phone, "/signin/faster")
	clickText(t, phone, "Not now")
	waitPath(t, phone, "/account")
	signOut(t, phone)
	signInWithCode()
	waitPath(t, phone, "/account") // the offer would wait for an answer
}
