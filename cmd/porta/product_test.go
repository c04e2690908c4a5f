package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/porta-id/porta/api/oidcop"
	"github.com/porta-id/porta/api/store"
)

// product is a running product that signs people in through Porta. Two
// stand in for every product: Ledger in Go with go-oidc and x/oauth2, and
// Ledger in Node with openid-client (testdata/node/openid-client). Both
// use their library as its documentation shows and answer the same paths
// (see product.mjs): /login, /callback, /me, /refresh, /logout.
type product struct {
	name string
	url  string // http://127.0.0.1:PORT
}

// productSignIn is what a product's /me says of its last sign-in.
type productSignIn struct {
	Sub           string   `json:"sub"`
	Email         string   `json:"email"`
	AMR           []string `json:"amr"`
	ACR           string   `json:"acr"`
	UserinfoEmail string   `json:"userinfoEmail"`
}

// refreshOutcome is what a product's /refresh met: the rotation, a replay
// of the old refresh token, then the rotated one after that replay.
type refreshOutcome struct {
	First      string `json:"first"`
	Rotated    bool   `json:"rotated"`
	Reuse      string `json:"reuse"`
	AfterReuse string `json:"afterReuse"`
}

func (p product) get(tb testing.TB, path string, into any) {
	tb.Helper()
	resp, err := http.Get(p.url + path)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		tb.Fatalf("%s %s: %v", p.name, path, err)
	}
}

func (p product) lastSignIn(tb testing.TB) productSignIn {
	var s productSignIn
	p.get(tb, "/me", &s)
	return s
}

func (p product) refresh(tb testing.TB) refreshOutcome {
	var r refreshOutcome
	p.get(tb, "/refresh", &r)
	return r
}

// registerLedger registers a product at m that will listen on addr.
func registerLedger(tb testing.TB, m *Main, addr string, public bool) (store.Client, string) {
	tb.Helper()
	c, secret, err := m.OpenID.CreateClient(context.Background(), oidcop.NewClient{
		Name: "Ledger", RedirectURIs: []string{"http://" + addr + "/callback"},
		PostLogoutURIs: []string{"http://" + addr + "/signed-out"}, Public: public, FirstParty: true,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return c, secret
}

// nodeLedger starts product.mjs as a public client of m.
func nodeLedger(tb testing.TB, m *Main) product {
	tb.Helper()
	addr := freeLoopbackAddr(tb)
	client, _ := registerLedger(tb, m, addr, true)
	startNode(tb, "openid-client", "product.mjs",
		"PORTA_ISSUER="+issuerOf(tb, m), "PRODUCT_ADDR="+addr, "CLIENT_ID="+client.ID)
	return product{name: "Ledger (openid-client)", url: "http://" + addr}
}

// startNode runs script of the npm package folder testdata/node/pkg with
// env added, until the test ends; the script prints "ready" once it
// listens. Without node or the packages it skips, except under CI=true.
func startNode(tb testing.TB, pkg, script string, env ...string) {
	tb.Helper()
	dir := "testdata/node/" + pkg
	nodePath, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(dir + "/node_modules/" + pkg)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("node with %s is needed (make test runs npm ci in %s): %v", pkg, dir, err)
		}
		tb.Skipf("node or %s is not installed; run make test to install them", pkg)
	}
	cmd := exec.Command(nodePath, script)
	cmd.Dir, cmd.Env, cmd.Stderr = dir, append(os.Environ(), env...), os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	ready := make(chan error, 1)
	go func() {
		line, err := bufio.NewReader(out).ReadString('\n')
		if err == nil && strings.TrimSpace(line) != "ready" {
			err = fmt.Errorf("said %q", line)
		}
		ready <- err
	}()
	select {
	case err := <-ready:
		if err != nil {
			tb.Fatalf("%s did not start: %v", script, err)
		}
	case <-time.After(30 * time.Second):
		tb.Fatalf("%s did not start in 30 s", script)
	}
}

// goLedger is the same product in Go: a confidential client of m using
// go-oidc and x/oauth2.
func goLedger(tb testing.TB, m *Main) product {
	tb.Helper()
	srv := httptest.NewUnstartedServer(nil)
	addr := srv.Listener.Addr().String()
	client, secret := registerLedger(tb, m, addr, false)
	ctx := context.Background()
	provider, err := oidc.NewProvider(ctx, issuerOf(tb, m))
	if err != nil {
		tb.Fatal(err)
	}
	var ends struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := provider.Claims(&ends); err != nil {
		tb.Fatal(err)
	}
	endpoint := provider.Endpoint()
	endpoint.AuthStyle = oauth2.AuthStyleInHeader // as docs/integration.md says
	l := &ledger{
		base: "http://" + addr, provider: provider, endSession: ends.EndSession,
		conf: &oauth2.Config{
			ClientID: client.ID, ClientSecret: secret, RedirectURL: "http://" + addr + "/callback",
			Endpoint: endpoint,
			Scopes:   []string{oidc.ScopeOpenID, "email", "profile", oidc.ScopeOfflineAccess},
		},
		verifier: provider.Verifier(&oidc.Config{ClientID: client.ID}),
		pending:  map[string]ledgerFlow{},
	}
	srv.Config.Handler = l.routes()
	srv.Start()
	tb.Cleanup(srv.Close)
	return product{name: "Ledger (go-oidc)", url: l.base}
}

// ledger is the Go product's state: one person signs in at a time.
type ledger struct {
	base       string
	provider   *oidc.Provider
	endSession string
	conf       *oauth2.Config
	verifier   *oidc.IDTokenVerifier

	mu      sync.Mutex
	pending map[string]ledgerFlow // by state
	token   *oauth2.Token
	me      *productSignIn
}

type ledgerFlow struct{ verifier, nonce string }

func (l *ledger) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", l.login)
	mux.HandleFunc("GET /callback", l.callback)
	mux.HandleFunc("GET /me", func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		defer l.mu.Unlock()
		json.NewEncoder(w).Encode(l.me)
	})
	mux.HandleFunc("GET /refresh", l.refresh)
	mux.HandleFunc("GET /logout", l.logout)
	mux.HandleFunc("GET /signed-out", func(w http.ResponseWriter, r *http.Request) { ledgerPage(w, 200, "Signed out of Ledger") })
	return mux
}

func ledgerPage(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="en"><title>Ledger</title><main><h1>%s</h1></main></html>`, html.EscapeString(text))
}

func (l *ledger) login(w http.ResponseWriter, r *http.Request) {
	state, nonce, verifier := oauth2.GenerateVerifier(), oauth2.GenerateVerifier(), oauth2.GenerateVerifier()
	l.mu.Lock()
	l.pending[state] = ledgerFlow{verifier: verifier, nonce: nonce}
	l.mu.Unlock()
	opts := []oauth2.AuthCodeOption{oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)}
	if acr := r.URL.Query().Get("acr"); acr != "" {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", acr))
	}
	if prompt := r.URL.Query().Get("prompt"); prompt != "" {
		opts = append(opts, oauth2.SetAuthURLParam("prompt", prompt))
	}
	http.Redirect(w, r, l.conf.AuthCodeURL(state, opts...), http.StatusFound)
}

func (l *ledger) callback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		ledgerPage(w, 200, "Porta said "+e)
		return
	}
	l.mu.Lock()
	flow, ok := l.pending[q.Get("state")]
	delete(l.pending, q.Get("state"))
	l.mu.Unlock()
	if !ok {
		ledgerPage(w, 400, "Unknown state")
		return
	}
	ctx := r.Context()
	tok, err := l.conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(flow.verifier))
	if err != nil {
		ledgerPage(w, 500, "Ledger failed: "+err.Error())
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := l.verifier.Verify(ctx, raw)
	if err != nil || idt.Nonce != flow.nonce {
		ledgerPage(w, 500, fmt.Sprintf("Ledger failed: ID token: %v (nonce %q)", err, idt.Nonce))
		return
	}
	var me productSignIn
	if err := idt.Claims(&me); err != nil {
		ledgerPage(w, 500, "Ledger failed: "+err.Error())
		return
	}
	info, err := l.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil {
		ledgerPage(w, 500, "Ledger failed: userinfo: "+err.Error())
		return
	}
	me.UserinfoEmail = info.Email
	l.mu.Lock()
	l.token, l.me = tok, &me
	l.mu.Unlock()
	ledgerPage(w, 200, "Signed in to Ledger as "+me.Email)
}

func (l *ledger) refresh(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	old := l.token.RefreshToken
	l.mu.Unlock()
	grant := func(refreshToken string) (*oauth2.Token, string) {
		tok, err := l.conf.TokenSource(r.Context(), &oauth2.Token{RefreshToken: refreshToken}).Token()
		var re *oauth2.RetrieveError
		switch {
		case err == nil:
			return tok, "ok"
		case errors.As(err, &re):
			return nil, re.ErrorCode
		default:
			return nil, err.Error()
		}
	}
	var out refreshOutcome
	fresh, first := grant(old)
	out.First, out.Rotated = first, fresh != nil && fresh.RefreshToken != old
	_, out.Reuse = grant(old)
	out.AfterReuse = "no token"
	if fresh != nil {
		_, out.AfterReuse = grant(fresh.RefreshToken)
	}
	json.NewEncoder(w).Encode(out)
}

func (l *ledger) logout(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	raw, _ := l.token.Extra("id_token").(string)
	l.mu.Unlock()
	to := l.endSession + "?id_token_hint=" + raw + "&post_logout_redirect_uri=" + l.base + "/signed-out"
	http.Redirect(w, r, to, http.StatusFound)
}
