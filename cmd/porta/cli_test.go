package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runCLI runs the porta command line in process.
func runCLI(args ...string) (stdout, stderr string, err error) {
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestAdminAccount(t *testing.T) {
	data := t.TempDir()
	t.Run("CreateAndList", func(t *testing.T) {
		out, _, err := runCLI("admin", "account", "create", "--data", data, "--email", "Ann@Example.com", "--password", "Correct-Horse-7", "--name", "Ann Smith")
		if err != nil || !strings.Contains(out, "<ann@example.com>") {
			t.Fatalf("create: %q %v", out, err)
		}
		if _, _, err := runCLI("admin", "account", "create", "--data", data, "--email", "bob@example.com", "--password", "Battery-Staple-9"); err != nil {
			t.Fatal(err)
		}
		out, _, err = runCLI("admin", "account", "list", "--data", data)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if err != nil || len(lines) != 2 || !strings.Contains(lines[0], "ann@example.com") || !strings.Contains(lines[0], "Ann Smith") || !strings.Contains(lines[1], "bob@example.com") {
			t.Fatalf("list = %q, %v", out, err)
		}
	})
	t.Run("ErrDuplicate", func(t *testing.T) {
		_, _, err := runCLI("admin", "account", "create", "--data", data, "--email", "ann@example.com", "--password", "Correct-Horse-8")
		if err == nil || !strings.Contains(err.Error(), "already exists") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrWeakPassword", func(t *testing.T) {
		_, _, err := runCLI("admin", "account", "create", "--data", data, "--email", "cy@example.com", "--password", "Password123!")
		if err == nil || !strings.Contains(err.Error(), "too common") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrMissingFlags", func(t *testing.T) {
		_, _, err := runCLI("admin", "account", "create", "--data", data, "--email", "cy@example.com")
		if exitCode(err) != 2 {
			t.Fatalf("err = %v, want a usage error", err)
		}
	})
	t.Run("ErrServerRunning", func(t *testing.T) {
		m := MustPorta(t, func(c *Config) { c.Data = data; c.Web = nil })
		_, _, err := runCLI("admin", "account", "list", "--data", data)
		if err == nil || !strings.Contains(err.Error(), "in use by another process") {
			t.Fatalf("err = %v", err)
		}
		m.Close()
		if _, _, err := runCLI("admin", "account", "list", "--data", data); err != nil {
			t.Fatalf("after the server stopped: %v", err)
		}
	})
}

func TestServeFlags(t *testing.T) {
	t.Run("Env", func(t *testing.T) {
		t.Setenv("PORTA_ADDR", "127.0.0.1:9999")
		t.Setenv("PORTA_DATA", "/tmp/x")
		t.Setenv("PORTA_DEV", "true")
		c, err := parseServeFlags(nil, &bytes.Buffer{})
		if err != nil || c.Addr != "127.0.0.1:9999" || c.Data != "/tmp/x" || !c.Dev {
			t.Fatalf("config = %+v, %v", c, err)
		}
		c, err = parseServeFlags([]string{"--addr", "127.0.0.1:7777"}, &bytes.Buffer{})
		if err != nil || c.Addr != "127.0.0.1:7777" {
			t.Fatalf("flag must win over env: %+v, %v", c, err)
		}
	})
	for name, args := range map[string][]string{
		"ErrPolicy":   {"--password-policy", "lax"},
		"ErrArgon2":   {"--argon2-time", "0"},
		"ErrArgument": {"extra"},
		"ErrSession":  {"--session-idle", "-1h"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := parseServeFlags(args, &bytes.Buffer{}); exitCode(err) != 2 {
				t.Fatalf("err = %v, want a usage error", err)
			}
		})
	}
	t.Run("ErrUnknownCommand", func(t *testing.T) {
		if _, _, err := runCLI("frobnicate"); exitCode(err) != 2 {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestAdminOrgsAndInvites(t *testing.T) {
	data := t.TempDir()
	must := func(args ...string) string {
		t.Helper()
		out, _, err := runCLI(append([]string{"admin"}, append(args, "--data", data)...)...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return out
	}
	must("org", "create", "--slug", "acme", "--name", "Acme Inc.")
	if _, _, err := runCLI("admin", "org", "create", "--slug", "Acme!", "--name", "x", "--data", data); err == nil {
		t.Fatal("a bad slug was accepted")
	}
	must("account", "create", "--email", "ann@example.com", "--password", "Correct-Horse-7")
	if out := must("org", "add-member", "--slug", "acme", "--email", "ann@example.com", "--role", "admin"); !strings.Contains(out, "admin of acme") {
		t.Fatalf("add-member: %q", out)
	}
	if out := must("account", "invite", "--email", "nia@example.com", "--org", "acme"); !strings.Contains(out, "invited nia@example.com") {
		t.Fatalf("invite: %q", out)
	}
	must("account", "create", "--email", "bo@example.com", "--password", "Correct-Horse-7")
	if out := must("account", "invite", "--email", "bo@example.com", "--org", "acme"); !strings.Contains(out, "invited bo@example.com to acme") || !strings.Contains(out, "once they accept") {
		t.Fatalf("invite of an existing account: %q", out)
	}
	must("org", "set", "--slug", "acme", "--enforce-2fa", "on", "--forbid-remember-device", "on")
	if out := must("org", "list"); !strings.Contains(out, "acme") || !strings.Contains(out, "Acme Inc.") || !strings.Contains(out, "two-step enforced") {
		t.Fatalf("org list: %q", out)
	}
	if _, _, err := runCLI("admin", "org", "set", "--slug", "acme", "--enforce-2fa", "maybe", "--data", data); exitCode(err) != 2 {
		t.Fatalf("org set with a bad value: %v", err)
	}
	accounts := must("account", "list")
	if !strings.Contains(accounts, "nia@example.com") || !strings.Contains(accounts, "invited") {
		t.Fatalf("account list: %q", accounts)
	}
	mail := must("mail", "list")
	if !strings.Contains(mail, "Activate your account") || !strings.Contains(mail, "Join Acme Inc. on Porta") || !strings.Contains(mail, "pending") {
		t.Fatalf("mail list: %q", mail)
	}
	if _, _, err := runCLI("admin", "org", "add-member", "--slug", "acme", "--email", "zed@example.com", "--data", data); err == nil || !strings.Contains(err.Error(), "invite it instead") {
		t.Fatalf("add-member of an unknown email: %v", err)
	}
}

func TestAdminMigrateStore(t *testing.T) {
	dsn := MustPostgresDB(t)
	from, back := t.TempDir(), t.TempDir()
	for _, args := range [][]string{
		{"org", "create", "--slug", "acme", "--name", "Acme Inc."},
		{"account", "create", "--email", "ann@example.com", "--password", "Correct-Horse-7"},
		{"account", "invite", "--email", "nia@example.com", "--org", "acme"},
	} {
		if _, _, err := runCLI(append(append([]string{"admin"}, args...), "--data", from)...); err != nil {
			t.Fatal(err)
		}
	}
	out, _, err := runCLI("admin", "migrate-store", "--from", from, "--to", dsn)
	if err != nil || !strings.Contains(out, "copied and verified") || !strings.Contains(out, "2 accounts") || !strings.Contains(out, "1 organizations") {
		t.Fatalf("to PostgreSQL: %q %v", out, err)
	}
	if _, _, err := runCLI("admin", "migrate-store", "--from", from, "--to", dsn); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("a second copy into the same database: %v", err)
	}
	list, _, err := runCLI("admin", "account", "list", "--store", dsn)
	if err != nil || !strings.Contains(list, "nia@example.com") || !strings.Contains(list, "invited") {
		t.Fatalf("account list on PostgreSQL: %q %v", list, err)
	}
	out, _, err = runCLI("admin", "migrate-store", "--from", dsn, "--to", back)
	if err != nil || !strings.Contains(out, "2 accounts") {
		t.Fatalf("back to bbolt: %q %v", out, err)
	}
	if _, _, err := runCLI("admin", "account", "list", "--data", back); err != nil {
		t.Fatal(err)
	}
}

// adminCLI runs `porta admin …` on the data folder: admin returns what a
// command printed and its error, must fails the test on an error.
func adminCLI(t *testing.T, data string) (admin func(args ...string) (string, error), must func(args ...string) string) {
	admin = func(args ...string) (string, error) {
		out, _, err := runCLI(append([]string{"admin"}, append(args, "--data", data)...)...)
		return out, err
	}
	must = func(args ...string) string {
		t.Helper()
		out, err := admin(args...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return out
	}
	return admin, must
}
