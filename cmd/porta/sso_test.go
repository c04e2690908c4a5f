package main

import (
	"context"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/oidcop"
	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/api/testkit"
)

// ssoWorld is a Porta whose organization Contoso signs its people in with
// its own identity provider — another Porta, a real OpenID Provider. The
// two answer on different host names (127.0.0.1 and localhost) so their
// cookies stay apart, as two sites' would.
type ssoWorld struct {
	porta, idp *Main
	provider   api.SSOProviderInfo
}

const (
	ssoOrg      = "contoso"
	ssoDomain   = "contoso.test"
	ssoPassword = "Contoso-IdP-2026!"
)

func mustSSOWorld(t *testing.T, provider func(*api.NewSSOProvider)) ssoWorld {
	t.Helper()
	ctx := context.Background()
	idp := MustPorta(t) // issuer http://localhost:PORT
	addr := freeLoopbackAddr(t)
	porta := MustPorta(t, func(c *Config) { c.Addr, c.PublicURL = addr, "http://"+addr })
	client, secret, err := idp.OpenID.CreateClient(ctx, oidcop.NewClient{
		Name: "Porta", RedirectURIs: []string{"http://" + addr + api.SSOCallbackPath}, FirstParty: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := porta.Identity.CreateOrg(ctx, ssoOrg, "Contoso"); err != nil {
		t.Fatal(err)
	}
	n := api.NewSSOProvider{Preset: api.SSOPresetOIDC, Issuer: issuerOf(t, idp), Name: "Contoso ID",
		ClientID: client.ID, ClientSecret: secret, Domains: []string{ssoDomain}}
	if provider != nil {
		provider(&n)
	}
	p, err := porta.SSO.AddProvider(ctx, ssoOrg, n, true, "test", identity.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	return ssoWorld{porta: porta, idp: idp, provider: p}
}

// freeLoopbackAddr is a 127.0.0.1 address nothing listens on, for a
// server whose public URL must be known before it starts.
func freeLoopbackAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// idpAccount makes a person at the identity provider, whose email it
// vouches for.
func (w ssoWorld) idpAccount(t *testing.T, email string) {
	t.Helper()
	ctx := context.Background()
	a, err := w.idp.Identity.CreateAccount(ctx, email, ssoPassword, "Person of "+email)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.idp.Store.UpdateAccount(ctx, a.ID, func(a store.Account) (store.Account, error) {
		a.EmailVerified = true
		return a, nil
	}); err != nil {
		t.Fatal(err)
	}
}

// mustTOTP turns on the authenticator app for c's signed-in account,
// confirmed with the code of now, and returns its key.
func mustTOTP(t *testing.T, c *api.Client, now time.Time) string {
	t.Helper()
	setup, err := c.StartTOTP(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ConfirmTOTP(context.Background(), testkit.MustCode(t, setup.Key, now)); err != nil {
		t.Fatal(err)
	}
	return setup.Key
}

// mustAccountWithTOTP makes an account with email and password and the
// authenticator app on, and returns the app's key. The step of m's clock
// now is spent on the confirming code: sign in with the next one.
func mustAccountWithTOTP(t *testing.T, m *Main, email, password string) string {
	t.Helper()
	MustAccount(t, m, email, password)
	own := MustAPIClient(t, m, "test")
	if _, err := own.SignInPassword(context.Background(), email, password); err != nil {
		t.Fatal(err)
	}
	return mustTOTP(t, own, m.Identity.Now())
}

// ssoBrowser is a browser's cookies and its way through redirects, which
// stop where the sign-in goes on in Porta's app.
type ssoBrowser struct {
	http  *http.Client
	porta *api.Client // Porta's API with the same cookies
	idp   *api.Client
}

func (w ssoWorld) browser(t *testing.T) ssoBrowser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	h := &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if r.URL.Path == api.SSOScreen {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	return ssoBrowser{
		http:  h,
		porta: api.NewClient(&api.HTTPTransport{BaseURL: w.porta.URL(), Client: &http.Client{Jar: jar}}),
		idp:   api.NewClient(&api.HTTPTransport{BaseURL: strings.TrimRight(issuerOf(t, w.idp), "/"), Client: &http.Client{Jar: jar}}),
	}
}

// signInAtIdP signs the browser in at the identity provider.
func (b ssoBrowser) signInAtIdP(t *testing.T, email string) {
	t.Helper()
	res, err := b.idp.SignInPassword(context.Background(), email, ssoPassword)
	if err != nil || res.Next != api.NextDone {
		t.Fatalf("sign in at the identity provider: %+v, %v", res, err)
	}
}

// trip follows path on Porta through the identity provider and back, and
// returns where it landed on api.SSOScreen.
func (b ssoBrowser) trip(t *testing.T, w ssoWorld, path string) url.Values {
	t.Helper()
	resp, err := b.http.Get(w.porta.URL() + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusSeeOther || loc.Path != api.SSOScreen {
		t.Fatalf("GET %s ended at %d %q, want a redirect to %s", path, resp.StatusCode, resp.Header.Get("Location"), api.SSOScreen)
	}
	return loc.Query()
}

func TestOrganizationSSO(t *testing.T) {
	ctx := context.Background()
	w := mustSSOWorld(t, nil)
	start := api.SSOStartURL(w.provider.ID, "")

	t.Run("IdentifyOffersTheProvider", func(t *testing.T) {
		c := MustAPIClient(t, w.porta, "test")
		for _, email := range []string{"nobody@contoso.test", "Ann@CONTOSO.test"} {
			res, err := c.Identify(ctx, email)
			if err != nil || res.Next != api.NextSSO || len(res.Providers) != 1 || res.Providers[0] != (api.SSOProvider{ID: w.provider.ID, Name: "Contoso ID"}) {
				t.Fatalf("identify %s: %+v, %v; want sso with Contoso ID", email, res, err)
			}
		}
		if res, err := c.Identify(ctx, "ann@elsewhere.test"); err != nil || res.Next != api.NextPassword || res.Providers != nil {
			t.Fatalf("identify outside the domain: %+v, %v; want password", res, err)
		}
	})

	t.Run("NewPersonGetsAnAccountAndTheMembership", func(t *testing.T) {
		w.idpAccount(t, "ann@contoso.test")
		b := w.browser(t)
		b.signInAtIdP(t, "ann@contoso.test")
		if q := b.trip(t, w, start); q.Get(api.SSONextParam) != api.NextDone || q.Get(api.ErrorParam) != "" {
			t.Fatalf("landed with %v, want next=done", q)
		}
		s, err := b.porta.Session(ctx)
		if err != nil || s.Account.Email != "ann@contoso.test" {
			t.Fatalf("session after SSO: %+v, %v", s.Account, err)
		}
		orgs, err := b.porta.AccountOrgs(ctx)
		if err != nil || len(orgs.Orgs) != 1 || orgs.Orgs[0].Org.Slug != ssoOrg || orgs.Orgs[0].Role != api.RoleMember {
			t.Fatalf("organizations after SSO: %+v, %v; want member of contoso", orgs, err)
		}
		linked, err := b.porta.LinkedProviders(ctx)
		if err != nil || len(linked.Providers) != 1 || linked.Providers[0].Name != "Contoso ID" || linked.Providers[0].Org != "Contoso" {
			t.Fatalf("linked providers: %+v, %v", linked, err)
		}
		// The same person again is the same account.
		again := w.browser(t)
		again.signInAtIdP(t, "ann@contoso.test")
		again.trip(t, w, start)
		if s2, err := again.porta.Session(ctx); err != nil || s2.Account.ID != s.Account.ID {
			t.Fatalf("second SSO sign-in: %+v, %v; want account %s", s2.Account, err, s.Account.ID)
		}
	})

	t.Run("ExistingAccountIsLinked", func(t *testing.T) {
		MustAccount(t, w.porta, "bo@contoso.test", "Bo-Porta-Password-1")
		w.idpAccount(t, "bo@contoso.test")
		b := w.browser(t)
		b.signInAtIdP(t, "bo@contoso.test")
		b.trip(t, w, start)
		s, err := b.porta.Session(ctx)
		if err != nil || s.Account.Email != "bo@contoso.test" {
			t.Fatalf("session: %+v, %v", s.Account, err)
		}
		// The password still works too.
		if res, err := MustAPIClient(t, w.porta, "test").SignInPassword(ctx, "bo@contoso.test", "Bo-Porta-Password-1"); err != nil || res.Next == "" {
			t.Fatalf("password sign-in after linking: %v", err)
		}
	})

	t.Run("PortaStillAsksItsSecondStep", func(t *testing.T) {
		key := mustAccountWithTOTP(t, w.porta, "cy@contoso.test", "Cy-Porta-Password-1")
		w.idpAccount(t, "cy@contoso.test")
		b := w.browser(t)
		b.signInAtIdP(t, "cy@contoso.test")
		q := b.trip(t, w, start)
		if q.Get(api.SSONextParam) != api.NextSecondFactor || !strings.Contains(q.Get(api.SSOMethodsParam), api.MethodTOTP) {
			t.Fatalf("landed with %v, want the second step with the authenticator app", q)
		}
		if _, err := b.porta.Session(ctx); api.ErrorCode(err) != api.CodeUnauthenticated {
			t.Fatalf("session before the second step: %v, want unauthenticated", err)
		}
		res, err := b.porta.SignInTOTP(ctx, api.SecondFactorRequest{Code: testkit.MustCode(t, key, w.porta.Identity.Now().Add(30*time.Second))}) // the next step: the confirming code is spent
		if err != nil || res.Next != api.NextDone {
			t.Fatalf("second step after SSO: %+v, %v", res, err)
		}
	})

	t.Run("EmailOutsideTheDomainsIsRefused", func(t *testing.T) {
		w.idpAccount(t, "eve@elsewhere.test")
		b := w.browser(t)
		b.signInAtIdP(t, "eve@elsewhere.test")
		if q := b.trip(t, w, start); q.Get(api.ErrorParam) != api.SSOErrEmail {
			t.Fatalf("landed with %v, want %s", q, api.SSOErrEmail)
		}
		if _, err := b.porta.Session(ctx); api.ErrorCode(err) != api.CodeUnauthenticated {
			t.Fatalf("session: %v, want none", err)
		}
		if _, err := w.porta.Store.GetAccountByEmail(ctx, "eve@elsewhere.test"); err == nil {
			t.Fatal("an account was made for an address outside the provider's domains")
		}
	})

	t.Run("ReturnNotStartedHereIsRefused", func(t *testing.T) {
		w.idpAccount(t, "dan@contoso.test")
		victim := w.browser(t)
		victim.signInAtIdP(t, "dan@contoso.test")
		// An attacker's own trip to the provider, stopped at the callback,
		// handed to another browser (login CSRF), or replayed.
		attacker := w.browser(t)
		attacker.signInAtIdP(t, "dan@contoso.test")
		attacker.http.CheckRedirect = func(r *http.Request, _ []*http.Request) error {
			if r.URL.Path == api.SSOCallbackPath {
				return http.ErrUseLastResponse
			}
			return nil
		}
		resp, err := attacker.http.Get(w.porta.URL() + start)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		callback := resp.Header.Get("Location")
		if !strings.Contains(callback, api.SSOCallbackPath+"?") {
			t.Fatalf("the trip stopped at %q, want the callback", callback)
		}
		path := strings.TrimPrefix(callback, "http://"+w.porta.Config.Addr)
		if q := victim.trip(t, w, path); q.Get(api.ErrorParam) != api.SSOErrState {
			t.Fatalf("another browser's callback: %v, want %s", q, api.SSOErrState)
		}
		if q := w.browser(t).trip(t, w, api.SSOCallbackPath+"?code=x&state=y"); q.Get(api.ErrorParam) != api.SSOErrState {
			t.Fatalf("a callback without a flow: %v, want %s", q, api.SSOErrState)
		}
	})

	t.Run("ProductRequestCarriedThrough", func(t *testing.T) {
		b := w.browser(t)
		b.signInAtIdP(t, "ann@contoso.test")
		q := b.trip(t, w, api.SSOStartURL(w.provider.ID, "req-123"))
		if q.Get(api.RequestParam) != "req-123" || q.Get(api.SSONextParam) != api.NextDone {
			t.Fatalf("landed with %v, want next=done and the request", q)
		}
	})

	t.Run("UnknownProvider", func(t *testing.T) {
		if q := w.browser(t).trip(t, w, api.SSOStartURL("nope", "")); q.Get(api.ErrorParam) != api.SSOErrUnavailable {
			t.Fatalf("landed with %v, want %s", q, api.SSOErrUnavailable)
		}
	})
}

// A provider an organization's admin adds waits for the operator: until
// its domains are confirmed, identify does not offer it and it signs
// nobody in.
func TestOrganizationSSOWaitsForTheOperator(t *testing.T) {
	ctx := context.Background()
	w := mustSSOWorld(t, func(n *api.NewSSOProvider) { n.Domains = []string{"other.test"} })
	MustAccount(t, w.porta, "admin@contoso.test", "Admin-Password-2026")
	if _, err := w.porta.Identity.AddMember(ctx, ssoOrg, "admin@contoso.test", api.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	admin := MustAPIClient(t, w.porta, "test")
	if _, err := admin.SignInPassword(ctx, "admin@contoso.test", "Admin-Password-2026"); err != nil {
		t.Fatal(err)
	}
	added, err := admin.AddOrgSSOProvider(ctx, ssoOrg, api.NewSSOProvider{
		Preset: api.SSOPresetOIDC, Issuer: issuerOf(t, w.idp), Name: "Contoso ID", ClientID: "c", ClientSecret: "s", Domains: []string{ssoDomain},
	})
	if err != nil || added.DomainsVerified || added.RedirectURI != w.porta.URL()+api.SSOCallbackPath {
		t.Fatalf("admin adds a provider: %+v, %v; want it unverified, with Porta's callback", added, err)
	}
	if res, err := admin.Identify(ctx, "ann@contoso.test"); err != nil || res.Next != api.NextPassword {
		t.Fatalf("identify before the operator confirms: %+v, %v; want password", res, err)
	}
	if q := w.browser(t).trip(t, w, api.SSOStartURL(added.ID, "")); q.Get(api.ErrorParam) != api.SSOErrUnavailable {
		t.Fatalf("start before the operator confirms: %v, want %s", q, api.SSOErrUnavailable)
	}
	if _, err := w.porta.SSO.VerifyDomains(ctx, ssoOrg, added.ID, "test", identity.Meta{}); err != nil {
		t.Fatal(err)
	}
	if res, err := admin.Identify(ctx, "ann@contoso.test"); err != nil || res.Next != api.NextSSO {
		t.Fatalf("identify once confirmed: %+v, %v; want sso", res, err)
	}
	list, err := admin.OrgSSOProviders(ctx, ssoOrg)
	if err != nil || len(list.Providers) != 2 {
		t.Fatalf("providers: %+v, %v", list, err)
	}
	if _, err := admin.AddOrgSSOProvider(ctx, ssoOrg, api.NewSSOProvider{Preset: api.SSOPresetGoogle, ClientID: "c", ClientSecret: "s", Domains: []string{ssoDomain}}); api.ErrorCode(err) != api.CodeConflict {
		t.Fatalf("a second provider for the domain: %v, want conflict", err)
	}
	if err := admin.RemoveOrgSSOProvider(ctx, ssoOrg, added.ID); err != nil {
		t.Fatal(err)
	}
	if res, err := admin.Identify(ctx, "ann@contoso.test"); err != nil || res.Next != api.NextPassword {
		t.Fatalf("identify once removed: %+v, %v; want password", res, err)
	}
	member := MustAPIClient(t, w.porta, "test")
	MustAccount(t, w.porta, "m@contoso.test", "Member-Password-2026")
	if _, err := w.porta.Identity.AddMember(ctx, ssoOrg, "m@contoso.test", api.RoleMember); err != nil {
		t.Fatal(err)
	}
	if _, err := member.SignInPassword(ctx, "m@contoso.test", "Member-Password-2026"); err != nil {
		t.Fatal(err)
	}
	if _, err := member.OrgSSOProviders(ctx, ssoOrg); api.ErrorCode(err) != api.CodeForbidden {
		t.Fatalf("a member lists the providers: %v, want forbidden", err)
	}
}

// A provider trusted for multi-factor authentication spares Porta's own
// second step when it says it did one (amr "mfa"), and only then.
func TestOrganizationSSOTrustsTheProvidersMFA(t *testing.T) {
	ctx := context.Background()
	w := mustSSOWorld(t, func(n *api.NewSSOProvider) { n.TrustMFA = true })
	const email = "fay@contoso.test"
	mustAccountWithTOTP(t, w.porta, email, "Fay-Porta-Password-1")
	w.idpAccount(t, email)

	// Password only at the provider: Porta asks its second step.
	b := w.browser(t)
	b.signInAtIdP(t, email)
	if q := b.trip(t, w, api.SSOStartURL(w.provider.ID, "")); q.Get(api.SSONextParam) != api.NextSecondFactor {
		t.Fatalf("after a password-only sign-in at the provider: %v, want Porta's second step", q)
	}
	idpKey := mustTOTP(t, b.idp, time.Now())

	// Two steps at the provider: Porta's is spared.
	b2 := w.browser(t)
	if res, err := b2.idp.SignInPassword(ctx, email, ssoPassword); err != nil || res.Next != api.NextSecondFactor {
		t.Fatalf("password at the provider: %+v, %v", res, err)
	}
	if res, err := b2.idp.SignInTOTP(ctx, api.SecondFactorRequest{Code: testkit.MustCode(t, idpKey, time.Now().Add(30*time.Second))}); err != nil || res.Next != api.NextDone {
		t.Fatalf("second step at the provider: %+v, %v", res, err)
	}
	if q := b2.trip(t, w, api.SSOStartURL(w.provider.ID, "")); q.Get(api.SSONextParam) != api.NextDone {
		t.Fatalf("after two steps at the provider: %v, want done", q)
	}
	s, err := b2.porta.Session(ctx)
	if err != nil || !slices.Contains(s.AMR, "mfa") || !slices.Contains(s.AMR, "fed") {
		t.Fatalf("session: %+v, %v; want amr fed and mfa", s.AMR, err)
	}
}
