package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/server"
	"github.com/porta-id/porta/api/testkit"
)

// MustHostServer builds a server with cfg (store and identity filled in)
// and pages that answer 200 "page", to be called without a network.
func MustHostServer(tb testing.TB, cfg server.Config) http.Handler {
	tb.Helper()
	ctx := context.Background()
	st := testkit.MustBolt(tb)
	svc, err := identity.New(ctx, identity.Config{Store: st, Argon2: testkit.FastArgon})
	if err != nil {
		tb.Fatal(err)
	}
	cfg.Identity = svc
	cfg.Pages = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("page")) })
	srv, err := server.New(ctx, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return srv
}

// errorCode is the code of a JSON error body, "" for any other body.
func errorCode(w *httptest.ResponseRecorder) string {
	var body api.ErrorBody
	if json.Unmarshal(w.Body.Bytes(), &body) != nil || body.Error == nil {
		return ""
	}
	return body.Error.Code
}

func TestHost(t *testing.T) {
	const public = "https://id.example.com"
	prod := MustHostServer(t, server.Config{PublicURL: public})
	dev := MustHostServer(t, server.Config{PublicURL: public, Dev: true, Hosts: []string{"192.0.2.7:8080"}})
	for _, c := range []struct {
		name   string
		srv    http.Handler
		host   string
		path   string
		status int
		code   string
	}{
		{"OK", prod, "id.example.com", api.RouteSession.Path, http.StatusUnauthorized, api.CodeUnauthenticated},
		{"OKPage", prod, "id.example.com", "/signin", http.StatusOK, ""},
		{"OKCaseAndDefaultPort", prod, "ID.Example.COM.:443", "/signin", http.StatusOK, ""},
		{"OKHealthzAnyHost", prod, "10.1.2.3:8080", "/healthz", http.StatusOK, ""},
		{"ErrMisdirectedAPI", prod, "evil.example", api.RouteSession.Path, http.StatusMisdirectedRequest, "misdirected_request"},
		{"ErrMisdirectedPage", prod, "evil.example", "/signin", http.StatusMisdirectedRequest, "misdirected_request"},
		{"ErrMisdirectedStatic", prod, "evil.example", "/web/porta.css", http.StatusMisdirectedRequest, "misdirected_request"},
		{"ErrMisdirectedOutbox", dev, "evil.example", "/dev/outbox", http.StatusMisdirectedRequest, "misdirected_request"},
		{"ErrMisdirectedOtherPort", prod, "id.example.com:8443", "/signin", http.StatusMisdirectedRequest, "misdirected_request"},
		{"ErrMisdirectedSuffix", prod, "id.example.com.evil.example", "/signin", http.StatusMisdirectedRequest, "misdirected_request"},
		{"ErrLoopbackWithoutDev", prod, "localhost:8080", "/signin", http.StatusMisdirectedRequest, "misdirected_request"},
		{"ErrLoopbackIPWithoutDev", prod, "127.0.0.1:8080", api.RouteSession.Path, http.StatusMisdirectedRequest, "misdirected_request"},
		{"OKDevLocalhost", dev, "localhost:5173", "/signin", http.StatusOK, ""},
		{"OKDevIPv4", dev, "127.0.0.1:8080", api.RouteSession.Path, http.StatusUnauthorized, api.CodeUnauthenticated},
		{"OKDevIPv6", dev, "[::1]:8080", "/signin", http.StatusOK, ""},
		{"OKDevOutbox", dev, "localhost:8080", "/dev/outbox", http.StatusOK, ""},
		{"OKDevListenAddress", dev, "192.0.2.7:8080", "/signin", http.StatusOK, ""},
		{"ErrDevListenAddressOtherPort", dev, "192.0.2.7:9090", "/signin", http.StatusMisdirectedRequest, "misdirected_request"},
		{"ErrDevLoopbackLookalike", dev, "localhost.evil.example", "/signin", http.StatusMisdirectedRequest, "misdirected_request"},
		{"ErrNoHost", prod, "", "/signin", http.StatusBadRequest, api.CodeInvalidRequest},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", c.path, nil)
			r.Host = c.host
			w := httptest.NewRecorder()
			c.srv.ServeHTTP(w, r)
			if w.Code != c.status || errorCode(w) != c.code {
				t.Fatalf("Host %q %s: %d %q, want %d %q (%s)", c.host, c.path, w.Code, errorCode(w), c.status, c.code, w.Body)
			}
		})
	}
}

func TestOrigin(t *testing.T) {
	const public = "https://id.example.com"
	prod := MustHostServer(t, server.Config{PublicURL: public})
	dev := MustHostServer(t, server.Config{PublicURL: public, Dev: true, Hosts: []string{"192.0.2.7:8080"}})
	const (
		ok      = http.StatusNoContent
		refused = http.StatusForbidden
		notOurs = http.StatusMisdirectedRequest
	)
	for _, c := range []struct {
		name         string
		srv          http.Handler
		host, origin string
		status       int
	}{
		{"OK", prod, "id.example.com", "https://id.example.com", ok},
		{"OKDefaultPort", prod, "id.example.com", "https://id.example.com:443", ok},
		{"OKSameOriginFetchWithoutOrigin", prod, "id.example.com", "", ok},
		{"ErrOther", prod, "id.example.com", "https://evil.example", refused},
		{"ErrNull", prod, "id.example.com", "null", refused},
		{"ErrLoopbackWithoutDev", prod, "id.example.com", "http://localhost:8080", refused},
		// The request's own Host never makes its Origin acceptable: over
		// plain http the Origin equals the Host, yet is not the public URL.
		{"ErrOriginIsRequestHost", prod, "id.example.com", "http://id.example.com", refused},
		{"ErrOriginIsForeignRequestHost", prod, "evil.example", "http://evil.example", notOurs},
		{"ErrDevOriginIsRequestHostOtherPort", dev, "192.0.2.7:9090", "http://192.0.2.7:9090", notOurs},
		{"OKDevPublic", dev, "localhost:8080", "https://id.example.com", ok},
		{"OKDevLoopback", dev, "localhost:8080", "http://localhost:8080", ok},
		{"OKDevLoopbackIP", dev, "127.0.0.1:8080", "http://127.0.0.1:8080", ok},
		{"OKDevListenAddress", dev, "192.0.2.7:8080", "http://192.0.2.7:8080", ok},
		{"ErrDevOther", dev, "localhost:8080", "http://evil.example", refused},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", api.RouteSignOut.Path, nil)
			r.Host = c.host
			if c.origin != "" {
				r.Header.Set("Origin", c.origin)
			} else {
				r.Header.Set("Sec-Fetch-Site", "same-origin")
			}
			w := httptest.NewRecorder()
			c.srv.ServeHTTP(w, r)
			if w.Code != c.status || (c.status == refused && errorCode(w) != api.CodeForbiddenOrigin) {
				t.Fatalf("Origin %q on Host %q: %d %q, want %d", c.origin, c.host, w.Code, errorCode(w), c.status)
			}
		})
	}
}

func TestPublicURLErrInvalid(t *testing.T) {
	for _, u := range []string{"id.example.com", "ftp://id.example.com", "https://", "https://user@id.example.com"} {
		_, err := server.New(context.Background(), server.Config{PublicURL: u})
		if err == nil {
			t.Errorf("public URL %q accepted", u)
		}
	}
}
