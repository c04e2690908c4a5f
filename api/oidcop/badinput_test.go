package oidcop_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/oidcop"
)

// TestBadInputNeverFails: hostile or broken requests to every endpoint of
// the provider never get a 5xx, and a redirect goes only to Porta or the
// product's registered URI. (Revocation and introspection answer 200 for
// a token they do not know, as RFC 7009 and 7662 say.)
func TestBadInputNeverFails(t *testing.T) {
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{FirstParty: true})
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	long := strings.Repeat("\u202e", 300)
	basic := func(r *http.Request) { r.SetBasicAuth(p.id, p.secret) }
	none := func(*http.Request) {}
	form := func(kv ...string) string {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v.Encode()
	}
	authorize := func(kv ...string) string { return "/authorize?" + form(kv...) }
	good := []string{"client_id", p.id, "redirect_uri", callback, "response_type", "code", "scope", "openid"}
	for name, tc := range map[string]struct {
		method, path, body string
		auth               func(*http.Request)
	}{
		"AuthorizeNothing":          {"GET", "/authorize", "", none},
		"AuthorizeGarbageParams":    {"GET", "/authorize?%zz=%%&client_id=%00", "", none},
		"AuthorizeHugeState":        {"GET", authorize(append(good, "state", strings.Repeat("s", 20000))...), "", none},
		"AuthorizeImplicit":         {"GET", authorize("client_id", p.id, "redirect_uri", callback, "response_type", "token", "scope", "openid"), "", none},
		"AuthorizeNoOpenIDScope":    {"GET", authorize("client_id", p.id, "redirect_uri", callback, "response_type", "code", "scope", "email"), "", none},
		"AuthorizeBadPKCEMethod":    {"GET", authorize(append(good, "code_challenge", "x", "code_challenge_method", "plain2")...), "", none},
		"AuthorizeBidiLoginHint":    {"GET", authorize(append(good, "login_hint", long, "ui_locales", long, "max_age", "-5")...), "", none},
		"AuthorizeRequestObject":    {"GET", authorize(append(good, "request", "eyJhbGciOiJub25lIn0.e30.")...), "", none},
		"AuthorizeCallbackUnknown":  {"GET", "/authorize/callback?id=nobody", "", none},
		"AuthorizeCallbackNoID":     {"GET", "/authorize/callback", "", none},
		"ContinueUnknown":           {"GET", api.ContinueURL("nobody"), "", none},
		"TokenNoBody":               {"POST", "/oauth/token", "", none},
		"TokenGarbageBody":          {"POST", "/oauth/token", "%zz=%%&&&grant_type=\x00", basic},
		"TokenUnknownGrant":         {"POST", "/oauth/token", form("grant_type", "password", "username", "a", "password", "b"), basic},
		"TokenCodeUnknown":          {"POST", "/oauth/token", form("grant_type", "authorization_code", "code", long, "redirect_uri", callback), basic},
		"TokenRefreshGarbage":       {"POST", "/oauth/token", form("grant_type", "refresh_token", "refresh_token", "a.b.c.d"), basic},
		"TokenRefreshDots":          {"POST", "/oauth/token", form("grant_type", "refresh_token", "refresh_token", "...."), basic},
		"TokenJWTBearerGarbage":     {"POST", "/oauth/token", form("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion", "x.y.z"), basic},
		"TokenTokenExchange":        {"POST", "/oauth/token", form("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", "x"), basic},
		"TokenUnknownClient":        {"POST", "/oauth/token", form("grant_type", "client_credentials", "client_id", long, "client_secret", long), none},
		"UserinfoNoToken":           {"GET", "/userinfo", "", none},
		"UserinfoGarbageToken":      {"GET", "/userinfo", "", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+long) }},
		"UserinfoClientTokenFormat": {"GET", "/userinfo", "", func(r *http.Request) { r.Header.Set("Authorization", "Bearer client:x.1") }},
		"IntrospectNoAuth":          {"POST", "/oauth/introspect", form("token", "x"), none},
		"IntrospectGarbage":         {"POST", "/oauth/introspect", form("token", long), basic},
		"RevokeGarbage":             {"POST", "/revoke", form("token", long, "token_type_hint", "refresh_token"), basic},
		"RevokeNoAuth":              {"POST", "/revoke", form("token", "x"), none},
		"EndSessionGarbageHint":     {"GET", "/end_session?" + form("id_token_hint", "x.y.z", "post_logout_redirect_uri", "https://evil.example/"), "", none},
		"EndSessionUnknownClient":   {"GET", "/end_session?" + form("client_id", "nobody", "post_logout_redirect_uri", "https://evil.example/"), "", none},
		"KeysPost":                  {"POST", "/keys", "x", none},
	} {
		t.Run(name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, e.url+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			tc.auth(req)
			resp, err := hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			loc := resp.Header.Get("Location")
			refusing := strings.HasPrefix(tc.path, "/oauth/token") || strings.HasPrefix(tc.path, "/userinfo") || name == "IntrospectNoAuth" || name == "RevokeNoAuth"
			switch {
			case refusing && (resp.StatusCode < 400 || resp.StatusCode > 499):
				t.Fatalf("%s %s: %d, want a 4xx", tc.method, tc.path, resp.StatusCode)
			case resp.StatusCode >= 500:
				t.Fatalf("%s %s: %d", tc.method, tc.path, resp.StatusCode)
			case resp.StatusCode >= 300 && resp.StatusCode < 400:
				if strings.Contains(loc, "evil.example") {
					t.Fatalf("redirected to %s", loc)
				}
				if u, err := url.Parse(loc); err != nil || !(u.Host == "" || strings.HasPrefix(loc, callback)) {
					t.Fatalf("redirected to %s, neither Porta nor the product's redirect URI", loc)
				}
			}
		})
	}
}
