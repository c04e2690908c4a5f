package main

import (
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/porta-id/porta/api"
)

// TestAdminSSO: an operator adds an organization's identity provider,
// lists, confirms and removes it; the server opens the client secret the
// command sealed and sends people to the provider.
func TestAdminSSO(t *testing.T) {
	data := t.TempDir()
	admin, must := adminCLI(t, data)
	idp := MustPorta(t)
	issuer := issuerOf(t, idp)
	must("org", "create", "--slug", "acme", "--name", "Acme Inc.")
	add := []string{"org", "sso", "add", "--slug", "acme", "--preset", "oidc", "--issuer", issuer, "--name", "Acme ID",
		"--client-id", "porta", "--client-secret", "s3cret", "--domain", "acme.test", "--domain", "@Acme-Corp.test"}
	if _, err := admin(add...); err == nil || !strings.Contains(err.Error(), "secrets key") {
		t.Fatalf("add before the server made its secrets key: %v, want an error naming the key", err)
	}
	if _, err := loadSecretsKey(filepath.Join(data, "secrets.key")); err != nil {
		t.Fatal(err)
	}
	out := must(add...)
	id := regexp.MustCompile(`(?m)^id: +(\S+)$`).FindStringSubmatch(out)
	if id == nil || !strings.Contains(out, "acme.test, acme-corp.test") || !strings.Contains(out, "/sso/callback") {
		t.Fatalf("org sso add:\n%s", out)
	}
	if strings.Contains(out, "s3cret") {
		t.Fatalf("org sso add printed the client secret:\n%s", out)
	}
	if list := must("org", "sso", "list", "--slug", "acme"); !strings.Contains(list, id[1]) || !strings.Contains(list, "signs in") {
		t.Fatalf("org sso list:\n%s", list)
	}
	if _, err := admin("org", "sso", "add", "--slug", "acme", "--preset", "google", "--client-id", "c", "--client-secret", "s", "--domain", "acme.test"); err == nil {
		t.Fatal("a second provider for acme.test was added")
	}
	if _, err := admin("org", "sso", "add", "--slug", "acme", "--preset", "oidc", "--issuer", "http://idp.example.com", "--client-id", "c", "--client-secret", "s", "--domain", "x.test"); err == nil {
		t.Fatal("a plain-http issuer off loopback was accepted")
	}
	must("org", "sso", "verify", "--slug", "acme", "--id", id[1])

	// The server opens what the command sealed and sends the browser on.
	porta := MustPorta(t, func(c *Config) { c.Data = data })
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(porta.URL() + api.SSOStartURL(id[1], ""))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, strings.TrimRight(issuer, "/")+"/authorize?") ||
		!strings.Contains(loc, "code_challenge_method=S256") || !strings.Contains(loc, "nonce=") {
		t.Fatalf("start: %d %q, want the provider's authorize with PKCE and a nonce", resp.StatusCode, loc)
	}
	porta.Close()

	must("org", "sso", "remove", "--slug", "acme", "--id", id[1])
	if list := must("org", "sso", "list", "--slug", "acme"); strings.Contains(list, id[1]) {
		t.Fatalf("org sso list after remove:\n%s", list)
	}
	if _, err := admin("org", "sso", "remove", "--slug", "acme", "--id", id[1]); err == nil {
		t.Fatal("removing it twice succeeded")
	}
}
