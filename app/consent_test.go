package app

import (
	"strings"
	"testing"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

func TestConsentPage(t *testing.T) {
	session := api.RouteSession.String()
	consent := "POST " + api.RouteAuthRequestConsent.Fill("r1")
	open := func(t *testing.T, replies map[string]reply) (*consentPage, *fakeAPI) {
		t.Helper()
		f := useAPI(t, replies)
		p := newConsentPage()
		MustRender(t, at(api.ConsentScreen+"?request=r1", p.OnMount))
		return p, f
	}
	t.Run("OK", func(t *testing.T) {
		for _, allow := range []bool{true, false} {
			p, f := open(t, map[string]reply{
				session:     {200, `{"account":{"id":"a1","email":"ann@example.com"}}`},
				requestInfo: {200, requestInfoBody},
				consent:     {200, `{"url":"https://crm.example/callback?code=c"}`},
			})
			assertContains(t, ga.HTMLString(p),
				"<h1>Allow Acme CRM to use your account?</h1>", "ann@example.com", `href="/?request=r1"`,
				"Acme CRM will see:", "<li>Your Porta account ID</li>", "<li>Your email address</li>", "<li>Your name</li>",
				"<li>Your organizations and roles</li>", "<li>Stay signed in when you are away</li>", "<li>Your role in acme</li>",
				">Allow<", ">Cancel<")
			urls := loadedPages(t)
			MustRender(t, &harness{f: func(ctx ga.Context) { p.reply(ctx, allow) }})
			want := `{"allow":false}`
			if allow {
				want = `{"allow":true}`
			}
			if got := f.got[consent]; got != want {
				t.Errorf("sent %s, want %s", got, want)
			}
			if strings.Join(*urls, " ") != "https://crm.example/callback?code=c" {
				t.Errorf("loaded %q", *urls)
			}
		}
	})
	t.Run("ErrNotSignedIn", func(t *testing.T) {
		p, f := open(t, map[string]reply{session: apiErr(401, api.CodeUnauthenticated, "Sign in first.")})
		if !p.ask.signIn || signInFor("r1") != "/?request=r1" {
			t.Errorf("not sent to sign in for the request: %+v", p.ask)
		}
		if _, asked := f.got[requestInfo]; asked {
			t.Error("asked for the request without a session")
		}
	})
	t.Run("ErrSessionEndedBeforeTheAnswer", func(t *testing.T) {
		p, _ := open(t, map[string]reply{
			session:     {200, `{"account":{"id":"a1","email":"ann@example.com"}}`},
			requestInfo: {200, requestInfoBody},
			consent:     apiErr(401, api.CodeUnauthenticated, "Sign in first."),
		})
		urls := loadedPages(t)
		MustRender(t, &harness{f: func(ctx ga.Context) { p.reply(ctx, true) }})
		if strings.Join(*urls, " ") != "/?request=r1" {
			t.Errorf("loaded %q, want sign-in for the request", *urls)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		p, _ := open(t, map[string]reply{
			session:     {200, `{"account":{"id":"a1","email":"ann@example.com"}}`},
			requestInfo: apiErr(404, api.CodeNotFound, "server text"),
		})
		assertContains(t, ga.HTMLString(p), esc(tr(msgRequestErrorTitle)), esc(tr(msgRequestExpired)), `<a href="/account">`)
	})
}

func TestSignInErrorPage(t *testing.T) {
	for code, want := range map[string]msg{
		"unknown_client":       msgRequestUnknownClient,
		"invalid_redirect_uri": msgRequestBadRedirect,
		"expired_request":      msgRequestExpired,
		"invalid_request":      msgRequestInvalid,
		"":                     msgRequestInvalid,
	} {
		t.Run(code, func(t *testing.T) {
			p := newSignInErrorPage()
			MustRender(t, at(api.ErrorScreen+"?error="+code, p.OnNav))
			assertContains(t, ga.HTMLString(p), "<h1>This sign-in link doesn&#39;t work</h1>", esc(tr(want)), `<a href="/account">Go to your Porta account</a>`)
		})
	}
	if PathConsent != api.ConsentScreen || PathSignInError != api.ErrorScreen || PathSignIn != api.SignInScreen {
		t.Error("the screens' paths differ from the contract's")
	}
}
