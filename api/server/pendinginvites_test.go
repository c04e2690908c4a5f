package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
)

// TestPendingInvites: an organization's admins see its unanswered
// invitations, send one again (a new email) and withdraw one; an answered
// invitation leaves the list; members cannot see it.
func TestPendingInvites(t *testing.T) {
	ctx := context.Background()
	e := MustServer(t)
	bo := e.mustAcme(t)
	if _, err := e.svc.CreateAccount(ctx, "cy@example.com", annPassword, "Cy"); err != nil {
		t.Fatal(err)
	}
	ann := e.MustSignIn(t)
	for _, email := range []string{"cy@example.com", "zed@example.com"} {
		if _, err := ann.Invite(ctx, "acme", api.InviteRequest{Email: email, Role: api.RoleMember}); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Minute)
	}
	emails := func() []string {
		t.Helper()
		l, err := ann.PendingInvites(ctx, "acme")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, i := range l.Invites {
			out = append(out, i.Email+" "+i.Role+" from "+i.Inviter)
		}
		return out
	}
	if got := emails(); len(got) != 2 || got[0] != "cy@example.com member from Ann" || got[1] != "zed@example.com member from Ann" {
		t.Fatalf("pending = %q", got)
	}

	mailsTo := func(addr string) int {
		n := 0
		for _, m := range e.MustOutbox(t) {
			if m.To == addr {
				n++
			}
		}
		return n
	}
	before := mailsTo("zed@example.com")
	e.clock.Advance(time.Minute)
	if err := ann.ResendInvite(ctx, "acme", "zed@example.com"); err != nil {
		t.Fatal(err)
	}
	if after := mailsTo("zed@example.com"); after != before+1 {
		t.Fatalf("emails to zed: %d before the resend, %d after", before, after)
	}
	wantAPIError(t, ann.ResendInvite(ctx, "acme", "nobody@example.com"), 404, api.CodeNotFound)

	if err := ann.WithdrawInvite(ctx, "acme", "zed@example.com"); err != nil {
		t.Fatal(err)
	}
	if got := emails(); len(got) != 1 || got[0] != "cy@example.com member from Ann" {
		t.Fatalf("after withdrawing zed: %q", got)
	}
	wantAPIError(t, ann.ResendInvite(ctx, "acme", "zed@example.com"), 404, api.CodeNotFound)

	cy := e.MustClient(t)
	if _, err := cy.SignInPassword(ctx, "cy@example.com", annPassword); err != nil {
		t.Fatal(err)
	}
	mine, err := cy.Invitations(ctx)
	if err != nil || len(mine.Invitations) != 1 {
		t.Fatalf("Cy's invitations: %+v, %v", mine, err)
	}
	if _, err := cy.AcceptInvitation(ctx, mine.Invitations[0].ID); err != nil {
		t.Fatal(err)
	}
	if got := emails(); len(got) != 0 {
		t.Fatalf("after Cy accepted: %q", got)
	}

	boClient := e.MustClient(t)
	if _, err := boClient.SignInPassword(ctx, bo.Email, annPassword); err != nil {
		t.Fatal(err)
	}
	_, err = boClient.PendingInvites(ctx, "acme")
	wantAPIError(t, err, 403, api.CodeForbidden)
	wantAPIError(t, boClient.ResendInvite(ctx, "acme", "cy@example.com"), 403, api.CodeForbidden)
}
