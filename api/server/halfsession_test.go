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

type signedInCall struct {
	route api.Route
	body  string
}

// signedInCalls is every call that needs a signed-in session, with a body
// that would be valid for it.
var signedInCalls = []signedInCall{
	{api.RouteSession.Route, ""},
	{api.RouteAccount.Route, ""},
	{api.RouteAccountUpdate.Route, `{"name":"Mallory"}`},
	{api.RouteAccountPassword.Route, `{"currentPassword":"Correct-Horse-7","newPassword":"Battery-Staple-9"}`},
	{api.RouteSessions.Route, ""},
	{api.RouteSessionsRevokeOthers.Route, ""},
	{api.RouteSessionRevoke.Route, ""},
	{api.RouteAccountOrgs.Route, ""},
	{api.RouteOrgInvite.Route, `{"email":"eve@example.com"}`},
	{api.RouteOrgInviteWithdraw.Route, `{"email":"eve@example.com"}`},
	{api.RouteOrgMembers.Route, ""},
	{api.RouteOrgMemberRole.Route, `{"role":"admin"}`},
	{api.RouteOrgMemberRemove.Route, ""},
	{api.RouteOrgSettings.Route, ""},
	{api.RouteOrgProgress.Route, ""},
	{api.RouteOrgAudit.Route, ""},
	{api.RouteOrgInvites.Route, ""},
	{api.RouteOrgInviteResend.Route, `{"email":"bo@example.com"}`},
	{api.RouteOrgSettingsUpdate.Route, `{"enforce2fa":true}`},
	{api.RouteOrgSSOProviders.Route, ""},
	{api.RouteOrgSSOAdd.Route, `{"preset":"google","clientId":"c","clientSecret":"s","domains":["acme.com"]}`},
	{api.RouteOrgSSORemove.Route, ""},
	{api.RouteLinkedProviders.Route, ""},
	{api.RouteInvitations.Route, ""},
	{api.RouteAccountOrgSwitch.Route, `{"slug":"acme"}`},
	{api.RouteInvitationAccept.Route, `{"id":"some-id"}`},
	{api.RouteInvitationDecline.Route, `{"id":"some-id"}`},
	{api.RouteFactors.Route, ""},
	{api.RouteFactorTOTP.Route, `{}`},
	{api.RouteFactorTOTPQR.Route, ""},
	{api.RouteFactorTOTPDone.Route, `{"code":"123456"}`},
	{api.RouteFactorSMS.Route, `{"phone":"+31612345678"}`},
	{api.RouteFactorSMSDone.Route, `{"code":"123456"}`},
	{api.RouteFactorEmerg.Route, `{}`},
	{api.RouteFactorRemove.Route, `{"kind":"totp"}`},
	{api.RouteFactorPasskey.Route, `{}`},
	{api.RouteFactorPasskeyDone.Route, `{"ceremony":"x","credential":{}}`},
	{api.RouteFactorRename.Route, `{"name":"My key"}`},
	{api.RouteDevices.Route, ""},
	{api.RouteDeviceForget.Route, ""},
	{api.RouteSignInChangePassword.Route, `{"newPassword":"Battery-Staple-9"}`},
	{api.RouteSignInTOTP.Route, `{"code":"123456"}`},
	{api.RouteSignInSMS.Route, `{"code":"123456"}`},
	{api.RouteSignInSMSSend.Route, `{}`},
	{api.RouteSignInEmergency.Route, `{"code":"AAAA-AAAA-AAAA-AAAA-AAAA"}`},
	{api.RouteSignInPasskeyStepBegin.Route, `{}`},
	{api.RouteSignInPasskeyStep.Route, `{"ceremony":"x","credential":{}}`},
	{api.RouteSignInEmergencyAck.Route, `{}`},
	{api.RouteSignInSetupComplete.Route, `{}`},
	{api.RouteSignInStepUp.Route, `{}`},
	{api.RouteAuthRequestConsent.Route, `{"allow":true}`},
	{api.RouteApps.Route, ""},
	{api.RouteAppRevoke.Route, ""},
}

// nextStep lists, per half-finished stage, the calls that are its next
// step; every other signed-in call must answer 401.
var nextStep = map[string][]api.Route{
	api.NextSecondFactor:      {api.RouteSignInTOTP.Route, api.RouteSignInSMS.Route, api.RouteSignInSMSSend.Route, api.RouteSignInEmergency.Route, api.RouteSignInPasskeyStepBegin.Route, api.RouteSignInPasskeyStep.Route},
	api.NextChangePassword:    {api.RouteSignInChangePassword.Route},
	api.NextAckEmergencyCode:  {api.RouteSignInEmergencyAck.Route},
	api.NextSetupSecondFactor: {api.RouteFactors.Route, api.RouteFactorTOTP.Route, api.RouteFactorTOTPQR.Route, api.RouteFactorTOTPDone.Route, api.RouteFactorSMS.Route, api.RouteFactorSMSDone.Route, api.RouteFactorEmerg.Route, api.RouteFactorPasskey.Route, api.RouteFactorPasskeyDone.Route, api.RouteSignInSetupComplete.Route},
}

// publicCalls need no session.
var publicCalls = []api.Route{
	api.RouteSignInIdentify.Route, api.RouteSignInPassword.Route, api.RouteSignOut.Route, api.RoutePasswordPolicy.Route,
	api.RoutePasswordForgot.Route, api.RoutePasswordResetCheck.Route, api.RoutePasswordReset.Route,
	api.RouteActivationCheck.Route, api.RouteActivation.Route, api.RouteActivationResend.Route,
	api.RouteEnvironmentsFind.Route, api.RouteOrg.Route, api.RouteAuthRequest.Route,
	api.RouteSignInPasskeyBegin.Route, api.RouteSignInPasskey.Route,
	// The link ticket, not a session, says whose they are.
	api.RouteLinkBanner.Route, api.RouteLinkInfo.Route, api.RouteLinkPostpone.Route, api.RouteLinkSend.Route, api.RouteLinkVerify.Route,
}

// productCalls want a product's Bearer token and never read a session.
var productCalls = []api.Route{
	api.RouteProductOrgSettings.Route, api.RouteProductOrgSettingsUpdate.Route,
	api.RouteProductLinkUsers.Route, api.RouteProductLinkStates.Route, api.RouteProductLinkPostpone.Route,
}

// TestEveryRouteIsClassified makes a new route of the table say whether it
// needs a session, so the half-session test below covers it.
func TestEveryRouteIsClassified(t *testing.T) {
	for _, rt := range api.Routes() {
		n := 0
		for _, in := range []bool{
			slices.ContainsFunc(signedInCalls, func(c signedInCall) bool { return c.route == rt }),
			slices.Contains(publicCalls, rt), slices.Contains(productCalls, rt),
		} {
			if in {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s is in %d of signedInCalls, publicCalls and productCalls; list it in exactly one", rt, n)
		}
	}
}

// A person's session, however complete, is no product's token: product
// calls with only the cookie are unauthenticated.
func TestProductCallsIgnoreTheSession(t *testing.T) {
	e := MustServer(t)
	e.svc.CreateOrg(context.Background(), "acme", "Acme")
	ann := e.MustSignIn(t)
	for _, rt := range productCalls {
		body := ""
		if rt.Method == http.MethodPatch {
			body = `{"enforce2fa":true}`
		}
		path := strings.NewReplacer("{slug}", "acme", "{id}", "u1").Replace(rt.Path)
		if got := e.callWithClient(t, ann, rt.Method, path, body); got != http.StatusUnauthorized {
			t.Errorf("%s with a signed-in cookie: %d, want 401", rt, got)
		}
	}
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
				if slices.Contains(nextStep[stage], call.route) {
					continue
				}
				if got := e.callWithClient(t, c, call.route.Method, call.route.Fill("acme"), call.body); got != http.StatusUnauthorized {
					t.Errorf("%s from a session at %s: %d, want 401", call.route, stage, got)
				}
			}
		})
	}
}
