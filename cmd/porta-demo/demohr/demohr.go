// Package demohr is "Demo HR", a small product that moves its own users to
// Porta as a real product would: it keeps its legacy user table and
// password sign-in, tells Porta who its users are (link candidates, with
// its client credentials), embeds Porta's banner for users not linked yet,
// and from its organization's switch date on signs linked users in with
// "Sign in with Porta" over OpenID Connect, through go-oidc and
// x/oauth2. Nothing in it knows Porta beyond the typed API client.
package demohr

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/porta-id/porta/api"
)

// Config configures Demo HR.
type Config struct {
	// PublicURL is where people reach Demo HR, like http://localhost:8081;
	// PublicURL + "/callback" is its registered redirect URI.
	PublicURL string
	// Porta is Porta's address; Issuer its OpenID issuer, when that is
	// written otherwise (with a trailing slash).
	Porta, Issuer          string
	ClientID, ClientSecret string
	// Org is the slug of the organization whose Demo HR this is.
	Org   string
	Users []User
}

// ClientFile is how porta serve --demo hands Demo HR its registration:
// a JSON file in Porta's data folder, readable by its owner alone.
type ClientFile struct {
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
	Org          string `json:"org"`
}

// User is one of Demo HR's own users, from before Porta.
type User struct {
	ID, Username, Password, Name string
	Emails                       []string
	// Admin may change the organization's Porta settings from Demo HR.
	Admin bool
}

// Server is Demo HR.
type Server struct {
	cfg         Config
	provider    *oidc.Provider
	oauth       *oauth2.Config
	verifier    *oidc.IDTokenVerifier
	credentials *clientcredentials.Config

	// token is Demo HR's client credentials token, renewed as it expires.
	token oauth2.TokenSource

	mu       sync.Mutex
	sessions map[string]string // session cookie → user ID
	flows    map[string]flow   // OpenID state → the sign-in it belongs to
}

type flow struct{ verifier, nonce string }

const sessionCookie = "demohr_session"

// New returns Demo HR, reading Porta's discovery document.
func New(ctx context.Context, cfg Config) (*Server, error) {
	cfg.PublicURL, cfg.Porta = strings.TrimRight(cfg.PublicURL, "/"), strings.TrimRight(cfg.Porta, "/")
	if cfg.Issuer == "" {
		cfg.Issuer = cfg.Porta
	}
	provider, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("demo hr: discovery: %w", err)
	}
	endpoint := provider.Endpoint()
	endpoint.AuthStyle = oauth2.AuthStyleInHeader
	return &Server{
		cfg: cfg, provider: provider,
		oauth: &oauth2.Config{
			ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: endpoint,
			RedirectURL: cfg.PublicURL + "/callback",
			Scopes:      []string{oidc.ScopeOpenID, "email", "profile", api.ScopeOrgPrefix + cfg.Org},
		},
		verifier: provider.Verifier(&oidc.Config{ClientID: cfg.ClientID}),
		credentials: &clientcredentials.Config{
			ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, TokenURL: endpoint.TokenURL, AuthStyle: oauth2.AuthStyleInHeader,
		},
		sessions: map[string]string{},
		flows:    map[string]flow{},
	}, nil
}

// Handler serves Demo HR's pages.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleHome)
	mux.HandleFunc("POST /login", s.handleLogin)
	mux.HandleFunc("POST /logout", s.handleLogout)
	mux.HandleFunc("GET /porta/login", s.handlePortaLogin)
	mux.HandleFunc("GET /callback", s.handleCallback)
	mux.HandleFunc("POST /admin/two-step", s.handleTwoStep)
	mux.HandleFunc("GET /demo.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		w.Write([]byte(bannerScript))
	})
	return mux
}

// bannerScript fits the iframe of Porta's banner to its height and takes
// it away once the person has answered "Not right now".
const bannerScript = `window.addEventListener("message", (e) => {
  const b = document.getElementById("porta-banner");
  if (!b || e.source !== b.contentWindow || !e.data || e.data.porta !== "link") return;
  if (e.data.height) b.style.height = e.data.height + "px";
  if (e.data.state === "postponed") setTimeout(() => b.remove(), 1500);
});`

// withPorta runs fn with Porta's API as Demo HR: with its client
// credentials token. A token Porta no longer takes (expired by Porta's
// clock, or its keys changed) is replaced once.
func (s *Server) withPorta(fn func(*api.Client) error) error {
	for try := 0; ; try++ {
		s.mu.Lock()
		if s.token == nil || try > 0 {
			s.token = oauth2.ReuseTokenSource(nil, s.credentials.TokenSource(context.Background()))
		}
		ts := s.token
		s.mu.Unlock()
		tok, err := ts.Token()
		if err != nil {
			return fmt.Errorf("client credentials: %w", err)
		}
		err = fn(api.NewClient(&api.HTTPTransport{BaseURL: s.cfg.Porta, Bearer: tok.AccessToken}))
		if try > 0 || api.ErrorCode(err) != api.CodeUnauthenticated {
			return err
		}
	}
}

func (s *Server) user(id string) (User, bool) {
	for _, u := range s.cfg.Users {
		if u.ID == id {
			return u, true
		}
	}
	return User{}, false
}

// signedIn returns the user of the request's session.
func (s *Server) signedIn(r *http.Request) (User, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return User{}, false
	}
	s.mu.Lock()
	id, ok := s.sessions[c.Value]
	s.mu.Unlock()
	if !ok {
		return User{}, false
	}
	return s.user(id)
}

func (s *Server) startSession(w http.ResponseWriter, u User) {
	id := randomString()
	s.mu.Lock()
	s.sessions[id] = u.ID
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func randomString() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// handleLogin is the legacy sign-in. From the switch date on, a user
// linked to Porta is sent to Porta sign-in instead.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	name, pw := r.PostFormValue("username"), r.PostFormValue("password")
	var found *User
	for i, u := range s.cfg.Users {
		if u.Username == name && subtle.ConstantTimeCompare([]byte(u.Password), []byte(pw)) == 1 {
			found = &s.cfg.Users[i]
		}
	}
	if found == nil {
		s.loginPage(w, r, http.StatusUnauthorized, "Wrong username or password.")
		return
	}
	if st, err := s.states(r.Context(), found.ID); err == nil && st.Switched && st.Users[0].State == api.LinkLinked {
		s.loginPage(w, r, http.StatusForbidden, "Demo HR now signs you in with Porta: use \"Sign in with Porta\".")
		return
	}
	s.startSession(w, *found)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) states(ctx context.Context, ids ...string) (st api.LinkUsers, err error) {
	err = s.withPorta(func(c *api.Client) error {
		st, err = c.LinkStates(ctx, s.cfg.Org, ids)
		return err
	})
	return st, err
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.mu.Lock()
		delete(s.sessions, c.Value)
		s.mu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// handlePortaLogin starts "Sign in with Porta": code flow with PKCE.
func (s *Server) handlePortaLogin(w http.ResponseWriter, r *http.Request) {
	state, nonce, verifier := randomString(), randomString(), oauth2.GenerateVerifier()
	s.mu.Lock()
	s.flows[state] = flow{verifier: verifier, nonce: nonce}
	s.mu.Unlock()
	http.Redirect(w, r, s.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

// handleCallback finishes "Sign in with Porta": the ID token's subject is
// a Porta account, and Porta says which Demo HR user is linked to it.
func (s *Server) handleCallback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	f, ok := s.flows[q.Get("state")]
	delete(s.flows, q.Get("state"))
	s.mu.Unlock()
	switch {
	case q.Get("error") != "":
		s.loginPage(w, r, http.StatusOK, "Porta sign-in did not finish: "+q.Get("error")+".")
		return
	case !ok:
		s.loginPage(w, r, http.StatusBadRequest, "That sign-in expired. Try again.")
		return
	}
	u, err := s.finishPortaSignIn(r.Context(), q.Get("code"), f)
	if err != nil {
		s.loginPage(w, r, http.StatusForbidden, err.Error())
		return
	}
	s.startSession(w, u)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) finishPortaSignIn(ctx context.Context, code string, f flow) (User, error) {
	tok, err := s.oauth.Exchange(ctx, code, oauth2.VerifierOption(f.verifier))
	if err != nil {
		return User{}, fmt.Errorf("Porta sign-in failed: %w", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := s.verifier.Verify(ctx, raw)
	if err != nil || idt.Nonce != f.nonce {
		return User{}, errors.New("Porta sign-in failed: the ID token does not check out")
	}
	ids := make([]string, len(s.cfg.Users))
	for i, u := range s.cfg.Users {
		ids[i] = u.ID
	}
	st, err := s.states(ctx, ids...)
	if err != nil {
		return User{}, fmt.Errorf("Porta is unreachable: %w", err)
	}
	if !st.Switched {
		return User{}, errors.New("Demo HR does not use Porta sign-in yet: sign in with your username and password")
	}
	for _, lu := range st.Users {
		if lu.State == api.LinkLinked && lu.Sub == idt.Subject {
			u, _ := s.user(lu.UserID)
			return u, nil
		}
	}
	return User{}, errors.New("No Demo HR user is connected to this Porta account. Sign in with your username and password and connect it first")
}

// handleTwoStep is Demo HR's admin switch for the organization's
// "Enforce two-step verification", changed with Demo HR's credentials.
func (s *Server) handleTwoStep(w http.ResponseWriter, r *http.Request) {
	u, ok := s.signedIn(r)
	if !ok || !u.Admin {
		http.Error(w, "Only Demo HR admins may change this.", http.StatusForbidden)
		return
	}
	on := r.PostFormValue("enforce") == "on"
	err := s.withPorta(func(c *api.Client) error {
		_, err := c.UpdateProductOrgSettings(r.Context(), s.cfg.Org, api.OrgSettings{Enforce2FA: &on})
		return err
	})
	if err != nil {
		http.Error(w, "Porta refused: "+err.Error(), http.StatusBadGateway)
		return
	}
	if on {
		http.Redirect(w, r, "/?saved=enforced", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/?saved=lifted", http.StatusSeeOther)
}
