package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestAdminClients registers products the way an operator does and reads
// back what the commands print.
func TestAdminClients(t *testing.T) {
	data := t.TempDir()
	admin, must := adminCLI(t, data)
	field := func(out, name string) string {
		t.Helper()
		m := regexp.MustCompile(`(?m)^` + name + `:\s+(\S+)$`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no %s in %q", name, out)
		}
		return m[1]
	}
	must("org", "create", "--slug", "acme", "--name", "Acme Inc.")
	created := must("client", "create", "--name", "Ledger", "--redirect-uri", "https://ledger.example/cb",
		"--redirect-uri", "https://ledger.example/cb2", "--post-logout-uri", "https://ledger.example/", "--org", "acme", "--first-party")
	id, secret := field(created, "client_id"), field(created, "client_secret")
	if !strings.Contains(created, "shown this once") {
		t.Errorf("create does not say the secret is shown once: %q", created)
	}
	public := must("client", "create", "--name", "Phone app", "--redirect-uri", "com.example.app:/cb", "--public")
	if strings.Contains(public, "client_secret") {
		t.Errorf("a public client got a secret: %q", public)
	}
	list := must("client", "list")
	for _, want := range []string{id, "Ledger", "confidential, first-party", "https://ledger.example/cb https://ledger.example/cb2", "Phone app", "public"} {
		if !strings.Contains(list, want) {
			t.Errorf("client list lacks %q:\n%s", want, list)
		}
	}
	show := must("client", "show", "--id", id)
	for _, want := range []string{"Ledger", "organization:     acme", "post-logout URIs: https://ledger.example/", "ID token alg:     RS256"} {
		if !strings.Contains(show, want) {
			t.Errorf("client show lacks %q:\n%s", want, show)
		}
	}
	if strings.Contains(show, secret) {
		t.Error("client show prints the secret")
	}
	es := field(must("client", "create", "--name", "Ledger mobile", "--redirect-uri", "https://ledger.example/m", "--signing-alg", "es256"), "client_id")
	if show := must("client", "show", "--id", es); !strings.Contains(show, "ID token alg:     ES256") {
		t.Errorf("a client created with --signing-alg es256 shows:\n%s", show)
	}
	if rotated := field(must("client", "rotate-secret", "--id", id), "client_secret"); rotated == secret || len(rotated) < 40 {
		t.Errorf("rotate-secret printed %q (old %q)", rotated, secret)
	}
	for name, args := range map[string][]string{
		"ErrNoRedirectURI":   {"client", "create", "--name", "X"},
		"ErrNoName":          {"client", "create", "--redirect-uri", "https://x.example/cb"},
		"ErrUnknownOrg":      {"client", "create", "--name", "X", "--redirect-uri", "https://x.example/cb", "--org", "nobody"},
		"ErrFragmentInURI":   {"client", "create", "--name", "X", "--redirect-uri", "https://x.example/cb#frag"},
		"ErrSigningAlgHS256": {"client", "create", "--name", "X", "--redirect-uri", "https://x.example/cb", "--signing-alg", "HS256"},
		"ErrSigningAlgNone":  {"client", "create", "--name", "X", "--redirect-uri", "https://x.example/cb", "--signing-alg", "none"},
		"ErrShowUnknown":     {"client", "show", "--id", "nobody"},
		"ErrRotateUnknown":   {"client", "rotate-secret", "--id", "nobody"},
		"ErrDeleteWithoutID": {"client", "delete"},
	} {
		if _, err := admin(args...); err == nil {
			t.Errorf("%s: %v succeeded", name, args)
		}
	}
	must("client", "delete", "--id", id)
	if _, err := admin("client", "show", "--id", id); err == nil {
		t.Error("a deleted client is still shown")
	}
}
