package federation_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/federation"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store/bolt"
	"github.com/porta-id/porta/api/testkit"
)

// rogueIdP is an OpenID provider that answers what each test tells it
// to: a certified provider never sends a wrong nonce or audience, so the
// relying party's checks need one that can. It checks the PKCE verifier
// against the challenge it was sent, as a real provider does.
type rogueIdP struct {
	srv  *httptest.Server
	key  *rsa.PrivateKey
	mu   sync.Mutex
	seen struct{ challenge, nonce string }
	// token shapes the ID token's claims, and signs with another key
	// when foreignKey is set.
	token      func(claims map[string]any)
	foreignKey bool
}

func newRogueIdP(t *testing.T) *rogueIdP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &rogueIdP{key: key}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{
			"issuer": p.srv.URL, "authorization_endpoint": p.srv.URL + "/authorize",
			"token_endpoint": p.srv.URL + "/token", "jwks_uri": p.srv.URL + "/keys",
			"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	mux.HandleFunc("GET /keys", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("POST /token", p.tokenEndpoint)
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

// authorize is the browser's visit: the provider notes the challenge and
// nonce, and sends back a code.
func (p *rogueIdP) authorize(t *testing.T, authURL string) {
	t.Helper()
	u, err := url.Parse(authURL)
	if err != nil || !strings.HasPrefix(authURL, p.srv.URL+"/authorize?") {
		t.Fatalf("Start sent the browser to %q, want the provider", authURL)
	}
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" {
		t.Fatalf("the authorization request lacks PKCE S256 or a nonce: %v", q)
	}
	p.mu.Lock()
	p.seen.challenge, p.seen.nonce = q.Get("code_challenge"), q.Get("nonce")
	p.mu.Unlock()
}

func (p *rogueIdP) tokenEndpoint(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p.mu.Lock()
	seen := p.seen
	p.mu.Unlock()
	sum := sha256.Sum256([]byte(r.Form.Get("code_verifier")))
	if base64.RawURLEncoding.EncodeToString(sum[:]) != seen.challenge {
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant"})
		return
	}
	now := time.Now()
	claims := map[string]any{
		"iss": p.srv.URL, "sub": "rogue-1", "aud": "porta", "nonce": seen.nonce,
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
		"email": "ann@contoso.test", "email_verified": true,
	}
	if p.token != nil {
		p.token(claims)
	}
	key := p.key
	if p.foreignKey {
		key, _ = rsa.GenerateKey(rand.Reader, 2048)
	}
	signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, (&jose.SignerOptions{}).WithHeader("kid", "k1").WithType("JWT"))
	payload, _ := json.Marshal(claims)
	jws, _ := signer.Sign(payload)
	idToken, _ := jws.CompactSerialize()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": idToken})
}

// mustContoso is a store with the organization Contoso, and identity on it.
func mustContoso(t *testing.T) (*bolt.Store, *identity.Service) {
	t.Helper()
	st := testkit.MustBolt(t)
	id, err := identity.New(context.Background(), identity.Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := id.CreateOrg(context.Background(), "contoso", "Contoso"); err != nil {
		t.Fatal(err)
	}
	return st, id
}

func TestFinishChecksTheProvidersAnswer(t *testing.T) {
	ctx := context.Background()
	st, id := mustContoso(t)
	idp := newRogueIdP(t)
	f := federation.New(federation.Config{Store: st, Identity: id, BaseURL: "http://127.0.0.1:1"})
	p, err := f.AddProvider(ctx, "contoso", api.NewSSOProvider{Preset: api.SSOPresetOIDC, Issuer: idp.srv.URL, Name: "Contoso ID",
		ClientID: "porta", ClientSecret: "s3cret", Domains: []string{"contoso.test"}}, true, "test", identity.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	// finish runs one sign-in through the provider as it now answers.
	finish := func(t *testing.T) (identity.SignInResult, error) {
		t.Helper()
		authURL, sealed, err := f.Start(ctx, p.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		idp.authorize(t, authURL)
		u, _ := url.Parse(authURL)
		res, _, err := f.Finish(ctx, sealed, url.Values{"state": {u.Query().Get("state")}, "code": {"c"}}, identity.Meta{})
		return res, err
	}
	for _, tc := range []struct {
		name    string
		token   func(map[string]any)
		foreign bool
		want    string
	}{
		{name: "another nonce", token: func(c map[string]any) { c["nonce"] = "replayed" }, want: api.SSOErrToken},
		{name: "no nonce", token: func(c map[string]any) { delete(c, "nonce") }, want: api.SSOErrToken},
		{name: "another audience", token: func(c map[string]any) { c["aud"] = "another-product" }, want: api.SSOErrToken},
		{name: "another issuer", token: func(c map[string]any) { c["iss"] = "https://evil.example" }, want: api.SSOErrToken},
		{name: "expired", token: func(c map[string]any) { c["exp"] = time.Now().Add(-time.Hour).Unix() }, want: api.SSOErrToken},
		{name: "another key", foreign: true, want: api.SSOErrToken},
		{name: "unverified email", token: func(c map[string]any) { c["email_verified"] = false }, want: api.SSOErrEmail},
		{name: "email outside the domains", token: func(c map[string]any) { c["email"] = "ann@elsewhere.test" }, want: api.SSOErrEmail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idp.token, idp.foreignKey = tc.token, tc.foreign
			if _, err := finish(t); identity.ErrorCode(err) != tc.want {
				t.Fatalf("Finish: %v, want %s", err, tc.want)
			}
			if _, err := st.GetAccountByEmail(ctx, "ann@contoso.test"); err == nil {
				t.Fatal("a refused answer made an account")
			}
		})
	}
	// The same provider answering properly signs the person in: what
	// was refused above was the change, not the rig.
	t.Run("ProperAnswer", func(t *testing.T) {
		idp.token, idp.foreignKey = nil, false
		if res, err := finish(t); err != nil || res.Next != api.NextDone {
			t.Fatalf("Finish: %+v, %v; want signed in", res, err)
		}
	})
}

func TestProviderPresets(t *testing.T) {
	ctx := context.Background()
	st, id := mustContoso(t)
	f := federation.New(federation.Config{Store: st, Identity: id, BaseURL: "https://id.example.com"})
	domains := 0
	add := func(n api.NewSSOProvider) (api.SSOProviderInfo, error) {
		domains++ // one domain has one provider
		n.ClientID, n.ClientSecret, n.Domains = "porta", "s3cret", []string{fmt.Sprintf("d%d.contoso.test", domains)}
		return f.AddProvider(ctx, "contoso", n, false, "test", identity.Meta{})
	}
	const tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
	if p, err := add(api.NewSSOProvider{Preset: api.SSOPresetMicrosoft, Tenant: tenant}); err != nil ||
		p.Issuer != "https://login.microsoftonline.com/"+tenant+"/v2.0" || p.Name != "Microsoft" {
		t.Fatalf("Microsoft with a tenant ID: %+v, %v", p, err)
	}
	if p, err := add(api.NewSSOProvider{Preset: api.SSOPresetGoogle}); err != nil || p.Issuer != federation.GoogleIssuer {
		t.Fatalf("Google: %+v, %v", p, err)
	}
	for _, n := range []api.NewSSOProvider{
		{Preset: api.SSOPresetMicrosoft},                                         // no tenant
		{Preset: api.SSOPresetMicrosoft, Tenant: "common"},                       // any directory: anyone with a Microsoft account
		{Preset: api.SSOPresetMicrosoft, Tenant: "../" + tenant},                 // not an ID
		{Preset: api.SSOPresetOIDC, Issuer: "http://idp.example.com"},            // plain http off loopback
		{Preset: api.SSOPresetOIDC, Issuer: "https://idp.example.com/?tenant=1"}, // a query
		{Preset: api.SSOPresetOIDC, Issuer: "not a url"},                         // no host
		{Preset: "saml", Issuer: "https://idp.example.com"},                      // no such preset
	} {
		if _, err := add(n); identity.ErrorCode(err) != api.CodeInvalidRequest {
			t.Errorf("%+v: %v, want %s", n, err, api.CodeInvalidRequest)
		}
	}
}
