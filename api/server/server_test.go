package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/server"
	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/api/testkit"
)

type env struct {
	url   string
	svc   *identity.Service
	store store.Store
	clock *testkit.Clock
}

const (
	annEmail    = "ann@example.com"
	annPassword = "Correct-Horse-7"
)

// MustServer starts a server over a fresh store with one account, Ann.
func MustServer(tb testing.TB) *env {
	tb.Helper()
	ctx := context.Background()
	st := testkit.MustBolt(tb)
	clk := testkit.NewClock(testkit.Start)
	svc, err := identity.New(ctx, identity.Config{Store: st, Now: clk.Now, Argon2: testkit.FastArgon})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := svc.CreateAccount(ctx, annEmail, annPassword, "Ann"); err != nil {
		tb.Fatal(err)
	}
	srv, err := server.New(ctx, server.Config{Identity: svc, Dev: true})
	if err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	tb.Cleanup(ts.Close)
	return &env{url: ts.URL, svc: svc, store: st, clock: clk}
}

// MustClient returns a typed client with its own cookie jar (a browser).
func (e *env) MustClient(tb testing.TB) *api.Client {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	return api.NewClient(&api.HTTPTransport{BaseURL: e.url, Client: &http.Client{Jar: jar}, UserAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36"})
}

// MustSignIn returns a signed-in client.
func (e *env) MustSignIn(tb testing.TB) *api.Client {
	tb.Helper()
	c := e.MustClient(tb)
	res, err := c.SignInPassword(context.Background(), annEmail, annPassword)
	if err != nil || res.Next != api.NextDone {
		tb.Fatalf("sign in: %+v %v", res, err)
	}
	return c
}

func wantAPIError(tb testing.TB, err error, status int, code string) {
	tb.Helper()
	e, ok := err.(*api.Error)
	if !ok || e.Status != status || e.Code != code {
		tb.Fatalf("error = %#v, want %d %s", err, status, code)
	}
	if e.Message == "" {
		tb.Fatal("error has no message")
	}
}

type rawResponse struct {
	status int
	header http.Header
	body   string
}

// raw sends a request exactly as given, for bad-input tests.
func (e *env) raw(tb testing.TB, method, path, contentType, origin, body string) rawResponse {
	tb.Helper()
	req, _ := http.NewRequest(method, e.url+path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return rawResponse{resp.StatusCode, resp.Header, string(b)}
}

func TestSignIn(t *testing.T) {
	ctx := context.Background()
	e := MustServer(t)
	t.Run("OK", func(t *testing.T) {
		c := e.MustClient(t)
		id, err := c.Identify(ctx, annEmail)
		if err != nil || id.Next != api.NextPassword {
			t.Fatalf("identify: %+v %v", id, err)
		}
		_, err = c.Session(ctx)
		wantAPIError(t, err, 401, api.CodeUnauthenticated)
		res, err := c.SignInPassword(ctx, annEmail, annPassword)
		if err != nil || res.Next != api.NextDone {
			t.Fatalf("sign in: %+v %v", res, err)
		}
		s, err := c.Session(ctx)
		if err != nil || s.Account.Email != annEmail || s.Account.Name != "Ann" || len(s.AMR) != 1 || s.AMR[0] != "pwd" {
			t.Fatalf("session: %+v %v", s, err)
		}
		if !s.AuthenticatedAt.Equal(e.clock.Now()) {
			t.Fatalf("authenticatedAt = %v", s.AuthenticatedAt)
		}
		if err := c.SignOut(ctx); err != nil {
			t.Fatal(err)
		}
		_, err = c.Session(ctx)
		wantAPIError(t, err, 401, api.CodeUnauthenticated)
	})
	t.Run("NoEnumeration", func(t *testing.T) {
		known := e.raw(t, "POST", api.RouteSignInIdentify.Path, "application/json", e.url, `{"email":"ann@example.com"}`)
		unknown := e.raw(t, "POST", api.RouteSignInIdentify.Path, "application/json", e.url, `{"email":"zed@example.com"}`)
		if known.status != 200 || known.status != unknown.status || known.body != unknown.body {
			t.Fatalf("identify differs: %+v vs %+v", known, unknown)
		}
		wrong := e.raw(t, "POST", api.RouteSignInPassword.Path, "application/json", e.url, `{"email":"ann@example.com","password":"Wrong-Horse-7"}`)
		nobody := e.raw(t, "POST", api.RouteSignInPassword.Path, "application/json", e.url, `{"email":"zed@example.com","password":"Wrong-Horse-7"}`)
		if wrong.status != 401 || wrong.status != nobody.status || wrong.body != nobody.body {
			t.Fatalf("password differs: %+v vs %+v", wrong, nobody)
		}
		var body api.ErrorBody
		if err := json.Unmarshal([]byte(wrong.body), &body); err != nil || body.Error.Code != api.CodeInvalidCredentials {
			t.Fatalf("body = %s", wrong.body)
		}
		for _, c := range (&http.Response{Header: wrong.header}).Cookies() {
			if c.Name == "porta" || c.Name == "__Host-porta" {
				t.Fatal("a failed sign-in set a session cookie")
			}
		}
	})
	t.Run("NewCookieEverySignIn", func(t *testing.T) {
		c := e.MustSignIn(t)
		first, _ := c.Session(ctx)
		if _, err := c.SignInPassword(ctx, annEmail, annPassword); err != nil {
			t.Fatal(err)
		}
		second, _ := c.Session(ctx)
		if first.SessionID == second.SessionID {
			t.Fatal("session id was not rotated on sign-in")
		}
	})
}

func TestBadInput(t *testing.T) {
	e := MustServer(t)
	cases := []struct {
		name, method, path, ctype, origin, body string
		status                                  int
		code                                    string
	}{
		{"BadJSON", "POST", api.RouteSignInIdentify.Path, "application/json", "self", `{"email":`, 400, api.CodeInvalidRequest},
		{"Empty", "POST", api.RouteSignInIdentify.Path, "application/json", "self", ``, 400, api.CodeInvalidRequest},
		{"UnknownField", "POST", api.RouteSignInIdentify.Path, "application/json", "self", `{"mail":"a@b.co"}`, 400, api.CodeInvalidRequest},
		{"WrongType", "POST", api.RouteSignInIdentify.Path, "application/json", "self", `{"email":42}`, 400, api.CodeInvalidRequest},
		{"TwoObjects", "POST", api.RouteSignInIdentify.Path, "application/json", "self", `{"email":"a@b.co"}{}`, 400, api.CodeInvalidRequest},
		{"MissingEmail", "POST", api.RouteSignInIdentify.Path, "application/json", "self", `{}`, 400, api.CodeInvalidRequest},
		{"LongEmail", "POST", api.RouteSignInIdentify.Path, "application/json", "self", `{"email":"` + strings.Repeat("a", 300) + `@example.com"}`, 400, api.CodeInvalidRequest},
		{"HugeBody", "POST", api.RouteSignInIdentify.Path, "application/json", "self", `{"email":"` + strings.Repeat("a", 70000) + `"}`, 400, api.CodeInvalidRequest},
		{"MissingPassword", "POST", api.RouteSignInPassword.Path, "application/json", "self", `{"email":"ann@example.com"}`, 400, api.CodeInvalidRequest},
		{"LongPassword", "POST", api.RouteSignInPassword.Path, "application/json", "self", `{"email":"ann@example.com","password":"` + strings.Repeat("x", 5000) + `"}`, 401, api.CodeInvalidCredentials},
		{"FormPost", "POST", api.RouteSignInPassword.Path, "application/x-www-form-urlencoded", "self", `email=a`, 415, api.CodeUnsupportedMediaType},
		{"NoContentType", "POST", api.RouteSignInIdentify.Path, "", "self", `{"email":"a@b.co"}`, 415, api.CodeUnsupportedMediaType},
		{"OtherOrigin", "POST", api.RouteSignInIdentify.Path, "application/json", "https://evil.example", `{"email":"a@b.co"}`, 403, api.CodeForbiddenOrigin},
		{"NoOrigin", "POST", api.RouteSignInPassword.Path, "application/json", "", `{"email":"a@b.co","password":"x"}`, 403, api.CodeForbiddenOrigin},
		{"WrongMethod", "GET", api.RouteSignInPassword.Path, "", "", ``, 405, api.CodeMethodNotAllowed},
		{"UnknownPath", "GET", "/api/nope", "", "", ``, 404, api.CodeNotFound},
		{"NoSession", "GET", api.RouteSessions.Path, "", "", ``, 401, api.CodeUnauthenticated},
		{"NoSessionChange", "POST", api.RouteSignInChangePassword.Path, "application/json", "self", `{"newPassword":"Correct-Horse-8"}`, 401, api.CodeUnauthenticated},
		{"NoSessionDelete", "DELETE", api.RouteSessionRevoke.Fill("abc"), "", "self", ``, 401, api.CodeUnauthenticated},
		{"ForgotBadJSON", "POST", api.RoutePasswordForgot.Path, "application/json", "self", `{"email":[]}`, 400, api.CodeInvalidRequest},
		{"ForgotBadEmail", "POST", api.RoutePasswordForgot.Path, "application/json", "self", `{"email":"nope"}`, 400, api.CodeInvalidRequest},
		{"ResetNoToken", "POST", api.RoutePasswordReset.Path, "application/json", "self", `{"newPassword":"Battery-Staple-9"}`, 400, api.CodeInvalidLink},
		{"ActivateHugeToken", "POST", api.RouteActivationCheck.Path, "application/json", "self", `{"token":"` + strings.Repeat("t", 5000) + `"}`, 400, api.CodeInvalidLink},
		{"InviteNoSession", "POST", api.RouteOrgInvite.Fill("acme"), "application/json", "self", `{"email":"a@b.co"}`, 401, api.CodeUnauthenticated},
		{"UnknownOrg", "GET", api.RouteOrg.Fill("nope"), "", "", ``, 404, api.CodeNotFound},
		{"TOTPNoSession", "POST", api.RouteSignInTOTP.Path, "application/json", "self", `{"code":"123456"}`, 401, api.CodeUnauthenticated},
		{"SMSSendNoSession", "POST", api.RouteSignInSMSSend.Path, "application/json", "self", `{}`, 401, api.CodeUnauthenticated},
		{"FactorsNoSession", "GET", api.RouteFactors.Path, "", "", ``, 401, api.CodeUnauthenticated},
		{"QRNoSession", "GET", api.RouteFactorTOTPQR.Path, "", "", ``, 401, api.CodeUnauthenticated},
		{"RemoveFactorBadJSON", "POST", api.RouteFactorRemove.Path, "application/json", "self", `{"id":`, 401, api.CodeUnauthenticated},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			origin := c.origin
			if origin == "self" {
				origin = e.url
			}
			r := e.raw(t, c.method, c.path, c.ctype, origin, c.body)
			var body api.ErrorBody
			if err := json.Unmarshal([]byte(r.body), &body); err != nil || body.Error == nil {
				t.Fatalf("%d %q is not an error body", r.status, r.body)
			}
			if r.status != c.status || body.Error.Code != c.code || body.Error.Message == "" {
				t.Fatalf("got %d %+v, want %d %s", r.status, body.Error, c.status, c.code)
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := MustServer(t)
	r := e.raw(t, "GET", api.RouteSession.Path, "", "", "")
	h := r.header
	for name, want := range map[string]string{
		"Referrer-Policy":        "no-referrer",
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "no-store",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	csp := h.Get("Content-Security-Policy")
	for _, part := range []string{"script-src 'self' 'wasm-unsafe-eval'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, part) {
			t.Errorf("CSP %q lacks %q", csp, part)
		}
	}
	if h.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS over plain http")
	}
}

func TestAccountSessions(t *testing.T) {
	ctx := context.Background()
	e := MustServer(t)
	laptop, phone, tablet := e.MustSignIn(t), e.MustSignIn(t), e.MustSignIn(t)
	list, err := laptop.Sessions(ctx)
	if err != nil || len(list.Sessions) != 3 {
		t.Fatalf("sessions = %+v %v", list, err)
	}
	var current int
	var phoneID string
	ps, _ := phone.Session(ctx)
	phoneID = ps.SessionID
	for _, s := range list.Sessions {
		if s.Current {
			current++
		}
		if s.Device != "Chrome on Linux" || s.IP != "127.0.0.1" {
			t.Errorf("session view = %+v", s)
		}
	}
	if current != 1 {
		t.Fatalf("%d sessions marked current", current)
	}
	t.Run("RevokeOne", func(t *testing.T) {
		if err := laptop.RevokeSession(ctx, phoneID); err != nil {
			t.Fatal(err)
		}
		_, err := phone.Session(ctx)
		wantAPIError(t, err, 401, api.CodeUnauthenticated)
		wantAPIError(t, laptop.RevokeSession(ctx, phoneID), 404, api.CodeNotFound)
	})
	t.Run("RevokeOthers", func(t *testing.T) {
		res, err := laptop.RevokeOtherSessions(ctx)
		if err != nil || res.Revoked != 1 {
			t.Fatalf("revoke others = %+v %v", res, err)
		}
		_, err = tablet.Session(ctx)
		wantAPIError(t, err, 401, api.CodeUnauthenticated)
		if _, err := laptop.Session(ctx); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ChangePassword", func(t *testing.T) {
		wantAPIError(t, laptop.ChangePassword(ctx, "Wrong-Horse-7", "Battery-Staple-9"), 400, api.CodeWrongPassword)
		err := laptop.ChangePassword(ctx, annPassword, "password")
		wantAPIError(t, err, 400, api.CodeWeakPassword)
		if rules := err.(*api.Error).Rules; len(rules) == 0 {
			t.Fatal("weak password error names no rules")
		}
		if err := laptop.ChangePassword(ctx, annPassword, "Battery-Staple-9"); err != nil {
			t.Fatal(err)
		}
		c := e.MustClient(t)
		_, err = c.SignInPassword(ctx, annEmail, annPassword)
		wantAPIError(t, err, 401, api.CodeInvalidCredentials)
		if _, err := c.SignInPassword(ctx, annEmail, "Battery-Staple-9"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Profile", func(t *testing.T) {
		a, err := laptop.UpdateProfile(ctx, "  Ann   Smith ")
		if err != nil || a.Name != "Ann Smith" {
			t.Fatalf("profile = %+v %v", a, err)
		}
		_, err = laptop.UpdateProfile(ctx, strings.Repeat("n", 101))
		wantAPIError(t, err, 400, api.CodeInvalidRequest)
	})
}

func TestTooManyAttempts(t *testing.T) {
	ctx := context.Background()
	e := MustServer(t)
	c := e.MustClient(t)
	for i := 0; i < identity.DefaultLimits.FreeFailures; i++ {
		_, err := c.SignInPassword(ctx, annEmail, "Wrong-Horse-7")
		wantAPIError(t, err, 401, api.CodeInvalidCredentials)
	}
	r := e.raw(t, "POST", api.RouteSignInPassword.Path, "application/json", e.url, `{"email":"ann@example.com","password":"Correct-Horse-7"}`)
	if r.status != 429 || r.header.Get("Retry-After") != "1" || !strings.Contains(r.body, api.CodeTooManyAttempts) {
		t.Fatalf("got %d %s (Retry-After %q)", r.status, r.body, r.header.Get("Retry-After"))
	}
	e.clock.Advance(time.Second)
	if _, err := c.SignInPassword(ctx, annEmail, annPassword); err != nil {
		t.Fatalf("after waiting: %v", err)
	}
}
