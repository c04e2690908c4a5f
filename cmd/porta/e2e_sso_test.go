package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/testkit"
)

// TestBrowserOrganizationSSO: people of an organization with its own
// identity provider (another Porta, on another host) sign in through it on
// the real screens: no password asked at Porta, Porta's own second step
// when the account has one, the linked provider on the account page, and
// a return that does not belong to this browser stopped with a way back.
func TestBrowserOrganizationSSO(t *testing.T) {
	w := mustSSOWorld(t, nil)
	bg := context.Background()

	// continueAtIdP types email at Porta, continues with the organization's
	// provider and signs in there with its password.
	continueAtIdP := func(t *testing.T, ctx context.Context, email string, shot string) {
		t.Helper()
		open(t, ctx, w.porta.URL()+"/")
		do(t, ctx, chromedp.WaitVisible(chromedp.ID("email")), chromedp.SendKeys(chromedp.ID("email"), email),
			chromedp.Click(chromedp.CSS(`form button[type=submit]`)))
		waitPath(t, ctx, api.SSOScreen)
		waitText(t, ctx, "Continue with Contoso ID")
		if has, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("input[type=password]") !== null`)); has {
			t.Fatal("the SSO screen asks for a password")
		}
		if shot != "" {
			screenshot(t, ctx, shot)
		}
		clickText(t, ctx, "Continue with Contoso ID")
		// The provider's own sign-in, at its own address.
		waitHost(t, ctx, strings.TrimSuffix(strings.TrimPrefix(issuerOf(t, w.idp), "http://"), "/"))
		waitApp(t, ctx)
		typeEmailAndNext(t, ctx, email)
		typePassword(t, ctx, ssoPassword)
	}

	t.Run("NewPerson", func(t *testing.T) {
		w.idpAccount(t, "ann@contoso.test")
		ctx := MustBrowser(t)
		continueAtIdP(t, ctx, "ann@contoso.test", "sso-continue")
		waitHost(t, ctx, strings.TrimPrefix(w.porta.URL(), "http://"))
		waitPath(t, ctx, "/account")
		waitText(t, ctx, "Organization sign-in")
		waitText(t, ctx, "Contoso ID")
		waitText(t, ctx, "Contoso · ann@contoso.test · last used")
		screenshot(t, ctx, "account-linked-providers")

		// The account SSO made has no password: the page offers to set
		// one through the reset email, not to change it.
		waitText(t, ctx, "Set a password")
		if has, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("current-password") !== null`)); has {
			t.Fatal("the account page asks an account without a password for its current password")
		}
		clickText(t, ctx, "Email me a link")
		waitText(t, ctx, "We sent a link to ann@contoso.test.")
		screenshot(t, ctx, "account-set-password-sent")
		open(t, ctx, MustLink(t, w.porta, "ann@contoso.test", "Reset your password"))
		waitText(t, ctx, "Choose a new password for ann@contoso.test")
		chooseNewPassword(t, ctx, "Ann-Own-Porta-Password-7")
		waitText(t, ctx, "Your password has been changed.")
		res, err := MustAPIClient(t, w.porta, "test").SignInPassword(bg, "ann@contoso.test", "Ann-Own-Porta-Password-7")
		if err != nil || res.Next == "" {
			t.Fatalf("sign in with the password set after SSO: %+v, %v", res, err)
		}
	})

	t.Run("PortasSecondStep", func(t *testing.T) {
		key := mustAccountWithTOTP(t, w.porta, "cy@contoso.test", "Cy-Porta-Password-1")
		w.idpAccount(t, "cy@contoso.test")
		ctx := MustBrowser(t)
		continueAtIdP(t, ctx, "cy@contoso.test", "")
		waitPath(t, ctx, "/signin/verify")
		waitHost(t, ctx, strings.TrimPrefix(w.porta.URL(), "http://"))
		screenshot(t, ctx, "sso-second-step")
		// The confirming code's step is spent: the next one signs in.
		typeCode(t, ctx, "code", testkit.MustCode(t, key, w.porta.Identity.Now().Add(30*time.Second)))
		waitPath(t, ctx, "/account")
		waitText(t, ctx, "cy@contoso.test")
	})

	t.Run("ReturnFromAnotherBrowser", func(t *testing.T) {
		ctx := MustBrowser(t)
		open(t, ctx, w.porta.URL()+api.SSOCallbackPath+"?state=forged&code=stolen")
		waitPath(t, ctx, api.SSOScreen)
		waitText(t, ctx, "You're not signed in")
		waitText(t, ctx, "started in another browser or tab")
		screenshot(t, ctx, "sso-failed")
		clickText(t, ctx, "Back to sign in")
		waitPath(t, ctx, "/")
		do(t, ctx, chromedp.WaitVisible(chromedp.ID("email")))
	})
}

// waitHost waits until the browser is at host (name:port).
func waitHost(tb testing.TB, ctx context.Context, host string) {
	tb.Helper()
	if err := poll(ctx, `location.host === "`+host+`"`, 20*time.Second); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		tb.Fatalf("never reached %s; at %s: %v", host, loc, err)
	}
}
