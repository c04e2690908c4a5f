package server

import (
	"net"
	"net/http"
	"strings"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

// csp allows only our own files plus WebAssembly compilation; nothing may
// frame Porta, so its forms cannot be clickjacked.
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the browser security headers on every response.
// The one page another site may frame is a product's banner, and only that
// product's pages may (bannerFrameAncestors).
func (s *Server) securityHeaders(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	if frames := s.bannerFrameAncestors(r); len(frames) > 0 {
		h.Set("Content-Security-Policy", strings.TrimSuffix(csp, "'none'")+strings.Join(frames, " "))
	} else {
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Frame-Options", "DENY")
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	if s.isHTTPS(r) {
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
}

// isHTTPS reports whether the browser reached us over TLS.
func (s *Server) isHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if s.cfg.TrustProxy {
		return strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
	}
	return false
}

// checkOrigin refuses state-changing calls that a browser sent from another
// site: the Origin must be one of ours (hostPolicy), never merely equal to
// the request's Host. JSON bodies already force a CORS preflight, which we
// never grant; this is the second lock.
func (s *Server) checkOrigin(r *http.Request) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		if r.Header.Get("Sec-Fetch-Site") == "same-origin" {
			return nil
		}
	} else if s.hosts.allowOrigin(origin) {
		return nil
	}
	return &identity.Error{Code: api.CodeForbiddenOrigin, Message: "This request must come from Porta's own pages."}
}

// clientIP is the address limits and audit records use. Behind a trusted
// proxy it is the address the proxy saw (the last X-Forwarded-For entry).
func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			if ip := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) meta(r *http.Request) identity.Meta {
	return identity.Meta{IP: s.clientIP(r), UserAgent: r.UserAgent()}
}

// metaWithDevice is meta plus the browser's device id, for sign-ins.
func (s *Server) metaWithDevice(w http.ResponseWriter, r *http.Request) identity.Meta {
	m := s.meta(r)
	m.DeviceID = s.devices.ensure(w, r)
	return m
}
