package server_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
)

// TestOrgAudit: what an organization's admins do shows in its log with
// who did it, newest first; admins narrow it by person and kind and page
// back through it; members and strangers cannot read it, and bad filters are refused.
func TestOrgAudit(t *testing.T) {
	ctx := context.Background()
	e := MustServer(t)
	bo := e.mustAcme(t)
	ann := e.MustSignIn(t)
	boClient := e.MustClient(t)
	if _, err := boClient.SignInPassword(ctx, bo.Email, annPassword); err != nil {
		t.Fatal(err)
	}
	_, err := boClient.OrgAudit(ctx, "acme", api.OrgAuditFilter{})
	wantAPIError(t, err, 403, api.CodeForbidden)
	_, err = e.MustClient(t).OrgAudit(ctx, "acme", api.OrgAuditFilter{})
	wantAPIError(t, err, 401, api.CodeUnauthenticated)

	// Each action a second after the last, so "newest first" has one answer.
	step := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		e.clock.Advance(time.Second)
	}
	e.clock.Advance(time.Second)
	_, err = ann.Invite(ctx, "acme", api.InviteRequest{Email: "cy@example.com"})
	step("invite Cy", err)
	step("withdraw Cy", ann.WithdrawInvite(ctx, "acme", "cy@example.com"))
	_, err = ann.SetMemberRole(ctx, "acme", bo.ID, api.RoleAdmin)
	step("promote Bo", err)
	on := true
	_, err = ann.UpdateOrgSettings(ctx, "acme", api.OrgSettings{Enforce2FA: &on})
	step("enforce two-step", err)
	step("remove Bo", ann.RemoveMember(ctx, "acme", bo.ID))

	log, err := ann.OrgAudit(ctx, "acme", api.OrgAuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range log.Events {
		got = append(got, fmt.Sprintf("%s %s by %s", ev.Kind, ev.Person, ev.Actor))
	}
	want := []string{
		"member_removed bo@example.com by " + annEmail,
		"org_changed  by " + annEmail,
		"role_changed bo@example.com by " + annEmail,
		"invitation_withdrawn cy@example.com by " + annEmail,
		"invited cy@example.com by " + annEmail,
	}
	if len(got) < len(want) || fmt.Sprint(got[:len(want)]) != fmt.Sprint(want) {
		t.Fatalf("log, newest first =\n%q\nwant it to start\n%q", got, want)
	}
	if d := log.Events[2].Detail; d != "member → admin" {
		t.Errorf("role change detail = %q", d)
	}
	if log.Next != "" {
		t.Errorf("one short page says there is more: %q", log.Next)
	}

	bos, err := ann.OrgAudit(ctx, "acme", api.OrgAuditFilter{Person: "Bo@Example.com"})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range bos.Events {
		if ev.Person != bo.Email && ev.Actor != bo.Email {
			t.Errorf("Bo's events hold %+v", ev)
		}
	}
	if len(bos.Events) != 3 { // added, promoted, removed
		t.Errorf("Bo's events = %+v", bos.Events)
	}
	invites, err := ann.OrgAudit(ctx, "acme", api.OrgAuditFilter{Kind: api.AuditInvited})
	if err != nil || len(invites.Events) != 1 || invites.Events[0].Person != "cy@example.com" {
		t.Errorf("invitations = %+v, %v", invites, err)
	}

	t.Run("Pages", func(t *testing.T) {
		for i := range 60 {
			_, err := ann.Invite(ctx, "acme", api.InviteRequest{Email: fmt.Sprintf("p%02d@example.com", i)})
			step("invite", err)
		}
		seen := map[string]bool{}
		f := api.OrgAuditFilter{Kind: api.AuditInvited}
		pages := 0
		for {
			page, err := ann.OrgAudit(ctx, "acme", f)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, ev := range page.Events {
				if seen[ev.Person] {
					t.Fatalf("%s shown twice", ev.Person)
				}
				seen[ev.Person] = true
			}
			if page.Next == "" {
				break
			}
			f.Before = page.Next
		}
		if len(seen) != 61 || pages != 2 {
			t.Fatalf("%d invitations over %d pages, want 61 over 2", len(seen), pages)
		}
	})

	t.Run("BadFilters", func(t *testing.T) {
		for _, f := range []api.OrgAuditFilter{
			{Kind: "signin"}, {Kind: "<script>"}, {Person: "not an email"},
			{Before: "yesterday"}, {Before: "12."}, {Before: ".abc"}, {Before: "99999999999999999999.x"},
		} {
			_, err := ann.OrgAudit(ctx, "acme", f)
			wantAPIError(t, err, 400, api.CodeInvalidRequest)
		}
		status, _ := rawCall(t, ann, "GET", api.RouteOrgAudit.Fill("acme")+"?"+url.Values{"before": {"1." + string(make([]byte, 100))}}.Encode(), "")
		if status != 400 {
			t.Errorf("a huge cursor: %d", status)
		}
	})
}
