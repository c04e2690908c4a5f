package app

import (
	"reflect"
	"strings"
	"testing"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

func TestSignInWithOrganizationSSO(t *testing.T) {
	identify := api.RouteSignInIdentify.String()
	t.Run("IdentifyOffersTheProviders", func(t *testing.T) {
		useAPI(t, map[string]reply{identify: {200, `{"next":"sso","providers":[{"id":"p1","name":"Acme Entra"}]}`}})
		f := &signInForm{}
		var c ga.Context
		MustRender(t, &harness{f: func(ctx ga.Context) { c = ctx; f.identify(ctx, "ann@acme.test") }})
		var providers []api.SSOProvider
		c.SessionStorage().Get(keySSOProviders, &providers)
		if len(providers) != 1 || providers[0].Name != "Acme Entra" || stored(c.SessionStorage(), keySignInEmail) != "ann@acme.test" {
			t.Errorf("the SSO screen would not know the providers or the email: %+v", providers)
		}
		if f.req.err != "" {
			t.Errorf("the form shows %q", f.req.err)
		}
	})
	t.Run("SSOWithoutProviders", func(t *testing.T) {
		useAPI(t, map[string]reply{identify: {200, `{"next":"sso"}`}})
		f := &signInForm{}
		MustRender(t, &harness{f: func(ctx ga.Context) { f.identify(ctx, "ann@acme.test") }})
		if f.req.err != tr(msgUnexpected) {
			t.Errorf("an SSO answer naming no provider shows %q", f.req.err)
		}
	})
	t.Run("ContinueWith", func(t *testing.T) {
		useAPI(t, nil)
		urls := loadedPages(t)
		p := newSSOPage()
		var c ga.Context
		MustRender(t, at(api.SSOScreen, func(ctx ga.Context) {
			c = ctx
			ctx.SessionStorage().Set(keySignInEmail, "ann@acme.test")
			ctx.SessionStorage().Set(keySSOProviders, []api.SSOProvider{{ID: "p1", Name: "Acme Entra"}, {ID: "p2", Name: "Google"}})
			rememberRequest(ctx, pendingRequest{ID: "r1", Client: "Acme CRM"})
			p.OnMount(ctx)
		}))
		html := ga.HTMLString(p)
		assertContains(t, html, "<h1>Continue with your organization</h1>", "ann@acme.test", ">Continue with Acme Entra<", ">Continue with Google<", `href="/"`)
		if strings.Contains(html, `type="password"`) {
			t.Errorf("the SSO screen asks for a password:\n%s", html)
		}
		p.leaveFor(c, "p2")
		if got := strings.Join(*urls, " "); got != "/sso/p2/start?request=r1" {
			t.Errorf("went to %q, want the provider's start with the product's request", got)
		}
		assertContains(t, ga.HTMLString(p), "Taking you to Google…", "disabled")
	})
	t.Run("NoProviders", func(t *testing.T) {
		useAPI(t, nil)
		urls := loadedPages(t)
		p := newSSOPage()
		MustRender(t, at(api.SSOScreen, p.OnMount))
		MustRender(t, &harness{f: func(ctx ga.Context) { p.leaveFor(ctx, "p1") }})
		if len(*urls) != 0 {
			t.Errorf("left for %q without a provider identify named", *urls)
		}
	})
	t.Run("BackWithASecondStep", func(t *testing.T) {
		useAPI(t, nil)
		p := newSSOPage()
		var c ga.Context
		MustRender(t, at(api.SSOScreen+"?next=second_factor&methods=totp,sms&default=sms&remember=2592000&request=r9", func(ctx ga.Context) { c = ctx; p.OnMount(ctx) }))
		var res api.SignInResponse
		c.SessionStorage().Get(keySecondFactor, &res)
		want := api.SignInResponse{Next: api.NextSecondFactor, Methods: []string{"totp", "sms"}, Default: "sms", CanRememberDevice: true, RememberDeviceSeconds: 2592000}
		if !reflect.DeepEqual(res, want) {
			t.Errorf("the second step's screen gets %+v, want %+v", res, want)
		}
		if r, ok := rememberedRequest(c); !ok || r.ID != "r9" {
			t.Errorf("the product's request is not remembered: %+v", r)
		}
	})
	t.Run("BackDone", func(t *testing.T) {
		useAPI(t, nil)
		urls := loadedPages(t)
		p := newSSOPage()
		MustRender(t, at(api.SSOScreen+"?next=done&request=r9", p.OnMount))
		if got := strings.Join(*urls, " "); got != api.ContinueURL("r9") {
			t.Errorf("went to %q, want back to the product's request", got)
		}
	})
	t.Run("BackWithAStepTheAppDoesNotKnow", func(t *testing.T) {
		useAPI(t, nil)
		p := newSSOPage()
		MustRender(t, at(api.SSOScreen+"?next=dance", p.OnMount))
		assertContains(t, ga.HTMLString(p), `role="alert"`, esc(tr(msgUnexpected)), ">Sign in again<")
	})
	for code, m := range map[string]msg{api.SSOErrState: msgSSOErrState, api.SSOErrEmail: msgSSOErrEmail, "made_up": msgSSOErrDenied} {
		t.Run("Failed/"+code, func(t *testing.T) {
			useAPI(t, nil)
			p := newSSOPage()
			MustRender(t, at(api.SSOScreen+"?error="+code, p.OnMount))
			assertContains(t, ga.HTMLString(p), "<h1>You&#39;re not signed in</h1>", `role="alert"`, esc(tr(m)), `href="/"`, ">Back to sign in<")
		})
	}
}

func TestLinkedProvidersSection(t *testing.T) {
	useAPI(t, map[string]reply{"GET " + api.RouteLinkedProviders.Fill(): {200, `{"providers":[{"providerId":"p1","name":"Acme Entra","org":"Acme","email":"ann@acme.test","linkedAt":"2026-11-02T09:00:00Z"}]}`}})
	s := &linkedProvidersSection{}
	MustRender(t, &harness{f: s.OnMount})
	assertContains(t, ga.HTMLString(s), ">Organization sign-in<", ">Acme Entra<", "Acme · ann@acme.test · linked ")

	useAPI(t, map[string]reply{"GET " + api.RouteLinkedProviders.Fill(): {200, `{"providers":[]}`}})
	s = &linkedProvidersSection{}
	MustRender(t, &harness{f: s.OnMount})
	if html := ga.HTMLString(s); strings.Contains(html, "Organization sign-in") {
		t.Errorf("an account without linked providers shows the section:\n%s", html)
	}
}
