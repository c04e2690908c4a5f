package app

import (
	"strings"
	"testing"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

func TestPendingInvitesSection(t *testing.T) {
	list := "GET " + api.RouteOrgInvites.Fill("acme")
	withdraw := "POST " + api.RouteOrgInviteWithdraw.Fill("acme")
	f := useAPI(t, map[string]reply{
		list:     {200, `{"invites":[{"email":"nia@example.com","role":"admin","invitedAt":"2026-12-01T10:00:00Z","expiresAt":"2026-12-08T10:00:00Z"}]}`},
		withdraw: {204, ""},
	})
	s := &pendingInvitesSection{Slug: "acme", Org: "Acme Inc."}
	MustRender(t, &harness{f: s.OnMount})
	assertContains(t, ga.HTMLString(s), "Pending invitations", "nia@example.com", "admin · sent ",
		`aria-label="Resend the invitation to nia@example.com"`, `aria-label="Withdraw the invitation to nia@example.com"`)

	MustRender(t, &harness{f: func(ctx ga.Context) { s.withdrawInvite(ctx, "nia@example.com") }})
	if f.got[withdraw] != `{"email":"nia@example.com"}` {
		t.Errorf("withdraw sent %q", f.got[withdraw])
	}
	html := ga.HTMLString(s)
	assertContains(t, html, "Withdrew the invitation to nia@example.com to join Acme Inc.", "Every invitation has been answered.")
	if strings.Contains(html, "Resend the invitation") {
		t.Error("a withdrawn invitation is still listed")
	}
}
