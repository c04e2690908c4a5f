package identity_test

import (
	"context"
	"slices"
	"testing"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store"
)

// mustMembers sets up acme with Ann (admin), Bo and Cy (members) and
// returns their accounts.
func mustMembers(tb testing.TB, e *env) (ann, bo, cy store.Account) {
	tb.Helper()
	mustOrg(tb, e, "acme", "Acme Inc.")
	ann, bo, cy = e.MustAccount(tb, "ann@example.com", "Correct-Horse-7"), e.MustAccount(tb, "bo@example.com", "Correct-Horse-7"), e.MustAccount(tb, "cy@other.example", "Correct-Horse-7")
	for a, role := range map[string]string{ann.Email: api.RoleAdmin, bo.Email: api.RoleMember, cy.Email: api.RoleMember} {
		if _, err := e.svc.AddMember(context.Background(), "acme", a, role); err != nil {
			tb.Fatal(err)
		}
	}
	return ann, bo, cy
}

func TestMembers(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	ann, _, _ := mustMembers(t, e)
	for query, want := range map[string][]string{
		"":             {"ann@example.com", "bo@example.com", "cy@other.example"},
		"EXAMPLE.COM":  {"ann@example.com", "bo@example.com"},
		"test person":  {"ann@example.com", "bo@example.com", "cy@other.example"},
		"nobody-there": nil,
	} {
		got, more, err := e.svc.Members(ctx, "acme", query)
		if err != nil || more {
			t.Fatalf("Members(%q): %v, more %v", query, err, more)
		}
		var emails []string
		for _, m := range got {
			emails = append(emails, m.Email)
		}
		if !slices.Equal(emails, want) {
			t.Errorf("Members(%q) = %v, want %v", query, emails, want)
		}
	}
	got, _, _ := e.svc.Members(ctx, "acme", "ann")
	if len(got) != 1 || got[0].AccountID != ann.ID || got[0].Role != api.RoleAdmin || !got[0].Activated || got[0].Since.IsZero() {
		t.Errorf("Ann's entry: %+v", got)
	}
	_, _, err := e.svc.Members(ctx, "nowhere", "")
	wantCode(t, err, api.CodeNotFound)
}

func TestSetMemberRole(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		e := MustEnv(t)
		ann, bo, _ := mustMembers(t, e)
		m, err := e.svc.SetMemberRole(ctx, "acme", bo.ID, api.RoleAdmin, ann.Email, meta)
		if err != nil || m.Role != api.RoleAdmin || m.Email != bo.Email {
			t.Fatalf("make Bo admin: %+v, %v", m, err)
		}
		events, _ := e.store.ListAudit(ctx, bo.ID, 0)
		if !hasEvent(events, identity.AuditRoleChanged) {
			t.Error("no audit event for the role change")
		}
		// Two admins now: Ann may step down.
		if _, err := e.svc.SetMemberRole(ctx, "acme", ann.ID, api.RoleMember, ann.Email, meta); err != nil {
			t.Fatalf("Ann steps down while Bo is admin: %v", err)
		}
	})
	t.Run("ErrLastAdmin", func(t *testing.T) {
		e := MustEnv(t)
		ann, _, _ := mustMembers(t, e)
		_, err := e.svc.SetMemberRole(ctx, "acme", ann.ID, api.RoleMember, ann.Email, meta)
		wantCode(t, err, api.CodeConflict)
		_, err = e.svc.AddMember(ctx, "acme", ann.Email, api.RoleMember)
		wantCode(t, err, api.CodeConflict)
		if ok, _ := e.svc.IsOrgAdmin(ctx, mustOrgID(t, e, "acme"), ann.ID); !ok {
			t.Error("the last admin was demoted")
		}
	})
	t.Run("Errors", func(t *testing.T) {
		e := MustEnv(t)
		ann, _, _ := mustMembers(t, e)
		outsider := e.MustAccount(t, "zed@example.com", "Correct-Horse-7")
		_, err := e.svc.SetMemberRole(ctx, "acme", outsider.ID, api.RoleAdmin, ann.Email, meta)
		wantCode(t, err, api.CodeNotFound)
		_, err = e.svc.SetMemberRole(ctx, "acme", ann.ID, "owner", ann.Email, meta)
		wantCode(t, err, api.CodeInvalidRequest)
	})
}

func TestRemoveMember(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	ann, bo, _ := mustMembers(t, e)
	if err := e.svc.RemoveMember(ctx, "acme", bo.ID, ann.Email, meta); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.GetMembership(ctx, mustOrgID(t, e, "acme"), bo.ID); err == nil {
		t.Error("Bo is still a member")
	}
	events, _ := e.store.ListAudit(ctx, bo.ID, 0)
	if !hasEvent(events, identity.AuditMemberRemoved) {
		t.Error("no audit event for the removal")
	}
	wantCode(t, e.svc.RemoveMember(ctx, "acme", bo.ID, ann.Email, meta), api.CodeNotFound)
	wantCode(t, e.svc.RemoveMember(ctx, "acme", ann.ID, ann.Email, meta), api.CodeConflict)
}

func mustOrgID(tb testing.TB, e *env, slug string) string {
	tb.Helper()
	o, err := e.svc.Org(context.Background(), slug)
	if err != nil {
		tb.Fatal(err)
	}
	return o.ID
}
