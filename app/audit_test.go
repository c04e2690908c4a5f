package app

import (
	"strings"
	"testing"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

func TestAuditSection(t *testing.T) {
	log := "GET " + api.RouteOrgAudit.Fill("acme")
	first := `{"events":[{"time":"2026-03-01T10:00:00Z","kind":"role_changed","person":"bo@example.com","actor":"ann@example.com","detail":"member → admin"}],"next":"5.e1"}`
	older := `{"events":[{"time":"2026-02-01T10:00:00Z","kind":"invited","person":"cy@example.com","actor":"an operator"}]}`
	f := useAPI(t, map[string]reply{
		log:                  {200, first},
		log + "?before=5.e1": {200, older},
		log + "?kind=invited&person=cy%40example.com": {200, older},
	})
	s := &auditSection{Slug: "acme"}
	MustRender(t, &harness{f: s.OnMount})
	assertContains(t, ga.HTMLString(s), "Audit log", "Role changed: bo@example.com", "by ann@example.com · member → admin", ">Show older<", ">Invitation withdrawn<")

	MustRender(t, &harness{f: func(ctx ga.Context) { s.read(ctx, s.next) }})
	html := ga.HTMLString(s)
	assertContains(t, html, "Role changed: bo@example.com", "Invited: cy@example.com", "by an operator")
	if strings.Contains(html, ">Show older<") {
		t.Error("the last page still offers older events")
	}

	s.filter = api.OrgAuditFilter{Person: "cy@example.com", Kind: api.AuditInvited}
	MustRender(t, &harness{f: func(ctx ga.Context) { s.read(ctx, "") }})
	if _, sent := f.got[log+"?kind=invited&person=cy%40example.com"]; !sent {
		t.Fatalf("filters not sent: %v", f.got)
	}
	if html := ga.HTMLString(s); strings.Contains(html, "Role changed: bo") || !strings.Contains(html, "Invited: cy@example.com") {
		t.Errorf("a filtered first page keeps what was shown:\n%s", html)
	}
}
