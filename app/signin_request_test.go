package app

import (
	"context"
	"strings"
	"testing"
	"time"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

const requestInfoBody = `{"id":"r1","client":"Acme CRM","scopes":["openid","email","profile","orgs","offline_access","org:acme"],` +
	`"loginHint":"ann@example.com","continueUrl":"/oidc/continue?request=r1"}`

var requestInfo = "GET " + api.RouteAuthRequest.Fill("r1")

// loadedPages records what loadPage was asked to open, instead of leaving.
func loadedPages(t *testing.T) *[]string {
	t.Helper()
	old := loadPage
	t.Cleanup(func() { loadPage = old })
	var urls []string
	loadPage = func(_ ga.Context, u string) { urls = append(urls, u) }
	return &urls
}

// MustOpenRequest opens the sign-in page at /?request=r1 with the API
// answering the request info with reply, and returns the page and its
// context (whose storage outlives the render).
func MustOpenRequest(t *testing.T, r reply) (*signInPage, ga.Context) {
	t.Helper()
	useAPI(t, map[string]reply{requestInfo: r})
	p := newSignInPage()
	var c ga.Context
	MustRender(t, at("/?request=r1", func(ctx ga.Context) { c = ctx; p.OnMount(ctx) }))
	return p, c
}

func TestSignInRequest(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p, ctx := MustOpenRequest(t, reply{200, requestInfoBody})
		assertContains(t, MustRender(t, p), "<h1>Sign in</h1>", "Sign in to continue to Acme CRM.", `<label for="email">Email</label>`)
		if p.pending.hint != "ann@example.com" {
			t.Errorf("hint %q", p.pending.hint)
		}
		for _, s := range []ga.BrowserStorage{ctx.SessionStorage(), ctx.LocalStorage()} {
			var r pendingRequest
			if s.Get(keyPendingRequest, &r); r.ID != "r1" || r.Client != "Acme CRM" || r.URL != "/oidc/continue?request=r1" || time.Since(r.Saved) > time.Minute {
				t.Errorf("remembered %+v", r)
			}
		}
	})
	t.Run("RememberedBeforeTheAnswer", func(t *testing.T) {
		_, ctx := MustOpenRequest(t, reply{0, ""})
		if r, ok := rememberedRequest(ctx); !ok || r.URL != api.ContinueURL("r1") {
			t.Errorf("remembered %+v %v, want the continue address without the server's answer", r, ok)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		p, ctx := MustOpenRequest(t, apiErr(404, api.CodeNotFound, "server text"))
		html := ga.HTMLString(p)
		assertContains(t, html, esc(tr(msgRequestErrorTitle)), esc(tr(msgRequestExpired)), `<a href="/account">`)
		if strings.Contains(html, "<form") {
			t.Errorf("an expired request shows the form:\n%s", html)
		}
		if _, ok := rememberedRequest(ctx); ok {
			t.Error("an expired request stays remembered")
		}
	})
	t.Run("RememberedFromAnotherScreen", func(t *testing.T) {
		p := newSignInPage()
		MustRender(t, &harness{f: func(ctx ga.Context) {
			ctx.LocalStorage().Set(keyPendingRequest, pendingRequest{ID: "r1", Client: "Acme CRM", URL: "/oidc/continue?request=r1", Saved: time.Now()})
			p.OnMount(ctx)
		}})
		assertContains(t, MustRender(t, p), "Sign in to continue to Acme CRM.")
	})
	t.Run("HintKeepsWhatWasTyped", func(t *testing.T) {
		f := &signInForm{Hint: "ann@example.com", email: "remembered@example.com"}
		on(t, f.OnUpdate)
		if f.email != "ann@example.com" {
			t.Errorf("email %q, want the hint", f.email)
		}
		f = &signInForm{Hint: "ann@example.com", email: "bob@example.com", typed: true}
		on(t, f.OnUpdate)
		if f.email != "bob@example.com" {
			t.Errorf("email %q, want what was typed", f.email)
		}
	})
}

func TestFinishSignIn(t *testing.T) {
	saved := func(ctx ga.Context, s ga.BrowserStorage, age time.Duration) {
		s.Set(keyPendingRequest, pendingRequest{ID: "r1", URL: "/oidc/continue?request=r1", Saved: time.Now().Add(-age)})
	}
	for _, tc := range []struct {
		name  string
		store func(ga.Context)
		want  string
	}{
		{"ThisTab", func(ctx ga.Context) { saved(ctx, ctx.SessionStorage(), time.Minute) }, "/oidc/continue?request=r1"},
		{"EmailedLinkTab", func(ctx ga.Context) { saved(ctx, ctx.LocalStorage(), 29*time.Minute) }, "/oidc/continue?request=r1"},
		{"ErrTooOld", func(ctx ga.Context) { saved(ctx, ctx.LocalStorage(), 31*time.Minute) }, ""},
		{"ErrNone", func(ga.Context) {}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			urls := loadedPages(t)
			on(t, func(ctx ga.Context) {
				tc.store(ctx)
				finishSignIn(ctx)
				finishSignIn(ctx)
			})
			want := []string{}
			if tc.want != "" {
				want = []string{tc.want}
			}
			if strings.Join(*urls, " ") != strings.Join(want, " ") {
				t.Errorf("loaded %q, want %q once, then the account page", *urls, want)
			}
		})
	}
	t.Run("ErrNotTheContinueAddress", func(t *testing.T) {
		urls := loadedPages(t)
		on(t, func(ctx ga.Context) {
			rememberRequest(ctx, pendingRequest{ID: "r 1", URL: "https://evil.example/"})
			finishSignIn(ctx)
		})
		if strings.Join(*urls, " ") != "/oidc/continue?request=r+1" {
			t.Errorf("loaded %q", *urls)
		}
	})
}

// TestSignInFlowsContinueTheRequest runs the end of each sign-in flow with
// a request remembered: each goes back to the product, once.
func TestSignInFlowsContinueTheRequest(t *testing.T) {
	done := reply{200, `{"next":"done"}`}
	strong := func(pw *newPassword) { pw.next, pw.confirm = "Tr0ub4dor&3", "Tr0ub4dor&3" }
	for _, tc := range []struct {
		name  string
		route api.Route
		step  func(ga.Context)
	}{
		{"Password", api.RouteSignInPassword.Route, func(ctx ga.Context) {
			(&passwordPage{email: "ann@example.com"}).signIn(ctx, "Tr0ub4dor&3")
		}},
		{"ForcedPasswordChange", api.RouteSignInChangePassword.Route, func(ctx ga.Context) {
			p := &changePasswordPage{email: "ann@example.com"}
			strong(&p.pw)
			p.submit(ctx, submitEvent)
		}},
		{"SecondStep", api.RouteSignInTOTP.Route, func(ctx ga.Context) {
			signInStep(ctx, &call{}, func(c *api.Client, cx context.Context) (api.SignInResponse, error) {
				return c.SignInTOTP(cx, api.SecondFactorRequest{Code: "123456"})
			}, codeMsgs)
		}},
		{"EmergencyCodeStored", api.RouteSignInEmergencyAck.Route, func(ctx ga.Context) {
			(&newCodePage{}).submit(ctx, submitEvent)
		}},
		{"RequiredSetup", api.RouteSignInSetupComplete.Route, func(ctx ga.Context) {
			(&setupPage{required: true}).finish(ctx, submitEvent)
		}},
		{"Activation", api.RouteActivation.Route, func(ctx ga.Context) {
			p := &activatePage{}
			p.link.token, p.link.info.Email = "t", "ann@example.com"
			strong(&p.link.pw)
			p.submit(ctx, submitEvent)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := useAPI(t, map[string]reply{tc.route.String(): done})
			urls := loadedPages(t)
			var c ga.Context
			on(t, func(ctx ga.Context) {
				c = ctx
				rememberRequest(ctx, pendingRequest{ID: "r1", URL: "/oidc/continue?request=r1"})
				tc.step(ctx)
			})
			if _, sent := f.got[tc.route.String()]; !sent {
				t.Fatalf("the flow did not call %s", tc.route)
			}
			if strings.Join(*urls, " ") != "/oidc/continue?request=r1" {
				t.Errorf("loaded %q, want the continue address", *urls)
			}
			if _, ok := rememberedRequest(c); ok {
				t.Error("the request stays remembered once used")
			}
		})
	}
}
