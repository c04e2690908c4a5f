// Package server is Porta's HTTP layer: routing, JSON in and out, session
// cookies, origin checks and security headers. It holds no business rule:
// every handler decodes, calls identity and encodes.
package server

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

// Config configures a Server.
type Config struct {
	Identity *identity.Service
	Logger   *slog.Logger
	// Dev allows plain-http cookies (on localhost) and the outbox pages, and
	// answers loopback names (localhost, 127.0.0.1, [::1]) on any port.
	Dev bool
	// PublicURL is the address people use, like https://id.example.com.
	// Only its host is answered (421 otherwise) and state-changing calls
	// must come from its origin. Empty answers only Hosts (and dev names).
	PublicURL string
	// Hosts are further host:port names answered, like the listen address;
	// pages opened there may make state-changing calls too.
	Hosts []string
	// TrustProxy honours X-Forwarded-For and X-Forwarded-Proto from a
	// reverse proxy in front of Porta. Never enable it without one.
	TrustProxy bool
	// SessionMax is how long the session cookie lives.
	SessionMax time.Duration
	// Pages serves everything outside /api/: the PWA and its files.
	Pages http.Handler
	// OpenID is the provider products sign people in through; nil serves
	// none (its screens' calls answer not_found).
	OpenID OpenID
	// Federation is organization SSO; nil offers none.
	Federation Federation
}

// Server is Porta's HTTP handler.
type Server struct {
	cfg     Config
	id      *identity.Service
	log     *slog.Logger
	mux     *http.ServeMux
	cookies *cookieStore
	devices *deviceCookies
	hosts   *hostPolicy
	// paths holds the handlers of each registered API path, by method.
	paths map[string]methods
}

// New returns a Server. The cookie signing key is shared through the store
// so every replica accepts every cookie.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	hosts, err := newHostPolicy(cfg.PublicURL, cfg.Hosts, cfg.Dev)
	if err != nil {
		return nil, err
	}
	if cfg.SessionMax == 0 {
		cfg.SessionMax = cfg.Identity.SessionMax()
	}
	key, err := cfg.Identity.CookieKey(ctx)
	if err != nil {
		return nil, fmt.Errorf("server: cookie key: %w", err)
	}
	s := &Server{cfg: cfg, id: cfg.Identity, log: cfg.Logger, mux: http.NewServeMux(), hosts: hosts, paths: map[string]methods{}}
	s.cookies = newCookieStore(key, cfg.SessionMax, func(r *http.Request) bool { return !cfg.Dev || s.isHTTPS(r) })
	s.devices = newDeviceCookies(key, s.cookies.secure)
	s.registerSigninRoutes()
	s.registerPasskeyRoutes()
	s.registerAccountRoutes()
	s.registerRecoveryRoutes()
	s.registerOrgRoutes()
	s.registerTwoStepRoutes()
	s.registerOpenIDRoutes()
	s.registerSSORoutes()
	s.registerLinkRoutes()
	if cfg.Dev {
		s.registerDevRoutes()
	}
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, identity.Errorf(api.CodeNotFound, "There is no API endpoint at %s.", r.URL.Path))
	})
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	if cfg.Pages != nil {
		s.mux.Handle("/", cfg.Pages)
	}
	return s, nil
}

// ServeHTTP implements http.Handler. A request for a host that is not
// Porta's gets 421 before any routing, so DNS rebinding reaches nothing.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.securityHeaders(w, r)
	if err := s.checkHost(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.writeError(w, r, fmt.Errorf("panic: %v", v))
		}
	}()
	s.mux.ServeHTTP(w, r)
}

// wrap turns a handlerFunc into an http.HandlerFunc that writes its error.
func (s *Server) wrap(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	}
}

// methods maps HTTP methods to the handlers of one path.
type methods map[string]handlerFunc

// route registers h for a route of the api table. Routes that share a
// path share one pattern, so other methods get a JSON 405 with Allow;
// state-changing methods pass the origin check first.
func (s *Server) route(rt api.Route, h handlerFunc) { s.register(rt, h, true) }

// productRoute registers h for a route that products call from their
// servers with a Bearer token: no browser sends that on its own, so no
// origin to check, and the handler never reads the session cookie.
func (s *Server) productRoute(rt api.Route, h handlerFunc) { s.register(rt, h, false) }

func (s *Server) register(rt api.Route, h handlerFunc, checkOrigin bool) {
	if m, ok := s.paths[rt.Path]; ok {
		m[rt.Method] = h
		return
	}
	m := methods{rt.Method: h}
	s.paths[rt.Path] = m
	s.mux.HandleFunc(rt.Path, func(w http.ResponseWriter, r *http.Request) {
		h, ok := m[r.Method]
		if !ok {
			w.Header().Set("Allow", strings.Join(slices.Sorted(maps.Keys(m)), ", "))
			s.writeError(w, r, &identity.Error{Code: api.CodeMethodNotAllowed, Message: r.Method + " is not allowed here."})
			return
		}
		if checkOrigin {
			if err := s.checkOrigin(r); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		s.wrap(h)(w, r)
	})
}
