package main

import (
	"strings"
	"testing"
)

// TestAdminMembers: an operator lists an organization's members, changes
// a role and removes a member; the organization keeps an admin.
func TestAdminMembers(t *testing.T) {
	data := t.TempDir()
	admin, must := adminCLI(t, data)
	must("org", "create", "--slug", "acme", "--name", "Acme Inc.")
	must("account", "create", "--email", "ann@example.com", "--password", "Correct-Horse-7", "--name", "Ann")
	must("account", "create", "--email", "bo@example.com", "--password", "Correct-Horse-7", "--name", "Bo")
	must("org", "add-member", "--slug", "acme", "--email", "ann@example.com", "--role", "admin")
	must("org", "add-member", "--slug", "acme", "--email", "bo@example.com")

	if board := must("org", "progress", "--slug", "acme"); !strings.Contains(board, "0 of 2 members have two-step verification on") {
		t.Fatalf("org progress:\n%s", board)
	}
	list := must("org", "members", "--slug", "acme")
	if !strings.Contains(list, "ann@example.com") || !strings.Contains(list, "admin") || !strings.Contains(list, "bo@example.com") {
		t.Fatalf("org members:\n%s", list)
	}
	if only := must("org", "members", "--slug", "acme", "--search", "BO"); strings.Contains(only, "ann@") || !strings.Contains(only, "bo@example.com") {
		t.Fatalf("org members --search BO:\n%s", only)
	}
	if _, err := admin("org", "set-role", "--slug", "acme", "--email", "ann@example.com", "--role", "member"); err == nil || !strings.Contains(err.Error(), "at least one admin") {
		t.Fatalf("demoting the last admin: %v", err)
	}
	if _, err := admin("org", "remove-member", "--slug", "acme", "--email", "ann@example.com"); err == nil {
		t.Fatal("the last admin was removed")
	}
	if out := must("org", "set-role", "--slug", "acme", "--email", "bo@example.com", "--role", "admin"); !strings.Contains(out, "bo@example.com is now admin of acme") {
		t.Fatalf("set-role: %q", out)
	}
	must("org", "remove-member", "--slug", "acme", "--email", "ann@example.com")
	if list := must("org", "members", "--slug", "acme"); strings.Contains(list, "ann@example.com") {
		t.Fatalf("Ann is still listed:\n%s", list)
	}
	if _, err := admin("org", "remove-member", "--slug", "acme", "--email", "nobody@example.com"); err == nil {
		t.Fatal("removing an unknown email succeeded")
	}

	// What the operator did is in the organization's log, by the operator.
	log := must("org", "audit", "--slug", "acme", "--person", "ann@example.com")
	lines := strings.Split(strings.TrimSpace(log), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "member_removed") || !strings.Contains(lines[1], "member_added") || !strings.Contains(lines[0], byOperator) {
		t.Fatalf("org audit --person ann, newest first:\n%s", log)
	}
	if roles := must("org", "audit", "--slug", "acme", "--kind", "role_changed"); !strings.Contains(roles, "bo@example.com") || !strings.Contains(roles, "member → admin") || strings.Count(roles, "\n") != 1 {
		t.Fatalf("org audit --kind role_changed:\n%s", roles)
	}
	if _, err := admin("org", "audit", "--slug", "acme", "--kind", "nonsense"); err == nil {
		t.Fatal("an unknown kind was accepted")
	}

	// Pending invitations: listed, sent again, withdrawn.
	must("account", "invite", "--email", "zed@example.com", "--org", "acme")
	if list := must("org", "invites", "--slug", "acme"); !strings.Contains(list, "zed@example.com") || !strings.Contains(list, "member") {
		t.Fatalf("org invites:\n%s", list)
	}
	if out := must("org", "resend-invite", "--slug", "acme", "--email", "zed@example.com"); !strings.Contains(out, "sent again") {
		t.Fatalf("resend-invite: %q", out)
	}
	must("org", "withdraw-invite", "--slug", "acme", "--email", "zed@example.com")
	if list := must("org", "invites", "--slug", "acme"); strings.Contains(list, "zed@example.com") {
		t.Fatalf("withdrawn, still listed:\n%s", list)
	}
	if _, err := admin("org", "resend-invite", "--slug", "acme", "--email", "zed@example.com"); err == nil {
		t.Fatal("a withdrawn invitation was sent again")
	}
}

// TestAdminOrgSettings: porta admin org set changes what it names and
// prints the settings in force.
func TestAdminOrgSettings(t *testing.T) {
	data := t.TempDir()
	run := func(args ...string) (string, error) {
		out, _, err := runCLI(append([]string{"admin", "org"}, append(args, "--data", data)...)...)
		return out, err
	}
	if _, err := run("create", "--slug", "acme", "--name", "Acme Inc."); err != nil {
		t.Fatal(err)
	}
	out, err := run("set", "--slug", "acme", "--trusted-domains", "Acme.example,acme-eu.example", "--switch-date", "2027-01-31")
	if err != nil || out != "acme: enforce-2fa off, forbid-remember-device off, trusted domains acme-eu.example,acme.example, switch date 2027-01-31\n" {
		t.Fatalf("set = %q, %v", out, err)
	}
	out, err = run("set", "--slug", "acme", "--enforce-2fa", "on", "--trusted-domains", "none", "--switch-date", "none")
	if err != nil || out != "acme: enforce-2fa on, forbid-remember-device off, trusted domains none, switch date none\n" {
		t.Fatalf("set = %q, %v", out, err)
	}
	for _, bad := range [][]string{{"--switch-date", "31/01/2027"}, {"--trusted-domains", "not a domain"}, {}} {
		if _, err := run(append([]string{"set", "--slug", "acme"}, bad...)...); err == nil {
			t.Errorf("set %v succeeded", bad)
		}
	}
}
