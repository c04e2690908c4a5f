package identity_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/api/testkit"
)

// MustAuth signs in with the password only and returns the session.
func (e *env) MustAuth(tb testing.TB, email string) identity.Auth {
	tb.Helper()
	res := e.MustSignIn(tb, email, goodPassword)
	auth, err := e.svc.Authenticate(context.Background(), res.Token, meta)
	if err != nil {
		tb.Fatalf("not signed in after the password (%s): %v", res.Next, err)
	}
	return auth
}

// MustTOTP sets up an authenticator app and returns its key.
func (e *env) MustTOTP(tb testing.TB, auth identity.Auth) string {
	tb.Helper()
	ctx := context.Background()
	setup, err := e.svc.StartTOTP(ctx, auth, "", meta)
	if err != nil {
		tb.Fatal(err)
	}
	if len(strings.ReplaceAll(setup.Key, " ", "")) != 32 || !strings.Contains(setup.URI, "issuer=Porta") || !strings.Contains(setup.URI, "Porta:ann@example.com") {
		tb.Fatalf("setup = %+v: want a 160-bit key for Porta and the account", setup)
	}
	if _, err := e.svc.ConfirmTOTP(ctx, auth, testkit.MustCode(tb, setup.Key, e.clock.Now()), meta); err != nil {
		tb.Fatal(err)
	}
	return setup.Key
}

// MustAppAccount creates ann@example.com with goodPassword and an
// authenticator app, and returns her session and the app's key.
func (e *env) MustAppAccount(tb testing.TB) (identity.Auth, string) {
	tb.Helper()
	e.MustAccount(tb, "ann@example.com", goodPassword)
	auth := e.MustAuth(tb, "ann@example.com")
	return auth, e.MustTOTP(tb, auth)
}

func TestTOTP(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	_, key := e.MustAppAccount(t)
	e.clock.Advance(time.Minute)

	step := func(t *testing.T) identity.SignInResult {
		t.Helper()
		res := e.MustSignIn(t, "ann@example.com", goodPassword)
		if res.Next != api.NextSecondFactor || res.Default != store.FactorTOTP {
			t.Fatalf("after the password: %+v", res)
		}
		if _, err := e.svc.Authenticate(ctx, res.Token, meta); identity.ErrorCode(err) != api.CodeUnauthenticated {
			t.Fatal("half a sign-in counts as signed in")
		}
		return res
	}
	t.Run("OK", func(t *testing.T) {
		res := step(t)
		done, err := e.svc.SignInTOTP(ctx, res.Token, identity.SecondFactor{Code: testkit.MustCode(t, key, e.clock.Now())}, meta)
		if err != nil || done.Next != api.NextDone {
			t.Fatalf("totp: %+v %v", done, err)
		}
		auth, err := e.svc.Authenticate(ctx, done.Token, meta)
		if err != nil || strings.Join(auth.Session.AMR, ",") != "pwd,otp,mfa" {
			t.Fatalf("amr = %v, %v", auth.Session.AMR, err)
		}
	})
	t.Run("ErrSameStepTwice", func(t *testing.T) {
		e.clock.Advance(time.Minute)
		code := testkit.MustCode(t, key, e.clock.Now())
		if _, err := e.svc.SignInTOTP(ctx, step(t).Token, identity.SecondFactor{Code: code}, meta); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.SignInTOTP(ctx, step(t).Token, identity.SecondFactor{Code: code}, meta)
		wantCode(t, err, api.CodeInvalidCode)
	})
	t.Run("ErrSameStepRacing", func(t *testing.T) {
		e.clock.Advance(time.Minute)
		code := testkit.MustCode(t, key, e.clock.Now())
		tokens := []string{step(t).Token, step(t).Token, step(t).Token, step(t).Token}
		var wg sync.WaitGroup
		wins := make(chan bool, len(tokens))
		for _, tok := range tokens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.svc.SignInTOTP(ctx, tok, identity.SecondFactor{Code: code}, meta)
				wins <- err == nil
			}()
		}
		wg.Wait()
		close(wins)
		n := 0
		for w := range wins {
			if w {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d of %d racing uses of one code won, want 1", n, len(tokens))
		}
	})
	t.Run("Drift", func(t *testing.T) {
		for _, c := range []struct {
			offset time.Duration
			ok     bool
		}{{-30 * time.Second, true}, {30 * time.Second, true}, {-60 * time.Second, false}, {60 * time.Second, false}} {
			e.clock.Advance(2 * time.Minute)
			_, err := e.svc.SignInTOTP(ctx, step(t).Token, identity.SecondFactor{Code: testkit.MustCode(t, key, e.clock.Now().Add(c.offset))}, meta)
			if (err == nil) != c.ok {
				t.Errorf("code from %v away: err = %v, want ok=%v", c.offset, err, c.ok)
			}
		}
	})
	t.Run("FailuresCount", func(t *testing.T) {
		// Drift's wrong codes still count: only a passed second step
		// resets them, so pass one first.
		e.clock.Advance(time.Hour)
		if _, err := e.svc.SignInTOTP(ctx, step(t).Token, identity.SecondFactor{Code: testkit.MustCode(t, key, e.clock.Now())}, meta); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Minute)
		tok := step(t).Token
		for i := 0; i < identity.DefaultLimits.FreeFailures; i++ {
			_, err := e.svc.SignInTOTP(ctx, tok, identity.SecondFactor{Code: "000000"}, meta)
			wantCode(t, err, api.CodeInvalidCode)
		}
		_, err := e.svc.SignInTOTP(ctx, tok, identity.SecondFactor{Code: testkit.MustCode(t, key, e.clock.Now())}, meta)
		wantCode(t, err, api.CodeTooManyAttempts)
	})
}

func TestRememberDevice(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	_, key := e.MustAppAccount(t)
	laptop := meta
	laptop.DeviceID = "laptop"
	res, _ := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, laptop)
	if !res.CanRememberDevice {
		t.Fatal("remember this device not offered")
	}
	e.clock.Advance(time.Minute)
	if _, err := e.svc.SignInTOTP(ctx, res.Token, identity.SecondFactor{Code: testkit.MustCode(t, key, e.clock.Now()), RememberDevice: true}, laptop); err != nil {
		t.Fatal(err)
	}
	res, _ = e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, laptop)
	if res.Next != api.NextDone {
		t.Fatalf("a remembered device still asked for %s", res.Next)
	}
	if res, _ := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, meta); res.Next != api.NextSecondFactor {
		t.Fatalf("another browser skipped the second step: %s", res.Next)
	}
	t.Run("OrganizationForbids", func(t *testing.T) {
		e.svc.CreateOrg(ctx, "acme", "Acme")
		e.svc.AddMember(ctx, "acme", "ann@example.com", "")
		e.svc.SetForbidRememberDevice(ctx, "acme", true, meta)
		res, _ := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, laptop)
		if res.Next != api.NextSecondFactor || res.CanRememberDevice {
			t.Fatalf("with remembering forbidden: %+v", res)
		}
		e.svc.SetForbidRememberDevice(ctx, "acme", false, meta)
	})
	e.clock.Advance(31 * 24 * time.Hour)
	if res, _ := e.svc.SignInPassword(ctx, "ann@example.com", goodPassword, laptop); res.Next != api.NextSecondFactor {
		t.Fatalf("after 31 days the device is still remembered: %s", res.Next)
	}
}

func TestSMS(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	auth, _ := e.MustAppAccount(t)
	e.MustSMS(t, auth, "+44 7700 900123", "+447700900123")
	t.Run("OK", func(t *testing.T) {
		res := e.MustSignIn(t, "ann@example.com", goodPassword)
		if strings.Join(res.Methods, ",") != "totp,sms" {
			t.Fatalf("methods = %v", res.Methods)
		}
		e.clock.Advance(time.Second) // the outbox lists newest first
		if _, err := e.svc.SendSignInSMS(ctx, res.Token, meta); err != nil {
			t.Fatal(err)
		}
		done, err := e.svc.SignInSMS(ctx, res.Token, identity.SecondFactor{Code: e.MustSMSCode(t, "+447700900123")}, meta)
		if err != nil || done.Next != api.NextDone {
			t.Fatalf("sms: %+v %v", done, err)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		e.clock.Advance(time.Second)
		res := e.MustSignIn(t, "ann@example.com", goodPassword)
		e.svc.SendSignInSMS(ctx, res.Token, meta)
		code := e.MustSMSCode(t, "+447700900123")
		e.clock.Advance(10 * time.Minute)
		_, err := e.svc.SignInSMS(ctx, res.Token, identity.SecondFactor{Code: code}, meta)
		wantCode(t, err, api.CodeInvalidCode)
	})
	t.Run("ErrTooManyTries", func(t *testing.T) {
		e.clock.Advance(2 * time.Hour)
		res := e.MustSignIn(t, "ann@example.com", goodPassword)
		e.svc.SendSignInSMS(ctx, res.Token, meta)
		code := e.MustSMSCode(t, "+447700900123")
		for i := 0; i < 5; i++ {
			e.clock.Advance(time.Minute) // past each growing wait of the failure limit
			_, err := e.svc.SignInSMS(ctx, res.Token, identity.SecondFactor{Code: "000000"}, meta)
			wantCode(t, err, api.CodeInvalidCode)
		}
		e.clock.Advance(time.Minute)
		_, err := e.svc.SignInSMS(ctx, res.Token, identity.SecondFactor{Code: code}, meta)
		wantCode(t, err, api.CodeInvalidCode)
	})
}

// MustSMS adds the phone number typed as phone (stored as e164) as a
// second step, confirmed with the code texted to it.
func (e *env) MustSMS(tb testing.TB, auth identity.Auth, phone, e164 string) {
	tb.Helper()
	ctx := context.Background()
	if _, err := e.svc.StartSMS(ctx, auth, phone, "", meta); err != nil {
		tb.Fatal(err)
	}
	if _, err := e.svc.ConfirmSMS(ctx, auth, e.MustSMSCode(tb, e164), meta); err != nil {
		tb.Fatal(err)
	}
}

// MustSMSCode reads the newest code texted to phone from the outbox.
func (e *env) MustSMSCode(tb testing.TB, phone string) string {
	tb.Helper()
	e.MustDeliver(tb)
	msgs, _ := e.svc.Messages().Outbox(context.Background(), 0)
	for _, m := range msgs {
		if m.Kind == notify.KindSMS && m.To == phone {
			if code, ok := testkit.TextedCode(m.Text); ok {
				return code
			}
		}
	}
	tb.Fatalf("no code texted to %s", phone)
	return ""
}

func TestEmergencyCode(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	auth, _ := e.MustAppAccount(t)
	code, err := e.svc.NewEmergencyCode(ctx, auth, "", meta)
	if err != nil || len(code) != 24 || strings.Count(code, "-") != 4 {
		t.Fatalf("code = %q %v", code, err)
	}
	res := e.MustSignIn(t, "ann@example.com", goodPassword)
	used, err := e.svc.SignInEmergency(ctx, res.Token, identity.SecondFactor{Code: strings.ToLower(code)}, meta)
	if err != nil || used.Next != api.NextAckEmergencyCode || used.EmergencyCode == "" || used.EmergencyCode == code {
		t.Fatalf("emergency: %+v %v", used, err)
	}
	if _, err := e.svc.Authenticate(ctx, used.Token, meta); err == nil {
		t.Fatal("signed in before the new code was acknowledged")
	}
	done, err := e.svc.AckEmergencyCode(ctx, used.Token, meta)
	if err != nil || done.Next != api.NextDone {
		t.Fatalf("ack: %+v %v", done, err)
	}
	again := e.MustSignIn(t, "ann@example.com", goodPassword)
	_, err = e.svc.SignInEmergency(ctx, again.Token, identity.SecondFactor{Code: code}, meta)
	wantCode(t, err, api.CodeInvalidCode)

	t.Run("DisableWhenNotEnforced", func(t *testing.T) {
		res := e.MustSignIn(t, "ann@example.com", goodPassword)
		done, err := e.svc.SignInEmergency(ctx, res.Token, identity.SecondFactor{Code: used.EmergencyCode, DisableTwoStep: true}, meta)
		if err != nil || done.Next != api.NextDone {
			t.Fatalf("disable: %+v %v", done, err)
		}
		if res := e.MustSignIn(t, "ann@example.com", goodPassword); res.Next != api.NextDone {
			t.Fatalf("two-step still asked after turning it off: %s", res.Next)
		}
	})
}

func TestEnforcement(t *testing.T) {
	ctx := context.Background()
	t.Run("ServiceDatePassed", func(t *testing.T) {
		e := MustEnv(t, func(c *identity.Config) { c.MFARequiredFrom = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) })
		e.MustAccount(t, "ann@example.com", goodPassword)
		res := e.MustSignIn(t, "ann@example.com", goodPassword)
		if res.Next != api.NextSetupSecondFactor {
			t.Fatalf("next = %s, want the setup wizard", res.Next)
		}
		auth, err := e.svc.AuthenticateSetup(ctx, res.Token, meta)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.CompleteSetup(ctx, res.Token, meta)
		wantCode(t, err, api.CodeInvalidRequest)
		e.MustTOTP(t, auth)
		done, err := e.svc.CompleteSetup(ctx, res.Token, meta)
		if err != nil || done.Next != api.NextDone {
			t.Fatalf("complete: %+v %v", done, err)
		}
		// The code that confirmed the app was a second step: amr says so.
		signedIn, err := e.svc.Authenticate(ctx, done.Token, meta)
		if err != nil || strings.Join(signedIn.Session.AMR, ",") != "pwd,otp,mfa" {
			t.Fatalf("amr after setup = %v, %v; want pwd,otp,mfa", signedIn.Session.AMR, err)
		}
	})
	t.Run("ServiceDateAhead", func(t *testing.T) {
		from := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
		e := MustEnv(t, func(c *identity.Config) { c.MFARequiredFrom = from })
		e.MustAccount(t, "ann@example.com", goodPassword)
		auth := e.MustAuth(t, "ann@example.com")
		state, _ := e.svc.TwoStepState(ctx, auth.Account.ID)
		if state.Enforced || !state.RequiredFrom.Equal(from) {
			t.Fatalf("state = %+v: want a reminder of %v, not enforcement", state, from)
		}
	})
	t.Run("OrganizationEnforcesAndLifts", func(t *testing.T) {
		e := MustEnv(t)
		e.MustAccount(t, "ann@example.com", goodPassword)
		e.svc.CreateOrg(ctx, "acme", "Acme")
		e.svc.AddMember(ctx, "acme", "ann@example.com", "")
		e.svc.SetEnforce2FA(ctx, "acme", true, meta)
		res := e.MustSignIn(t, "ann@example.com", goodPassword)
		if res.Next != api.NextSetupSecondFactor {
			t.Fatalf("next = %s", res.Next)
		}
		auth, _ := e.svc.AuthenticateSetup(ctx, res.Token, meta)
		e.MustTOTP(t, auth)
		done, _ := e.svc.CompleteSetup(ctx, res.Token, meta)
		full, _ := e.svc.Authenticate(ctx, done.Token, meta)
		state, _ := e.svc.TwoStepState(ctx, full.Account.ID)
		app := state.Factors[0].ID
		wantCode(t, e.svc.RemoveFactor(ctx, full, app, "", meta), api.CodeForbidden)
		e.svc.SetEnforce2FA(ctx, "acme", false, meta)
		if err := e.svc.RemoveFactor(ctx, full, app, "", meta); err != nil {
			t.Fatalf("after lifting: %v", err)
		}
		if res := e.MustSignIn(t, "ann@example.com", goodPassword); res.Next != api.NextDone {
			t.Fatalf("next = %s after removing the last method", res.Next)
		}
	})
	t.Run("PasswordAfterTenMinutes", func(t *testing.T) {
		e := MustEnv(t)
		e.MustAccount(t, "ann@example.com", goodPassword)
		auth := e.MustAuth(t, "ann@example.com")
		e.clock.Advance(11 * time.Minute)
		_, err := e.svc.StartTOTP(ctx, auth, "", meta)
		wantCode(t, err, api.CodePasswordRequired)
		_, err = e.svc.StartTOTP(ctx, auth, "Wrong-Horse-7", meta)
		wantCode(t, err, api.CodeWrongPassword)
		if _, err := e.svc.StartTOTP(ctx, auth, goodPassword, meta); err != nil {
			t.Fatal(err)
		}
	})
}
