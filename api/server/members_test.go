package server_test

import (
	"context"
	"testing"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// mustAcme makes the organization acme with Ann its admin and Bo, whom
// it returns, a member.
func (e *env) mustAcme(tb testing.TB) store.Account {
	tb.Helper()
	ctx := context.Background()
	if _, err := e.svc.CreateOrg(ctx, "acme", "Acme Inc."); err != nil {
		tb.Fatal(err)
	}
	bo, err := e.svc.CreateAccount(ctx, "bo@example.com", annPassword, "Bo Member")
	if err != nil {
		tb.Fatal(err)
	}
	for email, role := range map[string]string{annEmail: api.RoleAdmin, bo.Email: api.RoleMember} {
		if _, err := e.svc.AddMember(ctx, "acme", email, role); err != nil {
			tb.Fatal(err)
		}
	}
	return bo
}

// TestMemberAdministration: an organization's admin lists, promotes and
// removes members over the API; a member cannot, and the organization
// always keeps an admin.
func TestMemberAdministration(t *testing.T) {
	ctx := context.Background()
	e := MustServer(t)
	bo := e.mustAcme(t)
	ann := e.MustSignIn(t)
	list, err := ann.Members(ctx, "acme", "")
	if err != nil || len(list.Members) != 2 || list.Members[0].Email != annEmail || list.Members[1].Role != api.RoleMember || list.More {
		t.Fatalf("members = %+v, %v", list, err)
	}
	if list, err := ann.Members(ctx, "acme", "bo mem"); err != nil || len(list.Members) != 1 || list.Members[0].AccountID != bo.ID {
		t.Fatalf("search for Bo = %+v, %v", list, err)
	}
	annID := list.Members[0].AccountID

	boClient := e.MustClient(t)
	if _, err := boClient.SignInPassword(ctx, bo.Email, annPassword); err != nil {
		t.Fatal(err)
	}
	_, err = boClient.Members(ctx, "acme", "")
	wantAPIError(t, err, 403, api.CodeForbidden)
	_, err = boClient.SetMemberRole(ctx, "acme", bo.ID, api.RoleAdmin)
	wantAPIError(t, err, 403, api.CodeForbidden)

	_, err = ann.SetMemberRole(ctx, "acme", annID, api.RoleMember)
	wantAPIError(t, err, 409, api.CodeConflict)
	wantAPIError(t, ann.RemoveMember(ctx, "acme", annID), 409, api.CodeConflict)
	_, err = ann.SetMemberRole(ctx, "acme", bo.ID, "owner")
	wantAPIError(t, err, 400, api.CodeInvalidRequest)
	_, err = ann.SetMemberRole(ctx, "acme", "nobody", api.RoleAdmin)
	wantAPIError(t, err, 404, api.CodeNotFound)
	_, err = ann.Members(ctx, "nope", "")
	wantAPIError(t, err, 404, api.CodeNotFound)

	if m, err := ann.SetMemberRole(ctx, "acme", bo.ID, api.RoleAdmin); err != nil || m.Role != api.RoleAdmin {
		t.Fatalf("promote Bo = %+v, %v", m, err)
	}
	if err := boClient.RemoveMember(ctx, "acme", annID); err != nil {
		t.Fatalf("Bo, now admin, removes Ann: %v", err)
	}
	_, err = ann.Members(ctx, "acme", "")
	wantAPIError(t, err, 403, api.CodeForbidden)
	wantAPIError(t, boClient.RemoveMember(ctx, "acme", annID), 404, api.CodeNotFound)
}
