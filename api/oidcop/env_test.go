package oidcop_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/oidcop"
	"github.com/porta-id/porta/api/server"
	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/api/testkit"
)

const (
	annEmail    = "ann@example.com"
	annPassword = "Correct-Horse-7"
	// callback is a product's redirect URI; nothing listens there, the
	// tests read the redirect that points at it.
	callback = "http://127.0.0.1:9/callback"
)

// env is Porta (server + provider) on one store, with Ann's account.
type env struct {
	url   string
	st    store.Store
	svc   *identity.Service
	op    *oidcop.Provider
	clock *testkit.Clock
	ann   store.Account
}

// mustPorta starts Porta as products see it. Its clock starts now:
// op and the OIDC client stamp and check tokens with the real time.
func mustPorta(tb testing.TB) *env {
	tb.Helper()
	ctx := context.Background()
	st := testkit.MustBolt(tb)
	clk := testkit.NewClock(time.Now().Truncate(time.Second))
	svc, err := identity.New(ctx, identity.Config{Store: st, Now: clk.Now, Argon2: testkit.FastArgon})
	if err != nil {
		tb.Fatal(err)
	}
	ann, err := svc.CreateAccount(ctx, annEmail, annPassword, "Ann Example")
	if err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	ts.Start()
	tb.Cleanup(ts.Close)
	p, err := oidcop.New(ctx, oidcop.Config{Issuer: ts.URL, Store: st, Identity: svc, Now: clk.Now, Insecure: true})
	if err != nil {
		tb.Fatal(err)
	}
	srv, err := server.New(ctx, server.Config{Identity: svc, OpenID: p, Dev: true, PublicURL: ts.URL})
	if err != nil {
		tb.Fatal(err)
	}
	ts.Config.Handler = srv
	return &env{url: ts.URL, st: st, svc: svc, op: p, clock: clk, ann: ann}
}

// product is a registered client and the OIDC library a product uses.
type product struct {
	id, secret string
	oauth      *oauth2.Config
	verifier   *oidc.IDTokenVerifier
	provider   *oidc.Provider
}

func (e *env) mustProduct(tb testing.TB, n oidcop.NewClient) *product {
	tb.Helper()
	if n.Name == "" {
		n.Name = "Ledger"
	}
	if n.RedirectURIs == nil {
		n.RedirectURIs = []string{callback}
	}
	c, secret, err := e.op.CreateClient(context.Background(), n)
	if err != nil {
		tb.Fatal(err)
	}
	prov, err := oidc.NewProvider(context.Background(), e.url)
	if err != nil {
		tb.Fatalf("discovery: %v", err)
	}
	// A fixed style: oauth2's auto-detection retries a refused exchange
	// the other way, which would present the code twice.
	endpoint := prov.Endpoint()
	endpoint.AuthStyle = oauth2.AuthStyleInHeader
	if n.Public {
		endpoint.AuthStyle = oauth2.AuthStyleInParams
	}
	return &product{
		id: c.ID, secret: secret, provider: prov,
		oauth: &oauth2.Config{
			ClientID: c.ID, ClientSecret: secret, Endpoint: endpoint, RedirectURL: callback,
			Scopes: []string{oidc.ScopeOpenID, "email", "profile"},
		},
		verifier: prov.Verifier(&oidc.Config{ClientID: c.ID}),
	}
}

// browser is a person's browser: a cookie jar that stops at redirects.
type browser struct {
	e    *env
	http *http.Client
	api  *api.Client
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &browser{e: e, http: hc, api: api.NewClient(&api.HTTPTransport{BaseURL: e.url, Client: hc})}
}

func (b *browser) signIn(tb testing.TB) {
	tb.Helper()
	res, err := b.api.SignInPassword(context.Background(), annEmail, annPassword)
	if err != nil || res.Next != api.NextDone {
		tb.Fatalf("sign in: %+v %v", res, err)
	}
}

// visit follows Porta's redirects from u and returns where the browser
// ends: a screen of the app (a path on Porta) or the product's callback.
func (b *browser) visit(tb testing.TB, u string) *url.URL {
	tb.Helper()
	for range 10 {
		if !strings.HasPrefix(u, "http") {
			u = b.e.url + u
		}
		resp, err := b.http.Get(u)
		if err != nil {
			tb.Fatal(err)
		}
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode < 300 || resp.StatusCode > 399 || loc == "" {
			tb.Fatalf("GET %s: %d without a redirect", u, resp.StatusCode)
		}
		next, err := url.Parse(loc)
		if err != nil {
			tb.Fatal(err)
		}
		if strings.HasPrefix(loc, callback) {
			return next
		}
		if next.Host == "" && next.Path != api.ContinuePath && !strings.HasPrefix(next.Path, "/authorize") {
			return next
		}
		u = loc
	}
	tb.Fatal("too many redirects")
	return nil
}

// pkce is a code verifier and its S256 challenge.
type pkce struct{ verifier, challenge string }

func newPKCE() pkce {
	v := oauth2.GenerateVerifier()
	h := sha256.Sum256([]byte(v))
	return pkce{v, base64.RawURLEncoding.EncodeToString(h[:])}
}

// authorizeURL is the product's /authorize address with extra parameters.
func (p *product) authorizeURL(state, nonce string, pk pkce, extra ...oauth2.AuthCodeOption) string {
	opts := append([]oauth2.AuthCodeOption{oidc.Nonce(nonce)}, extra...)
	if pk.verifier != "" {
		opts = append(opts, oauth2.S256ChallengeOption(pk.verifier))
	}
	return p.oauth.AuthCodeURL(state, opts...)
}

// mustCode signs Ann in for the product and returns the code.
func (e *env) mustCode(tb testing.TB, p *product, pk pkce, extra ...oauth2.AuthCodeOption) string {
	tb.Helper()
	b := e.browser()
	at := b.visit(tb, p.authorizeURL("st-1", "n-1", pk, extra...))
	if at.Path != api.SignInScreen || at.Query().Get(api.RequestParam) == "" {
		tb.Fatalf("authorize sent the browser to %s, want the sign-in screen", at)
	}
	b.signIn(tb)
	back := b.visit(tb, api.ContinueURL(at.Query().Get(api.RequestParam)))
	code := back.Query().Get("code")
	if code == "" || back.Query().Get("state") != "st-1" {
		tb.Fatalf("back at the product with %s", back)
	}
	return code
}

// code signs Ann in within b (unless b already has a session) for the
// product and returns the code; b keeps the Porta session.
func (b *browser) code(tb testing.TB, p *product, pk pkce, extra ...oauth2.AuthCodeOption) string {
	tb.Helper()
	at := b.visit(tb, p.authorizeURL("st-1", "n-1", pk, extra...))
	if at.Path == api.SignInScreen {
		b.signIn(tb)
		at = b.visit(tb, api.ContinueURL(at.Query().Get(api.RequestParam)))
	}
	code := at.Query().Get("code")
	if code == "" || at.Query().Get("state") != "st-1" {
		tb.Fatalf("back at the product with %s", at)
	}
	return code
}

// mustTokens signs Ann in within b and exchanges the code.
func (e *env) mustTokens(tb testing.TB, p *product, b *browser) *oauth2.Token {
	tb.Helper()
	pk := newPKCE()
	tok, err := p.oauth.Exchange(context.Background(), b.code(tb, p, pk), oauth2.VerifierOption(pk.verifier))
	if err != nil {
		tb.Fatalf("exchange: %v", err)
	}
	return tok
}

// post sends a form to a provider endpoint as client id (with secret,
// when not empty, in the Authorization header) and decodes the answer.
func (e *env) post(tb testing.TB, path, id, secret string, form url.Values) (int, map[string]any) {
	tb.Helper()
	if secret == "" && id != "" {
		form.Set("client_id", id)
	}
	req, err := http.NewRequest(http.MethodPost, e.url+path, strings.NewReader(form.Encode()))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if secret != "" {
		req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}
