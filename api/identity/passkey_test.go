package identity_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/api/testkit"
)

const localOrigin = "http://localhost:8080"

// mustAddPasskey runs the whole ceremony of adding key's next passkey.
func (e *env) mustAddPasskey(tb testing.TB, auth identity.Auth, key *testkit.Authenticator, m identity.Meta) store.Factor {
	tb.Helper()
	ctx := context.Background()
	c, err := e.svc.BeginAddPasskey(ctx, auth, "", m)
	if err != nil {
		tb.Fatal(err)
	}
	answer, err := key.Create(c.Options)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := e.svc.FinishAddPasskey(ctx, auth, c.Ceremony, "", answer, m)
	if err != nil {
		tb.Fatalf("FinishAddPasskey: %v", err)
	}
	return f
}

// passkeySignIn answers a new passkey sign-in with key.
func (e *env) passkeySignIn(tb testing.TB, key *testkit.Authenticator) (identity.SignInResult, error) {
	tb.Helper()
	ctx := context.Background()
	c, err := e.svc.BeginPasskeySignIn(ctx, meta)
	if err != nil {
		tb.Fatal(err)
	}
	answer, err := key.Get(c.Options)
	if err != nil {
		tb.Fatal(err)
	}
	return e.svc.SignInPasskey(ctx, c.Ceremony, answer, meta)
}

// passkeyAuth signs in with key and returns the session.
func (e *env) passkeyAuth(tb testing.TB, key *testkit.Authenticator) identity.Auth {
	tb.Helper()
	res, err := e.passkeySignIn(tb, key)
	if err != nil {
		tb.Fatal(err)
	}
	auth, err := e.svc.Authenticate(context.Background(), res.Token, meta)
	if err != nil {
		tb.Fatal(err)
	}
	return auth
}

// passkeyStep answers the second step of the sign-in of token with key.
func (e *env) passkeyStep(tb testing.TB, token string, key *testkit.Authenticator) (identity.SignInResult, error) {
	tb.Helper()
	ctx := context.Background()
	c, err := e.svc.BeginPasskeyStep(ctx, token)
	if err != nil {
		tb.Fatal(err)
	}
	answer, err := key.Get(c.Options)
	if err != nil {
		tb.Fatal(err)
	}
	return e.svc.SignInPasskeyStep(ctx, token, identity.PasskeyStep{Ceremony: c.Ceremony, Answer: answer}, meta)
}

// TestPasskeys: a passkey added from a session signs the person in with
// nothing typed, as a hardware or software key with user verification;
// its ceremonies work once, for their own session, within five minutes,
// and answers from another origin or for another site fail alike.
func TestPasskeys(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	ann := e.MustAccount(t, "ann@example.com", goodPassword)
	auth := e.MustAuth(t, ann.Email)
	chrome := identity.Meta{IP: "192.0.2.1", UserAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"}
	phone := &testkit.Authenticator{Origin: localOrigin, UserVerified: true, Synced: true}
	f := e.mustAddPasskey(t, auth, phone, chrome)
	if f.Kind != store.FactorPasskey || f.Passkey.Name != "Chrome on Linux" || !f.Passkey.UserVerified || !f.Passkey.BackupEligible {
		t.Fatalf("added %+v %+v", f, f.Passkey)
	}

	res, err := e.passkeySignIn(t, phone)
	if err != nil || res.Next != api.NextDone || !slices.Equal(res.Session.AMR, []string{"swk", "user", "mfa"}) {
		t.Fatalf("passkey sign-in = %+v, %v", res, err)
	}
	key := &testkit.Authenticator{Origin: localOrigin, UserVerified: true}
	e.mustAddPasskey(t, auth, key, chrome)
	if res, err := e.passkeySignIn(t, key); err != nil || !slices.Equal(res.Session.AMR, []string{"hwk", "user", "mfa"}) {
		t.Fatalf("device-bound key sign-in = %+v, %v", res, err)
	}

	t.Run("Rename", func(t *testing.T) {
		got, err := e.svc.RenamePasskey(ctx, auth, f.ID, "  Ann's phone ", chrome)
		if err != nil || got.Passkey.Name != "Ann's phone" {
			t.Fatalf("rename = %+v, %v", got.Passkey, err)
		}
		state, _ := e.svc.TwoStepState(ctx, ann.ID)
		if i := slices.IndexFunc(state.Factors, func(x store.Factor) bool { return x.ID == f.ID }); i < 0 || state.Factors[i].Passkey.Name != "Ann's phone" {
			t.Fatal("the new name is not kept")
		}
		_, err = e.svc.RenamePasskey(ctx, auth, f.ID, " ", chrome)
		wantCode(t, err, api.CodeInvalidRequest)
		_, err = e.svc.RenamePasskey(ctx, auth, "no-such-factor", "Phone", chrome)
		wantCode(t, err, api.CodeNotFound)
	})
	t.Run("ChallengeOnce", func(t *testing.T) {
		c, err := e.svc.BeginPasskeySignIn(ctx, meta)
		if err != nil {
			t.Fatal(err)
		}
		answer, _ := phone.Get(c.Options)
		if _, err := e.svc.SignInPasskey(ctx, c.Ceremony, answer, meta); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.SignInPasskey(ctx, c.Ceremony, answer, meta)
		wantCode(t, err, api.CodePasskeyFailed)
		// The same answer under a fresh challenge is a replay.
		fresh, _ := e.svc.BeginPasskeySignIn(ctx, meta)
		_, err = e.svc.SignInPasskey(ctx, fresh.Ceremony, answer, meta)
		wantCode(t, err, api.CodePasskeyFailed)
	})
	t.Run("StartsPerAddress", func(t *testing.T) {
		// The sign-in page starts one per visit; a script starting
		// thousands from one address is refused, others are not.
		flood := identity.Meta{IP: "198.51.100.7"}
		var err error
		for range identity.DefaultLimits.IPChallengeBurst + 1 {
			if _, err = e.svc.BeginPasskeySignIn(ctx, flood); err != nil {
				break
			}
		}
		wantCode(t, err, api.CodeTooManyAttempts)
		if _, err := e.svc.BeginPasskeySignIn(ctx, meta); err != nil {
			t.Fatalf("another address is refused too: %v", err)
		}
	})
	t.Run("Expires", func(t *testing.T) {
		c, _ := e.svc.BeginPasskeySignIn(ctx, meta)
		answer, _ := phone.Get(c.Options)
		e.clock.Advance(5*time.Minute + time.Second)
		_, err := e.svc.SignInPasskey(ctx, c.Ceremony, answer, meta)
		wantCode(t, err, api.CodePasskeyFailed)
	})
	t.Run("AnotherSession", func(t *testing.T) {
		c, err := e.svc.BeginAddPasskey(ctx, auth, "", chrome)
		if err != nil {
			t.Fatal(err)
		}
		answer, _ := (&testkit.Authenticator{Origin: localOrigin, UserVerified: true}).Create(c.Options)
		other := e.passkeyAuth(t, phone)
		_, err = e.svc.FinishAddPasskey(ctx, other, c.Ceremony, "", answer, chrome)
		wantCode(t, err, api.CodePasskeyFailed)
	})
	t.Run("WrongOriginOrSite", func(t *testing.T) {
		for _, bad := range []*testkit.Authenticator{
			{Origin: "https://porta.evil.example", UserVerified: true, Synced: true},
			{Origin: localOrigin, RPID: "evil.example", UserVerified: true, Synced: true},
		} {
			c, _ := e.svc.BeginAddPasskey(ctx, auth, "", chrome)
			answer, _ := bad.Create(c.Options)
			_, err := e.svc.FinishAddPasskey(ctx, auth, c.Ceremony, "", answer, chrome)
			wantCode(t, err, api.CodePasskeyFailed)
			// Signing with the phone's key from the wrong place fails too.
			phone.Origin, phone.RPID = bad.Origin, bad.RPID
			_, err = e.passkeySignIn(t, phone)
			phone.Origin, phone.RPID = localOrigin, ""
			wantCode(t, err, api.CodePasskeyFailed)
		}
	})
	t.Run("CounterBack", func(t *testing.T) {
		e.clock.Advance(time.Hour) // past any lock of the failures above
		key.SetCounter(0)          // a copy of the key made before its uses
		_, err := e.passkeySignIn(t, key)
		wantCode(t, err, api.CodePasskeyFailed)
		events, err := e.store.ListAudit(ctx, ann.ID, 20)
		if err != nil || !slices.ContainsFunc(events, func(ev store.AuditEvent) bool { return ev.Type == identity.AuditPasskeyCloned }) {
			t.Fatalf("no passkey_cloned event: %v", err)
		}
	})
	t.Run("NoUserVerification", func(t *testing.T) {
		e.clock.Advance(time.Hour)
		securityKey := &testkit.Authenticator{Origin: localOrigin}
		e.mustAddPasskey(t, e.passkeyAuth(t, phone), securityKey, chrome)
		_, err := e.passkeySignIn(t, securityKey)
		wantCode(t, err, api.CodePasskeyFailed)
	})
	t.Run("UnknownPasskeyAnswersAlike", func(t *testing.T) {
		e.clock.Advance(time.Hour)
		stranger := &testkit.Authenticator{Origin: localOrigin, UserVerified: true}
		c, err := e.svc.BeginAddPasskey(ctx, e.passkeyAuth(t, phone), "", chrome)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := stranger.Create(c.Options); err != nil { // made, never kept
			t.Fatal(err)
		}
		_, err = e.passkeySignIn(t, stranger)
		wantCode(t, err, api.CodePasskeyFailed)
	})
}

// TestPasskeysNeedADomain: at an IP address Porta offers no passkeys, and
// says so, rather than failing to start.
func TestPasskeysNeedADomain(t *testing.T) {
	e := MustEnv(t, func(c *identity.Config) { c.BaseURL = "http://127.0.0.1:8080" })
	_, err := e.svc.BeginPasskeySignIn(context.Background(), meta)
	wantCode(t, err, api.CodeForbidden)
	e.MustAccount(t, "ann@example.com", goodPassword)
	_, err = e.svc.BeginAddPasskey(context.Background(), e.MustAuth(t, "ann@example.com"), "", meta)
	wantCode(t, err, api.CodeForbidden)
}

// TestPasskeySecondStep: a passkey is a two-step method. After the
// password it is the second step, a security key that does not verify the
// person included; its ceremony belongs to one sign-in; failures count
// toward the second-step lock; and under enforcement the last passkey
// cannot be removed.
func TestPasskeySecondStep(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	ann := e.MustAccount(t, "ann@example.com", goodPassword)
	securityKey := &testkit.Authenticator{Origin: localOrigin}
	f := e.mustAddPasskey(t, e.MustAuth(t, ann.Email), securityKey, meta)
	if state, _ := e.svc.TwoStepState(ctx, ann.ID); !state.Enabled() {
		t.Fatal("a passkey alone does not turn two-step verification on")
	}

	res := e.MustSignIn(t, ann.Email, goodPassword)
	if res.Next != api.NextSecondFactor || !slices.Equal(res.Methods, []string{api.MethodPasskey}) {
		t.Fatalf("password sign-in = %+v; want the passkey as second step", res)
	}
	done, err := e.passkeyStep(t, res.Token, securityKey)
	if err != nil || done.Next != api.NextDone || !slices.Equal(done.Session.AMR, []string{"pwd", "hwk", "mfa"}) {
		t.Fatalf("second step = %+v, %v; want amr pwd hwk mfa", done, err)
	}

	t.Run("CeremonyOfAnotherSignIn", func(t *testing.T) {
		mine := e.MustSignIn(t, ann.Email, goodPassword)
		other := e.MustSignIn(t, ann.Email, goodPassword)
		c, _ := e.svc.BeginPasskeyStep(ctx, other.Token)
		answer, _ := securityKey.Get(c.Options)
		_, err := e.svc.SignInPasskeyStep(ctx, mine.Token, identity.PasskeyStep{Ceremony: c.Ceremony, Answer: answer}, meta)
		wantCode(t, err, api.CodePasskeyFailed)
		// Not before the password: a signed-out browser has no sign-in.
		_, err = e.svc.BeginPasskeyStep(ctx, "")
		wantCode(t, err, api.CodeUnauthenticated)
	})
	t.Run("FailuresLock", func(t *testing.T) {
		e.clock.Advance(time.Hour)
		securityKey.Origin = "https://porta.evil.example" // a phishing page's answers
		defer func() { securityKey.Origin = localOrigin }()
		var last error
		for range 20 {
			half := e.MustSignIn(t, ann.Email, goodPassword)
			if _, last = e.passkeyStep(t, half.Token, securityKey); identity.ErrorCode(last) == api.CodeTooManyAttempts {
				break
			}
			wantCode(t, last, api.CodePasskeyFailed)
		}
		wantCode(t, last, api.CodeTooManyAttempts)
	})
	t.Run("LastMethodUnderEnforcement", func(t *testing.T) {
		e.clock.Advance(2 * time.Hour)
		e.svc.CreateOrg(ctx, "acme", "Acme")
		e.svc.AddMember(ctx, "acme", ann.Email, "")
		e.svc.SetEnforce2FA(ctx, "acme", true, meta)
		half := e.MustSignIn(t, ann.Email, goodPassword)
		done, err := e.passkeyStep(t, half.Token, securityKey)
		if err != nil {
			t.Fatal(err)
		}
		full, _ := e.svc.Authenticate(ctx, done.Token, meta)
		wantCode(t, e.svc.RemoveFactor(ctx, full, f.ID, "", meta), api.CodeForbidden)
	})
}
