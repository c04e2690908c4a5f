package app

import (
	"strings"
	"testing"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// TestPasskeyList: the account's passkeys are listed by their names, with
// when they were added and last used and whether they are synced, between
// the phone and the emergency code, each with Rename and Remove.
func TestPasskeyList(t *testing.T) {
	factors := api.RouteFactors.String()
	useAPI(t, map[string]reply{factors: {200, `{"enabled":true,"factors":[
		{"id":"f3","kind":"emergency","createdAt":"2026-11-01T10:00:00Z"},
		{"id":"p1","kind":"passkey","name":"Pixel 9","synced":true,"createdAt":"2026-11-02T10:00:00Z","lastUsedAt":"2026-12-01T09:30:00Z"},
		{"id":"p2","kind":"passkey","name":"YubiKey","createdAt":"2026-11-03T10:00:00Z"},
		{"id":"f1","kind":"sms","phone":"+44 •••• ••• 123","createdAt":"2026-11-01T10:00:00Z"}]}`}})
	s := &twoStepSection{}
	on(t, func(ctx ga.Context) { s.OnMount(ctx) })
	html := ga.HTMLString(s)
	assertContains(t, html, ">Pixel 9<", ">YubiKey<", tr(msgPasskeySynced), tr(msgPasskeyDeviceBound),
		"last used "+when(s.state.Factors[1].LastUsedAt), `aria-label="Rename Pixel 9"`, `aria-label="Remove YubiKey"`)
	if sms, key, code := strings.Index(html, "+44"), strings.Index(html, "Pixel 9"), strings.Index(html, "Emergency code"); !(sms < key && key < code) {
		t.Errorf("passkeys are not between the phone and the emergency code:\n%s", html)
	}
	if strings.Count(html, ">Rename<") != 2 {
		t.Errorf("want Rename on the two passkeys only:\n%s", html)
	}

	s.renaming = "p2"
	html = ga.HTMLString(s)
	assertContains(t, html, `id="passkey-name"`, `value="YubiKey"`, `maxlength="64"`, ">Save<", ">Cancel<")
	if strings.Contains(html, `aria-label="Rename YubiKey"`) {
		t.Errorf("the passkey being renamed still shows its buttons:\n%s", html)
	}
}

// TestPasskeySecondStep: "Try another way" leads to the passkey, whose
// screen asks for it with a button (a browser shows its prompt on a
// click) and offers to remember the browser.
func TestPasskeySecondStep(t *testing.T) {
	p := &secondFactorPage{method: api.MethodPasskey, info: api.SignInResponse{
		Methods: []string{api.MethodPasskey, api.MethodEmergency}, CanRememberDevice: true, RememberDeviceSeconds: 30 * 24 * 3600}}
	html := MustRender(t, p)
	assertContains(t, html, "<h1>Use your passkey</h1>", esc(tr(msgPasskeyLead)), `id="remember-device"`,
		`type="submit"`, ">Use passkey<", `id="try-another-way"`)
	if strings.Contains(html, `id="code"`) {
		t.Errorf("a passkey asks for a code:\n%s", html)
	}
}

// TestSignInOffersPasskeys: the first sign-in step has the passkey button
// outside its form, so Enter in the email field still means Next.
func TestSignInOffersPasskeys(t *testing.T) {
	html := MustRender(t, newSignInPage())
	assertContains(t, html, `autocomplete="username webauthn"`, `id="passkey-sign-in"`, ">Sign in with a passkey<")
	if strings.Index(html, "</form>") > strings.Index(html, `id="passkey-sign-in"`) {
		t.Errorf("the passkey button is inside the email form:\n%s", html)
	}
}

// TestOffers: the phone's passkey offer says what it does and has a way
// on either way; the install prompt shows only where the browser offers.
func TestOffers(t *testing.T) {
	assertContains(t, MustRender(t, &passkeyOfferPage{shown: true}), "<h1>Sign in faster on this device</h1>",
		esc(tr(msgFasterLead)), `type="submit"`, ">Add a passkey<", `id="passkey-not-now"`, ">Not now<")
	assertContains(t, MustRender(t, &passkeyOfferPage{shown: true, added: "Safari on iPhone"}),
		"Passkey added: Safari on iPhone.", ">Continue<")
	assertContains(t, MustRender(t, &installOffer{installable: true}), ">Install Porta<", `id="install-app"`)
	if html := MustRender(t, &installOffer{}); strings.Contains(html, "<h2") {
		t.Errorf("the install prompt shows where the browser offers none:\n%s", html)
	}
}
