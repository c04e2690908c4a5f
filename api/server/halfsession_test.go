package server_test

import (
	"context"
	"crypto/rand"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/api/testkit"
)

// signedInCalls is every call that needs a signed-in session, with a body
// that would be valid for it.
var signedInCalls = []struct{ method, path, body string }{
	{"GET", "/api/session", ""},
	{"GET", "/api/account", ""},
	{"PATCH", "/api/account", `{"name":"Mallory"}`},
	{"POST", "/api/account/password", `{"currentPassword":"Correct-Horse-7","newPassword":"Battery-Staple-9"}`},
	{"GET", "/api/account/sessions", ""},
	{"DELETE", "/api/account/sessions", ""},
	{"DELETE", "/api/account/sessions/some-id", ""},
	{"GET", "/api/account/orgs", ""},
	{"POST", "/api/orgs/acme/invites", `{"email":"eve@example.com"}`},
	{"POST", "/api/orgs/acme/invites/withdraw", `{"email":"eve@example.com"}`},
	{"GET", "/api/account/invitations", ""},
	{"POST", "/api/account/invitations/accept", `{"id":"some-id"}`},
	{"POST", "/api/account/invitations/decline", `{"id":"some-id"}`},
	{"GET", "/api/account/factors", ""},
	{"POST", "/api/account/factors/totp", `{}`},
	{"GET", "/api/account/factors/totp/qr.png", ""},
	{"POST", "/api/account/factors/totp/confirm", `{"code":"123456"}`},
	{"POST", "/api/account/factors/sms", `{"phone":"+31612345678"}`},
	{"POST", "/api/account/factors/sms/confirm", `{"code":"123456"}`},
	{"POST", "/api/account/factors/emergency", `{}`},
	{"POST", "/api/account/factors/remove", `{"kind":"totp"}`},
	{"GET", "/api/account/devices", ""},
	{"DELETE", "/api/account/devices/some-id", ""},
	{"POST", "/api/signin/change-password", `{"newPassword":"Battery-Staple-9"}`},
	{"POST", "/api/signin/totp", `{"code":"123456"}`},
	{"POST", "/api/signin/sms", `{"code":"123456"}`},
	{"POST", "/api/signin/sms/send", `{}`},
	{"POST", "/api/signin/emergency", `{"code":"AAAA-AAAA-AAAA-AAAA-AAAA"}`},
	{"POST", "/api/signin/emergency/ack", `{}`},
	{"POST", "/api/signin/setup/complete", `{}`},
}

// nextStep lists, per half-finished stage, the calls that are its next
// step; every other signed-in call must answer 401.
var nextStep = map[string][]string{
	api.NextSecondFactor:      {"/api/signin/totp", "/api/signin/sms", "/api/signin/sms/send", "/api/signin/emergency"},
	api.NextChangePassword:    {"/api/signin/change-password"},
	api.NextAckEmergencyCode:  {"/api/signin/emergency/ack"},
	api.NextSetupSecondFactor: {"/api/account/factors", "/api/account/factors/totp", "/api/account/factors/totp/qr.png", "/api/account/factors/totp/confirm", "/api/account/factors/sms", "/api/account/factors/sms/confirm", "/api/account/factors/emergency", "/api/signin/setup/complete"},
}

// callWithClient sends one request with c's cookies, as the PWA would.
func (e *env) callWithClient(tb testing.TB, c *api.Client, method, path, body string) int {
	tb.Helper()
	req, _ := http.NewRequest(method, e.url+path, strings.NewReader(body))
	req.Header.Set("Origin", e.url)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Transport.(*api.HTTPTransport).Client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestHalfSessionsCanOnlyTakeTheNextStep(t *testing.T) {
	ctx := context.Background()
	e := MustServer(t)
	totpKey := func(c *api.Client) string {
		setup, err := c.StartTOTP(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ConfirmTOTP(ctx, testkit.MustCode(t, setup.Key, e.clock.Now())); err != nil {
			t.Fatal(err)
		}
		return setup.Key
	}
	ann := e.MustSignIn(t)
	totpKey(ann)
	emergency, err := ann.NewEmergencyCode(ctx, "")
	if err != nil {
		t.Fatal(err)
	}

	// Bob's stored password fails today's policy, and he has two-step.
	weak, err := identity.NewHasher(testkit.FastArgon, 1, 1, rand.Reader).Hash(ctx, "password")
	if err == nil {
		err = e.store.CreateAccount(ctx, store.Account{ID: "bob", Email: "bob@example.com", PasswordHash: weak})
	}
	if err != nil {
		t.Fatal(err)
	}
	// Carol belongs to an organization that enforces two-step, and has none.
	if _, err := e.svc.CreateAccount(ctx, "carol@example.com", annPassword, "Carol"); err != nil {
		t.Fatal(err)
	}
	e.svc.CreateOrg(ctx, "acme", "Acme")
	e.svc.AddMember(ctx, "acme", "carol@example.com", "")
	if _, err := e.svc.SetEnforce2FA(ctx, "acme", true, identity.Meta{}); err != nil {
		t.Fatal(err)
	}

	e.clock.Advance(time.Minute)
	stages := map[string]func() *api.Client{
		api.NextSecondFactor: func() *api.Client {
			c := e.MustClient(t)
			res, err := c.SignInPassword(ctx, annEmail, annPassword)
			if err != nil || res.Next != api.NextSecondFactor {
				t.Fatalf("%+v %v", res, err)
			}
			return c
		},
		api.NextAckEmergencyCode: func() *api.Client {
			c := e.MustClient(t)
			c.SignInPassword(ctx, annEmail, annPassword)
			res, err := c.SignInEmergency(ctx, api.SecondFactorRequest{Code: emergency.Code})
			if err != nil || res.Next != api.NextAckEmergencyCode {
				t.Fatalf("%+v %v", res, err)
			}
			return c
		},
		api.NextChangePassword: func() *api.Client {
			c := e.MustClient(t)
			res, err := c.SignInPassword(ctx, "bob@example.com", "password")
			if err != nil || res.Next != api.NextChangePassword {
				t.Fatalf("%+v %v", res, err)
			}
			return c
		},
		api.NextSetupSecondFactor: func() *api.Client {
			c := e.MustClient(t)
			res, err := c.SignInPassword(ctx, "carol@example.com", annPassword)
			if err != nil || res.Next != api.NextSetupSecondFactor {
				t.Fatalf("%+v %v", res, err)
			}
			return c
		},
	}
	for stage, start := range stages {
		t.Run(stage, func(t *testing.T) {
			c := start()
			for _, call := range signedInCalls {
				if slices.Contains(nextStep[stage], call.path) {
					continue
				}
				if got := e.callWithClient(t, c, call.method, call.path, call.body); got != http.StatusUnauthorized {
					t.Errorf("%s %s from a session at %s: %d, want 401", call.method, call.path, stage, got)
				}
			}
		})
	}
}
