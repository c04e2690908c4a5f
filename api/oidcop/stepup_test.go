package oidcop_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"golang.org/x/oauth2"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/oidcop"
	"github.com/porta-id/porta/api/testkit"
)

// twoStep is a product's request for two-step verification.
var twoStep = oauth2.SetAuthURLParam("acr_values", oidcop.ACRTwoStep)

// mustClaims redeems code at the product's callback and returns the ID
// token's claims.
func (p *product) mustClaims(tb testing.TB, code string, pk pkce) idClaims {
	tb.Helper()
	tok, err := p.oauth.Exchange(context.Background(), code, oauth2.VerifierOption(pk.verifier))
	if err != nil {
		tb.Fatalf("exchange: %v", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := p.verifier.Verify(context.Background(), raw)
	if err != nil {
		tb.Fatal(err)
	}
	var c idClaims
	if err := idt.Claims(&c); err != nil {
		tb.Fatal(err)
	}
	return c
}

// TestStepUpWithPasskeys: a product asking for two-step verification
// takes a sign-in with a passkey alone, and a password sign-in whose
// second step was a security key.
func TestStepUpWithPasskeys(t *testing.T) {
	ctx := context.Background()
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	const origin = "http://localhost:8080" // the relying party of the default public address
	phone := &testkit.Authenticator{Origin: origin, UserVerified: true, Synced: true}
	securityKey := &testkit.Authenticator{Origin: origin}
	owner := e.browser()
	owner.signIn(t)
	for _, key := range []*testkit.Authenticator{phone, securityKey} {
		start, err := owner.api.StartPasskey(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		made, err := key.Create(start.PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := owner.api.AddPasskey(ctx, start.Ceremony, "", made); err != nil {
			t.Fatal(err)
		}
	}
	// signIn signs b in at the sign-in screen of a two-step request and
	// returns the product's claims.
	signIn := func(t *testing.T, b *browser, how func() (api.SignInResponse, error)) idClaims {
		t.Helper()
		pk := newPKCE()
		at := b.visit(t, p.authorizeURL("st-p", "n-p", pk, twoStep))
		if at.Path != api.SignInScreen {
			t.Fatalf("authorize went to %s, want the sign-in screen", at)
		}
		if res, err := how(); err != nil || res.Next != api.NextDone {
			t.Fatalf("sign-in: %+v, %v", res, err)
		}
		back := b.visit(t, api.ContinueURL(at.Query().Get(api.RequestParam)))
		return p.mustClaims(t, back.Query().Get("code"), pk)
	}

	t.Run("PasskeyAlone", func(t *testing.T) {
		b := e.browser()
		c := signIn(t, b, func() (api.SignInResponse, error) {
			start, err := b.api.StartPasskeySignIn(ctx)
			if err != nil {
				return api.SignInResponse{}, err
			}
			answer, err := phone.Get(start.PublicKey)
			if err != nil {
				return api.SignInResponse{}, err
			}
			return b.api.SignInPasskey(ctx, answer)
		})
		if c.ACR != oidcop.ACRTwoStep || !slices.Equal(c.AMR, []string{"swk", "user", "mfa"}) {
			t.Errorf("passkey sign-in: acr %q, amr %v", c.ACR, c.AMR)
		}
	})
	t.Run("SecurityKeyAsSecondStep", func(t *testing.T) {
		b := e.browser()
		c := signIn(t, b, func() (api.SignInResponse, error) {
			res, err := b.api.SignInPassword(ctx, annEmail, annPassword)
			if err != nil || res.Next != api.NextSecondFactor || !slices.Contains(res.Methods, api.MethodPasskey) {
				t.Fatalf("password: %+v, %v; want a passkey second step", res, err)
			}
			start, err := b.api.StartPasskeyStep(ctx)
			if err != nil {
				return api.SignInResponse{}, err
			}
			answer, err := securityKey.Get(start.PublicKey)
			if err != nil {
				return api.SignInResponse{}, err
			}
			return b.api.SignInPasskeyStep(ctx, start.Ceremony, answer, false)
		})
		if c.ACR != oidcop.ACRTwoStep || !slices.Contains(c.AMR, "hwk") || !slices.Contains(c.AMR, "mfa") {
			t.Errorf("security key second step: acr %q, amr %v", c.ACR, c.AMR)
		}
	})
}

// TestStepUp: a product asking for two-step verification gets a sign-in
// that had it — the one-factor session is asked for its second step, or
// sets one up — and the ID token says so.
func TestStepUp(t *testing.T) {
	ctx := context.Background()
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	var key string // Ann's authenticator key, once she has one

	// stepUpScreen signs b in for a two-step request and returns the
	// request's ID from the step-up screen it lands on.
	stepUpScreen := func(t *testing.T, b *browser, pk pkce) string {
		t.Helper()
		at := b.visit(t, p.authorizeURL("st-2", "n-2", pk, twoStep))
		if at.Path == api.SignInScreen {
			b.signIn(t)
			at = b.visit(t, api.ContinueURL(at.Query().Get(api.RequestParam)))
		}
		if at.Path != api.StepUpScreen || at.Query().Get(api.RequestParam) == "" {
			t.Fatalf("a one-factor sign-in went to %s, want the step-up screen", at)
		}
		return at.Query().Get(api.RequestParam)
	}
	code := func(t *testing.T) string {
		c, err := totp.GenerateCode(key, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	t.Run("ErrPromptNone", func(t *testing.T) {
		b := e.browser()
		b.signIn(t)
		back := b.visit(t, p.authorizeURL("st-n", "n", newPKCE(), twoStep, oauth2.SetAuthURLParam("prompt", "none")))
		if back.Query().Get("error") != "interaction_required" || back.Query().Get("state") != "st-n" {
			t.Fatalf("prompt=none without a second step came back with %s", back)
		}
	})
	t.Run("SetsUpTwoStep", func(t *testing.T) {
		b, pk := e.browser(), newPKCE()
		id := stepUpScreen(t, b, pk)
		res, err := b.api.StepUp(ctx)
		if err != nil || res.Next != api.NextSetupSecondFactor {
			t.Fatalf("step-up without a method: %+v, %v", res, err)
		}
		if at := b.visit(t, api.ContinueURL(id)); at.Host != "" {
			t.Fatalf("the request went back to the product (%s) before the second step", at)
		}
		setup, err := b.api.StartTOTP(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		key = strings.ReplaceAll(setup.Key, " ", "")
		if _, err := b.api.ConfirmTOTP(ctx, code(t)); err != nil {
			t.Fatal(err)
		}
		if res, err := b.api.CompleteSetup(ctx); err != nil || res.Next != api.NextDone {
			t.Fatalf("complete setup: %+v, %v", res, err)
		}
		back := b.visit(t, api.ContinueURL(id))
		c := p.mustClaims(t, back.Query().Get("code"), pk)
		if c.ACR != oidcop.ACRTwoStep || !slices.Contains(c.AMR, "mfa") {
			t.Errorf("after setting up two-step: acr %q, amr %v", c.ACR, c.AMR)
		}
	})
	t.Run("RememberedBrowserStillAsked", func(t *testing.T) {
		b := e.browser()
		if _, err := b.api.SignInPassword(ctx, annEmail, annPassword); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(30 * time.Second)
		if res, err := b.api.SignInTOTP(ctx, api.SecondFactorRequest{Code: code(t), RememberDevice: true}); err != nil || res.Next != api.NextDone {
			t.Fatalf("second step: %+v, %v", res, err)
		}
		if res, err := b.api.SignInPassword(ctx, annEmail, annPassword); err != nil || res.Next != api.NextDone {
			t.Fatalf("a remembered browser's sign-in: %+v, %v", res, err)
		}
		pk := newPKCE()
		id := stepUpScreen(t, b, pk)
		res, err := b.api.StepUp(ctx)
		if err != nil || res.Next != api.NextSecondFactor || res.Default != api.MethodTOTP {
			t.Fatalf("step-up with an app: %+v, %v", res, err)
		}
		e.clock.Advance(30 * time.Second)
		if _, err := b.api.SignInTOTP(ctx, api.SecondFactorRequest{Code: "000000"}); api.ErrorCode(err) != api.CodeInvalidCode {
			t.Fatalf("a wrong code: %v", err)
		}
		if res, err := b.api.SignInTOTP(ctx, api.SecondFactorRequest{Code: code(t)}); err != nil || res.Next != api.NextDone {
			t.Fatalf("second step: %+v, %v", res, err)
		}
		back := b.visit(t, api.ContinueURL(id))
		if c := p.mustClaims(t, back.Query().Get("code"), pk); c.ACR != oidcop.ACRTwoStep || !slices.Contains(c.AMR, "otp") {
			t.Errorf("after the second step: acr %q, amr %v", c.ACR, c.AMR)
		}
		if res, err := b.api.StepUp(ctx); err != nil || res.Next != api.NextDone {
			t.Errorf("step-up of a session that had its second step: %+v, %v", res, err)
		}
	})
}

// TestStepUpToSetupNeedsARecentSignIn: setting up a method is a change
// to how one signs in, so a session signed in long ago must sign in again
// first, here too.
func TestStepUpToSetupNeedsARecentSignIn(t *testing.T) {
	e := mustPorta(t)
	b := e.browser()
	b.signIn(t)
	e.clock.Advance(11 * time.Minute)
	if _, err := b.api.StepUp(context.Background()); api.ErrorCode(err) != api.CodePasswordRequired {
		t.Fatalf("step-up to setup of an old session: %v, want %s", err, api.CodePasswordRequired)
	}
	if _, err := b.api.Session(context.Background()); err != nil {
		t.Errorf("the refused step-up ended the session: %v", err)
	}
}
