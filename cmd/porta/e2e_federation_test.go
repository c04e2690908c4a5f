package main

import (
	"context"
	"crypto/rand"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

// certifiedIdP is a Porta whose organization Contoso signs its people in
// with oidc-provider, a certified OpenID Provider, run with node at
// localhost while Porta answers at 127.0.0.1.
type certifiedIdP struct {
	porta  *Main
	issuer string // http://localhost:PORT
	start  string // Porta's path that starts a Contoso sign-in
	// misnamed starts a sign-in with Fabrikam, whose provider Porta was
	// given as http://127.0.0.1:PORT: the same server, which says its
	// issuer is localhost.
	misnamed string
}

func mustCertifiedIdP(t *testing.T) certifiedIdP {
	t.Helper()
	ctx := context.Background()
	addr := freeLoopbackAddr(t)
	porta := MustPorta(t, func(c *Config) { c.Addr, c.PublicURL = addr, "http://"+addr })
	idpAddr := freeLoopbackAddr(t)
	issuer := "http://localhost:" + idpAddr[strings.LastIndex(idpAddr, ":")+1:]
	secret := rand.Text()
	startNode(t, "oidc-provider", "idp.mjs", "IDP_ADDR="+idpAddr, "IDP_ISSUER="+issuer,
		"CLIENT_ID=porta", "CLIENT_SECRET="+secret, "REDIRECT_URI=http://"+addr+api.SSOCallbackPath)
	add := func(slug, name, issuer, domain string) api.SSOProviderInfo {
		if _, err := porta.Identity.CreateOrg(ctx, slug, name); err != nil {
			t.Fatal(err)
		}
		p, err := porta.SSO.AddProvider(ctx, slug, api.NewSSOProvider{Preset: api.SSOPresetOIDC, Issuer: issuer,
			Name: name + " ID", ClientID: "porta", ClientSecret: secret, Domains: []string{domain}}, true, "test", identity.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	contoso := add("contoso", "Contoso", issuer, "contoso.test")
	fabrikam := add("fabrikam", "Fabrikam", "http://"+idpAddr, "fabrikam.test")
	return certifiedIdP{porta: porta, issuer: issuer, start: api.SSOStartURL(contoso.ID, ""), misnamed: api.SSOStartURL(fabrikam.ID, "")}
}

// TestBrowserSSOWithCertifiedProvider: the first sign-in through the
// organization's provider makes the account and the membership, a person
// who already has a Porta account is linked to it, and a return that was
// tampered with — another state, another issuer, a code from another
// sign-in — signs nobody in.
func TestBrowserSSOWithCertifiedProvider(t *testing.T) {
	w := mustCertifiedIdP(t)
	bg := context.Background()

	// signInThrough types email at Porta and signs in at the provider's
	// development screens, then consents to Porta.
	signInThrough := func(t *testing.T, email string) context.Context {
		t.Helper()
		ctx := MustBrowser(t)
		open(t, ctx, w.porta.URL()+"/")
		do(t, ctx, chromedp.WaitVisible(chromedp.ID("email")), chromedp.SendKeys(chromedp.ID("email"), email),
			chromedp.Click(chromedp.CSS(`form button[type=submit]`)))
		waitPath(t, ctx, api.SSOScreen)
		clickText(t, ctx, "Continue with Contoso ID")
		waitHost(t, ctx, strings.TrimPrefix(w.issuer, "http://"))
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`input[name=login]`)),
			chromedp.SendKeys(chromedp.CSS(`input[name=login]`), email),
			chromedp.SendKeys(chromedp.CSS(`input[name=password]`), "anything"),
			chromedp.Click(chromedp.CSS(`button[type=submit]`)))
		waitText(t, ctx, "Authorize")
		clickText(t, ctx, "Continue")
		waitHost(t, ctx, strings.TrimPrefix(w.porta.URL(), "http://"))
		return ctx
	}

	t.Run("FirstSignInMakesTheAccount", func(t *testing.T) {
		ctx := signInThrough(t, "ann@contoso.test")
		waitPath(t, ctx, "/account")
		waitText(t, ctx, "Contoso · ann@contoso.test · last used")
		acct, err := w.porta.Store.GetAccountByEmail(bg, "ann@contoso.test")
		if err != nil {
			t.Fatalf("no account after the first sign-in: %v", err)
		}
		ms, err := w.porta.Store.ListMembershipsByAccount(bg, acct.ID)
		if err != nil || len(ms) != 1 || ms[0].Role != api.RoleMember {
			t.Fatalf("memberships %+v, %v; want member of contoso", ms, err)
		}
		// The second time is the same account.
		signInThrough(t, "ann@contoso.test")
		if again, err := w.porta.Store.GetAccountByEmail(bg, "ann@contoso.test"); err != nil || again.ID != acct.ID {
			t.Fatalf("second sign-in: account %+v, %v; want %s", again, err, acct.ID)
		}
	})

	t.Run("ExistingAccountIsLinked", func(t *testing.T) {
		MustAccount(t, w.porta, "bo@contoso.test", "Bo-Porta-Password-1")
		before := mustAccountID(t, w.porta, "bo@contoso.test")
		ctx := signInThrough(t, "bo@contoso.test")
		waitPath(t, ctx, "/account")
		waitText(t, ctx, "Contoso · bo@contoso.test · last used")
		if after := mustAccountID(t, w.porta, "bo@contoso.test"); after != before {
			t.Fatalf("account %s after SSO, want the existing %s", after, before)
		}
	})

	t.Run("TamperedReturnsAreRefused", func(t *testing.T) {
		b := newIdPTrips(t, w)
		other := b.toCallback(t, "dan@contoso.test") // another sign-in, stopped at its callback
		// Each case is a fresh sign-in of this browser's, whose return
		// is changed before Porta sees it.
		tampered := func(key, value string) string {
			q := b.toCallback(t, "dan@contoso.test").Query()
			q.Set(key, value)
			return api.SSOCallbackPath + "?" + q.Encode()
		}
		for _, tc := range []struct{ name, key, value, want string }{
			{"another state", "state", other.Query().Get("state"), api.SSOErrState},
			{"another issuer", "iss", "http://127.0.0.1:9", api.SSOErrToken},
			{"another sign-in's code", "code", other.Query().Get("code"), api.SSOErrToken},
		} {
			if q := b.land(t, tampered(tc.key, tc.value)); q.Get(api.ErrorParam) != tc.want {
				t.Errorf("%s: landed with %v, want %s", tc.name, q, tc.want)
			}
		}
		if _, err := w.porta.Store.GetAccountByEmail(bg, "dan@contoso.test"); err == nil {
			t.Error("a tampered return made an account")
		}
		// A provider whose discovery names another issuer than the one
		// Porta was given is not used at all.
		if q := b.land(t, w.misnamed); q.Get(api.ErrorParam) != api.SSOErrUnavailable {
			t.Errorf("a provider naming another issuer: landed with %v, want %s", q, api.SSOErrUnavailable)
		}
		// An untouched return signs in: the refusals were for what was
		// changed.
		if q := b.land(t, b.toCallback(t, "dan@contoso.test").RequestURI()); q.Get(api.SSONextParam) != api.NextDone {
			t.Fatalf("an untouched return landed with %v, want next=done", q)
		}
	})
}

// idpTrips is a plain HTTP browser going through the provider's forms,
// for the returns a test wants to change before Porta sees them.
type idpTrips struct {
	w    certifiedIdP
	http *http.Client
}

func newIdPTrips(t *testing.T, w certifiedIdP) idpTrips {
	jar, _ := cookiejar.New(nil)
	return idpTrips{w: w, http: &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if r.URL.Path == api.SSOCallbackPath || r.URL.Path == api.SSOScreen {
			return http.ErrUseLastResponse
		}
		return nil
	}}}
}

var formAction = regexp.MustCompile(`action="([^"]+)"`)

// toCallback starts a sign-in at Porta, signs in as email at the provider
// and consents where it asks, and returns the callback the provider sends
// back, unvisited.
func (b idpTrips) toCallback(t *testing.T, email string) *url.URL {
	t.Helper()
	resp, err := b.http.Get(b.w.porta.URL() + b.w.start)
	for range 3 {
		if err != nil {
			t.Fatal(err)
		}
		if loc, _ := url.Parse(resp.Header.Get("Location")); loc != nil && loc.Path == api.SSOCallbackPath {
			resp.Body.Close()
			return loc
		}
		page := new(strings.Builder)
		_, err = io.Copy(page, resp.Body)
		resp.Body.Close()
		m := formAction.FindStringSubmatch(page.String())
		if err != nil || m == nil {
			t.Fatalf("no form at %s: %v\n%s", resp.Request.URL, err, page)
		}
		action, err := resp.Request.URL.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"prompt": {"consent"}}
		if strings.Contains(page.String(), `name="login"`) {
			form = url.Values{"prompt": {"login"}, "login": {email}, "password": {"anything"}}
		}
		resp, err = b.http.PostForm(action.String(), form)
	}
	t.Fatalf("the provider never sent the browser back to Porta")
	return nil
}

// land visits path on Porta and returns where it landed on api.SSOScreen.
func (b idpTrips) land(t *testing.T, path string) url.Values {
	t.Helper()
	resp, err := b.http.Get(b.w.porta.URL() + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Path != api.SSOScreen {
		t.Fatalf("GET %s ended at %d %q, want %s", path, resp.StatusCode, resp.Header.Get("Location"), api.SSOScreen)
	}
	return loc.Query()
}
