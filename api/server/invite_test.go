package server_test

import (
	"context"
	"testing"

	"github.com/porta-id/porta/api"
)

// rawCall sends one call with c's cookies and returns status and body as
// they came.
func rawCall(tb testing.TB, c *api.Client, method, path, body string) (int, string) {
	tb.Helper()
	status, resp, err := c.Transport.Do(context.Background(), method, path, []byte(body))
	if err != nil {
		tb.Fatal(err)
	}
	return status, string(resp)
}

func TestInvitations(t *testing.T) {
	ctx := context.Background()
	e := MustServer(t)
	for _, slug := range []string{"acme", "beta"} {
		if _, err := e.svc.CreateOrg(ctx, slug, slug+" Inc."); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AddMember(ctx, slug, annEmail, api.RoleAdmin); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.CreateAccount(ctx, "bob@example.com", annPassword, "Bob"); err != nil {
		t.Fatal(err)
	}
	ann := e.MustSignIn(t)

	t.Run("SameAnswerKnownOrNot", func(t *testing.T) {
		ks, kb := rawCall(t, ann, "POST", api.RouteOrgInvite.Fill("acme"), `{"email":"bob@example.com","role":"admin"}`)
		us, ub := rawCall(t, ann, "POST", api.RouteOrgInvite.Fill("acme"), `{"email":"zed@example.com","role":"admin"}`)
		if ks != us || kb != ub || ks != 201 {
			t.Fatalf("known %d %s / unknown %d %s", ks, kb, us, ub)
		}
	})
	if _, err := ann.Invite(ctx, "beta", api.InviteRequest{Email: "bob@example.com"}); err != nil {
		t.Fatal(err)
	}
	bob := e.MustClient(t)
	if _, err := bob.SignInPassword(ctx, "bob@example.com", annPassword); err != nil {
		t.Fatal(err)
	}
	list, err := bob.Invitations(ctx)
	if err != nil || len(list.Invitations) != 2 {
		t.Fatalf("invitations = %+v %v", list, err)
	}
	byOrg := map[string]api.Invitation{}
	for _, inv := range list.Invitations {
		byOrg[inv.Org.Slug] = inv
	}
	acme := byOrg["acme"]
	if acme.Inviter != "Ann" || acme.Role != api.RoleAdmin || acme.Org.Name != "acme Inc." || acme.Org.SignInURL == "" {
		t.Fatalf("acme invitation = %+v", acme)
	}
	if orgs, _ := bob.AccountOrgs(ctx); len(orgs.Orgs) != 0 {
		t.Fatalf("bob is a member before accepting: %+v", orgs)
	}

	t.Run("ErrForeignID", func(t *testing.T) {
		_, err := ann.AcceptInvitation(ctx, acme.ID)
		wantAPIError(t, err, 404, api.CodeNotFound)
		wantAPIError(t, ann.DeclineInvitation(ctx, acme.ID), 404, api.CodeNotFound)
		_, err = bob.AcceptInvitation(ctx, "no-such-id")
		wantAPIError(t, err, 404, api.CodeNotFound)
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		wantAPIError(t, bob.WithdrawInvite(ctx, "acme", "zed@example.com"), 403, api.CodeForbidden)
	})
	t.Run("WithdrawLeavesOtherOrgs", func(t *testing.T) {
		if err := ann.WithdrawInvite(ctx, "acme", "bob@example.com"); err != nil {
			t.Fatal(err)
		}
		if err := ann.WithdrawInvite(ctx, "acme", "nobody@example.com"); err != nil {
			t.Fatalf("withdrawing nothing: %v", err)
		}
		list, _ := bob.Invitations(ctx)
		if len(list.Invitations) != 1 || list.Invitations[0].Org.Slug != "beta" {
			t.Fatalf("after acme withdrew: %+v", list)
		}
		_, err := bob.AcceptInvitation(ctx, acme.ID)
		wantAPIError(t, err, 404, api.CodeNotFound)
	})
	t.Run("Accept", func(t *testing.T) {
		m, err := bob.AcceptInvitation(ctx, byOrg["beta"].ID)
		if err != nil || m.Slug != "beta" || m.Role != api.RoleMember {
			t.Fatalf("accept = %+v %v", m, err)
		}
		orgs, _ := bob.AccountOrgs(ctx)
		if len(orgs.Orgs) != 1 || orgs.Orgs[0].Slug != "beta" {
			t.Fatalf("orgs = %+v", orgs)
		}
		if list, _ := bob.Invitations(ctx); len(list.Invitations) != 0 {
			t.Fatalf("still pending: %+v", list)
		}
	})
	t.Run("ErrHostileProfileName", func(t *testing.T) {
		_, err := bob.UpdateProfile(ctx, "Bob\u202Etxt.exe")
		wantAPIError(t, err, 400, api.CodeInvalidRequest)
		if e := err.(*api.Error); e.Message != "Your name contains characters that are not allowed." {
			t.Fatalf("message = %q", e.Message)
		}
	})
}
