package app

import (
	"strings"
	"testing"
	"time"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// on runs f in a test engine.
func on(t *testing.T, f func(ga.Context)) { MustRender(t, &harness{f: f}) }

func TestContinueSignIn(t *testing.T) {
	for _, tc := range []struct {
		res  api.SignInResponse
		path string
	}{
		{api.SignInResponse{Next: api.NextSecondFactor, Methods: []string{api.MethodTOTP, api.MethodSMS}, Default: api.MethodTOTP}, PathSecondFactor},
		{api.SignInResponse{Next: api.NextSetupSecondFactor}, PathSetup},
		{api.SignInResponse{Next: api.NextAckEmergencyCode, EmergencyCode: "5917-AJ4D-JMPZ-JRCB-4DK8"}, PathNewEmergencyCode},
		{api.SignInResponse{Next: api.NextDone}, PathAccount},
	} {
		t.Run(tc.res.Next, func(t *testing.T) {
			var info api.SignInResponse
			var code, path string
			on(t, func(ctx ga.Context) {
				s := ctx.SessionStorage()
				path = nextScreen(s, tc.res)
				s.Get(keySecondFactor, &info)
				code = stored(s, keyEmergencyCode)
			})
			if path != tc.path {
				t.Errorf("went to %s, want %s", path, tc.path)
			}
			if got := strings.Join(info.Methods, ","); tc.res.Next == api.NextSecondFactor && got != "totp,sms" {
				t.Errorf("stored methods %q", got)
			}
			if code != tc.res.EmergencyCode {
				t.Errorf("stored emergency code %q, want %q", code, tc.res.EmergencyCode)
			}
		})
	}
}

func TestSecondFactorPage(t *testing.T) {
	html := MustRender(t, &secondFactorPage{method: api.MethodTOTP, info: api.SignInResponse{CanRememberDevice: true, RememberDeviceSeconds: 7 * 24 * 3600}})
	assertContains(t, html,
		"<h1>Enter the code from your authenticator app</h1>",
		`id="code"`, `inputmode="numeric"`, `autocomplete="one-time-code"`, `maxlength="6"`,
		`id="remember-device"`, "Remember this device for 7 days", ">Verify<", `id="try-another-way"`,
	)
	for _, bad := range []string{"disabled", "checked", `="false"`, "style=", "turn-off-two-step"} {
		if strings.Contains(html, bad) {
			t.Errorf("prerendered verify page contains %q:\n%s", bad, html)
		}
	}

	t.Run("WrongCode", func(t *testing.T) {
		f := useAPI(t, map[string]reply{api.RouteSignInTOTP.String(): apiErr(400, api.CodeInvalidCode, "server text")})
		p := &secondFactorPage{method: api.MethodTOTP}
		on(t, func(ctx ga.Context) { p.verify(ctx, api.SecondFactorRequest{Code: "123456", RememberDevice: true}) })
		assertContains(t, ga.HTMLString(p), `role="alert"`, esc(tr(msgInvalidCode)))
		if got := f.got[api.RouteSignInTOTP.String()]; got != `{"code":"123456","rememberDevice":true}` {
			t.Errorf("sent %s", got)
		}
	})
	t.Run("Expired", func(t *testing.T) {
		useAPI(t, map[string]reply{api.RouteSignInTOTP.String(): apiErr(401, api.CodeUnauthenticated, "server text")})
		p := &secondFactorPage{method: api.MethodTOTP}
		on(t, func(ctx ga.Context) { p.verify(ctx, api.SecondFactorRequest{Code: "123456"}) })
		assertContains(t, ga.HTMLString(p), tr(msgSessionExpired), `<a href="/">Sign in again</a>`)
	})
	t.Run("TooManyAttempts", func(t *testing.T) {
		useAPI(t, map[string]reply{api.RouteSignInTOTP.String(): apiErr(429, api.CodeTooManyAttempts, "Too many attempts. Wait 5 minutes.")})
		p := &secondFactorPage{method: api.MethodTOTP}
		on(t, func(ctx ga.Context) { p.verify(ctx, api.SecondFactorRequest{Code: "123456"}) })
		assertContains(t, ga.HTMLString(p), "Too many attempts. Wait 5 minutes.")
	})
	t.Run("TryAnotherWay", func(t *testing.T) {
		p := &secondFactorPage{method: api.MethodTOTP, choosing: true,
			info: api.SignInResponse{Methods: []string{api.MethodTOTP, api.MethodSMS, api.MethodPasskey, "carrier-pigeon", api.MethodEmergency}}}
		html := MustRender(t, p)
		assertContains(t, html, tr(msgUseSMS), tr(msgUsePasskey), tr(msgUseEmergency), `value="sms"`, `value="passkey"`, `value="emergency"`, ">Back<")
		if strings.Contains(html, tr(msgUseTOTP)) || strings.Contains(html, "pigeon") {
			t.Errorf("offers the method in use or an unknown one:\n%s", html)
		}
	})
	t.Run("SMS", func(t *testing.T) {
		f := useAPI(t, map[string]reply{
			api.RouteSignInSMSSend.String(): {200, `{"phone":"+44 •••• ••• 123"}`},
			api.RouteSignInSMS.String():     {200, `{"next":"done"}`},
		})
		p := &secondFactorPage{info: api.SignInResponse{Methods: []string{api.MethodTOTP, api.MethodSMS}}}
		on(t, func(ctx ga.Context) {
			ctx.Handle(actionSendSignInSMS, func(ctx ga.Context, _ ga.Action) { p.sendSMS(ctx) })
			p.use(ctx, api.MethodSMS)
		})
		assertContains(t, ga.HTMLString(p), "<h1>Enter the code we texted you</h1>", "We sent a code to +44 •••• ••• 123.", ">Send again<", `id="code"`)
		on(t, func(ctx ga.Context) { p.verify(ctx, api.SecondFactorRequest{Code: "654321"}) })
		if got := f.got[api.RouteSignInSMS.String()]; got != `{"code":"654321"}` || p.req.err != "" {
			t.Errorf("sent %s, error %q", got, p.req.err)
		}
	})
	t.Run("Emergency", func(t *testing.T) {
		f := useAPI(t, map[string]reply{api.RouteSignInEmergency.String(): {200, `{"next":"done"}`}})
		p := &secondFactorPage{method: api.MethodEmergency, info: api.SignInResponse{CanRememberDevice: true}}
		html := MustRender(t, p)
		assertContains(t, html, "<h1>Enter your emergency code</h1>", `id="code"`, `maxlength="24"`, "XXXX-XXXX-XXXX-XXXX-XXXX",
			`id="turn-off-two-step"`, ">Turn off two-step verification<")
		if strings.Contains(html, "remember-device") {
			t.Errorf("an emergency code offers to remember the device:\n%s", html)
		}
		on(t, func(ctx ga.Context) {
			p.verify(ctx, api.SecondFactorRequest{Code: "5917-AJ4D-JMPZ-JRCB-4DK8", DisableTwoStep: true})
		})
		if got := f.got[api.RouteSignInEmergency.String()]; got != `{"code":"5917-AJ4D-JMPZ-JRCB-4DK8","disableTwoStep":true}` {
			t.Errorf("sent %s", got)
		}
	})
}

func TestNewCodePage(t *testing.T) {
	f := useAPI(t, map[string]reply{api.RouteSignInEmergencyAck.String(): {200, `{"next":"done"}`}})
	p := &newCodePage{code: newCode{code: "5917-AJ4D-JMPZ-JRCB-4DK8"}}
	html := MustRender(t, p)
	assertContains(t, html, `id="emergency-code"`, "5917-AJ4D-JMPZ-JRCB-4DK8", ">Copy<",
		`id="stored-code"`, "I have safely stored this code", "required", "disabled")
	p.code.stored = true
	on(t, func(ctx ga.Context) { p.submit(ctx, submitEvent) })
	if _, sent := f.got[api.RouteSignInEmergencyAck.String()]; !sent || p.req.err != "" {
		t.Errorf("acknowledged: %v, error %q", sent, p.req.err)
	}
	if html := MustRender(t, &newCodePage{}); strings.Contains(html, "emergency-code") {
		t.Errorf("shows a code it does not have:\n%s", html)
	}
}

func TestSetupPage(t *testing.T) {
	assertContains(t, MustRender(t, &setupPage{required: true}),
		"<h1>Set up two-step verification</h1>", "Step 1 of 4", `aria-current="step"`,
		">Authenticator app<", ">Text messages<", ">Passkey<", ">Emergency code<")

	totp := api.RouteFactorTOTP.String()
	f := useAPI(t, map[string]reply{totp: apiErr(403, api.CodePasswordRequired, "server text")})
	p := &setupPage{required: true}
	// onPage runs f as the page would: its steps change through its action.
	onPage := func(f func(ga.Context)) {
		on(t, func(ctx ga.Context) {
			ctx.Handle(actionSetupStep, func(ctx ga.Context, a ga.Action) { p.goTo(ctx, a.Value.(int)) })
			f(ctx)
		})
	}
	onPage(func(ctx ga.Context) { p.goTo(ctx, 0) })
	assertContains(t, ga.HTMLString(p), `id="confirm-password"`, esc(tr(msgPasswordRequired)))
	if got := f.got[totp]; got != `{}` {
		t.Errorf("first try sent %s, want no password", got)
	}

	f.replies[totp] = reply{200, `{"key":"ABCD EFGH IJKL MNOP","uri":"otpauth://totp/x","qrCode":"/api/account/factors/totp/qr.png"}`}
	f.replies[api.RouteFactorTOTPDone.String()] = reply{200, `{"id":"f1","kind":"totp"}`}
	onPage(func(ctx ga.Context) { p.gate.run(ctx, "s3cret") })
	assertContains(t, ga.HTMLString(p), `id="totp-key"`, "ABCD EFGH IJKL MNOP",
		`src="/api/account/factors/totp/qr.png"`, `alt="QR code for your authenticator app"`, `id="code"`, ">Next<", ">Back<")
	if got := f.got[totp]; got != `{"password":"s3cret"}` {
		t.Errorf("retry sent %s", got)
	}

	onPage(func(ctx ga.Context) { p.confirm(ctx, submitEvent) })
	html := ga.HTMLString(p)
	assertContains(t, html, "Step 2 of 4", `id="skip-sms"`, `id="country"`, `<option value="+44">United Kingdom (+44)</option>`,
		`id="phone"`, `type="tel"`, ">Send code<")

	f.replies[api.RouteFactorSMS.String()] = reply{200, `{"phone":"+44 •••• ••• 123"}`}
	f.replies[api.RouteFactorEmerg.String()] = reply{200, `{"code":"5917-AJ4D-JMPZ-JRCB-4DK8"}`}
	onPage(func(ctx ga.Context) { p.sendSMS(ctx, submitEvent) })
	assertContains(t, ga.HTMLString(p), "We sent a code to +44 •••• ••• 123.", `id="sms-code"`)

	onPage(func(ctx ga.Context) { p.next(ctx, submitEvent) })
	assertContains(t, ga.HTMLString(p), "Step 3 of 4", `id="skip-passkey"`, ">Add a passkey<", esc(tr(msgPasskeyStepLead)))
	onPage(func(ctx ga.Context) { p.next(ctx, submitEvent) })
	assertContains(t, ga.HTMLString(p), "Step 4 of 4", `id="emergency-code"`, "5917-AJ4D-JMPZ-JRCB-4DK8", `id="stored-code"`, ">Finish<", "disabled")

	f.replies[api.RouteSignInSetupComplete.String()] = reply{200, `{"next":"done"}`}
	p.code.stored = true
	on(t, func(ctx ga.Context) { p.finish(ctx, submitEvent) })
	if _, sent := f.got[api.RouteSignInSetupComplete.String()]; !sent || p.req.err != "" {
		t.Errorf("completed: %v, error %q", sent, p.req.err)
	}
}

func TestTwoStepSection(t *testing.T) {
	factors := api.RouteFactors.String()
	f := useAPI(t, map[string]reply{factors: {200, `{"enabled":false,"factors":[]}`}})
	s := &twoStepSection{}
	on(t, func(ctx ga.Context) { s.OnMount(ctx) })
	assertContains(t, ga.HTMLString(s), "<h2", tr(msgTwoStepTitle), `<a href="/account/two-step">Set up two-step verification</a>`)

	f.replies[factors] = reply{200, `{"enabled":true,"enforced":true,"factors":[{"id":"f2","kind":"emergency"},{"id":"f1","kind":"totp"}]}`}
	f.replies[api.RouteFactorRemove.String()] = apiErr(403, api.CodeForbidden, "Your organization requires two-step verification.")
	s = &twoStepSection{}
	on(t, func(ctx ga.Context) { s.OnMount(ctx) })
	html := ga.HTMLString(s)
	assertContains(t, html, ">Authenticator app<", ">Emergency code<", `value="f1"`, `aria-label="Remove Authenticator app"`,
		esc(tr(msgNudge)), `<a href="/account/two-step?add=sms">Add text messages</a>`, ">New emergency code<")
	if strings.Index(html, "Authenticator app") > strings.Index(html, "Emergency code") {
		t.Errorf("the methods are not in the wizard's order:\n%s", html)
	}

	on(t, func(ctx ga.Context) { s.remove(ctx, "") })
	assertContains(t, ga.HTMLString(s), `role="alert"`, "Your organization requires two-step verification.")
	if got := f.got[api.RouteFactorRemove.String()]; got != `{"id":""}` {
		t.Errorf("removal sent %s", got)
	}

	f.replies[api.RouteFactorEmerg.String()] = apiErr(403, api.CodePasswordRequired, "server text")
	on(t, func(ctx ga.Context) { s.issueCode(ctx) })
	html = ga.HTMLString(s)
	assertContains(t, html, esc(tr(msgForNewCode)), `id="confirm-password"`, esc(tr(msgPasswordRequired)), ">Cancel<")
	if strings.Count(html, `role="alert"`) != 1 {
		t.Errorf("the password prompt is not the one alert:\n%s", html)
	}
	f.replies[api.RouteFactorEmerg.String()] = reply{200, `{"code":"5917-AJ4D-JMPZ-JRCB-4DK8"}`}
	on(t, func(ctx ga.Context) { s.gate.run(ctx, "s3cret") })
	assertContains(t, ga.HTMLString(s), `id="emergency-code"`, "5917-AJ4D-JMPZ-JRCB-4DK8", `id="stored-code"`)
	if got := f.got[api.RouteFactorEmerg.String()]; got != `{"password":"s3cret"}` {
		t.Errorf("sent %s", got)
	}
}

func TestDevicesSection(t *testing.T) {
	useAPI(t, map[string]reply{api.RouteDevices.String(): {200, `{"devices":[{"id":"d1","device":"Firefox on Linux","current":true}]}`}})
	s := &devicesSection{}
	on(t, func(ctx ga.Context) { s.OnMount(ctx) })
	assertContains(t, ga.HTMLString(s), "Remembered devices", "Firefox on Linux", "This device", `value="d1"`, ">Forget<")

	useAPI(t, map[string]reply{api.RouteDevices.String(): {200, `{"devices":[]}`}})
	s = &devicesSection{}
	on(t, func(ctx ga.Context) { s.OnMount(ctx) })
	assertContains(t, ga.HTMLString(s), tr(msgNoDevices))
}

func TestAccountReminder(t *testing.T) {
	from := time.Date(2027, 3, 1, 12, 0, 0, 0, time.Local)
	p := &accountPage{session: api.Session{Account: api.Account{ID: "a1", Email: "ann@example.com"},
		TwoStep: api.TwoStep{RequiredFrom: &from}}}
	assertContains(t, MustRender(t, p), "Two-step verification becomes mandatory on 1 March 2027. ",
		`<a href="/account/two-step">Set up now</a>`)
	p = &accountPage{session: api.Session{Account: api.Account{ID: "a1"}, TwoStep: api.TwoStep{Enabled: true, RequiredFrom: &from}}}
	if html := MustRender(t, p); strings.Contains(html, "mandatory") {
		t.Errorf("reminds a person who has it on:\n%s", html)
	}
}
