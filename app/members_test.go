package app

import (
	"regexp"
	"strings"
	"testing"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

func TestMembersSection(t *testing.T) {
	members := "GET " + api.RouteOrgMembers.Fill("acme")
	role := "POST " + api.RouteOrgMemberRole.Fill("acme", "b1")
	remove := "DELETE " + api.RouteOrgMemberRemove.Fill("acme", "b1")
	body := `{"members":[` +
		`{"accountId":"a1","email":"ann@example.com","name":"Ann","role":"admin","since":"2026-01-02T10:00:00Z","activated":true},` +
		`{"accountId":"b1","email":"bo@example.com","role":"member","since":"2026-02-03T10:00:00Z","activated":false}]}`
	open := func(t *testing.T, replies map[string]reply) (*membersSection, *fakeAPI) {
		t.Helper()
		f := useAPI(t, replies)
		s := &membersSection{Slug: "acme", Org: "Acme Inc."}
		MustRender(t, &harness{f: s.OnMount})
		return s, f
	}
	t.Run("List", func(t *testing.T) {
		s, _ := open(t, map[string]reply{members: {200, body}})
		assertContains(t, ga.HTMLString(s), "<h2", "Members", `type="search"`, "Ann", "ann@example.com · admin",
			"bo@example.com · member · has not activated yet", ">Make member<", ">Make admin<", `aria-label="Remove bo@example.com"`)
	})
	t.Run("ChangeRole", func(t *testing.T) {
		s, f := open(t, map[string]reply{members: {200, body},
			role: {200, `{"accountId":"b1","email":"bo@example.com","role":"admin","since":"2026-02-03T10:00:00Z"}`}})
		MustRender(t, &harness{f: func(ctx ga.Context) { s.changeRole(ctx, "b1", api.RoleAdmin) }})
		if f.got[role] != `{"role":"admin"}` {
			t.Errorf("sent %q", f.got[role])
		}
		assertContains(t, ga.HTMLString(s), "bo@example.com is now admin.", "bo@example.com · admin")
	})
	t.Run("ErrLastAdmin", func(t *testing.T) {
		s, _ := open(t, map[string]reply{members: {200, body},
			"POST " + api.RouteOrgMemberRole.Fill("acme", "a1"): apiErr(409, api.CodeConflict, "Acme Inc. needs at least one admin. Make someone else an admin first.")})
		MustRender(t, &harness{f: func(ctx ga.Context) { s.changeRole(ctx, "a1", api.RoleMember) }})
		assertContains(t, ga.HTMLString(s), `role="alert"`, "needs at least one admin", "ann@example.com · admin")
	})
	t.Run("RemoveAsksFirst", func(t *testing.T) {
		s, f := open(t, map[string]reply{members: {200, body}, remove: {204, ""}})
		MustRender(t, &harness{f: func(ctx ga.Context) { s.confirm = "b1" }})
		assertContains(t, ga.HTMLString(s), "Remove bo@example.com from Acme Inc.? Their Porta account stays.", ">Cancel<")
		if _, sent := f.got[remove]; sent {
			t.Fatal("removed before the admin confirmed")
		}
		MustRender(t, &harness{f: func(ctx ga.Context) { s.removeMember(ctx, "b1") }})
		html := ga.HTMLString(s)
		if _, sent := f.got[remove]; !sent || strings.Contains(html, "bo@example.com ·") {
			t.Errorf("Bo not removed:\n%s", html)
		}
		assertContains(t, html, "Removed bo@example.com from Acme Inc.")
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		s, _ := open(t, map[string]reply{members: apiErr(403, api.CodeForbidden, "server text")})
		assertContains(t, ga.HTMLString(s), esc(tr(msgNotOrgAdmin)))
	})
}

func TestOrgsSectionLinksAdminsToTheirPage(t *testing.T) {
	useAPI(t, map[string]reply{api.RouteAccountOrgs.String(): {200, `{"orgs":[` +
		`{"slug":"acme","name":"Acme Inc.","signInUrl":"http://x/o/acme","role":"admin"},` +
		`{"slug":"globex","name":"Globex","signInUrl":"http://x/o/globex","role":"member"}]}`}})
	s := &orgsSection{}
	MustRender(t, &harness{f: s.OnMount})
	html := ga.HTMLString(s)
	assertContains(t, html, `href="/o/acme/admin"`, `aria-label="Manage Acme Inc."`)
	if strings.Contains(html, "/o/globex/admin") {
		t.Error("a member is offered the admin page")
	}
}

func TestOrgSettingsSection(t *testing.T) {
	get := "GET " + api.RouteOrgSettings.Fill("acme")
	patch := "PATCH " + api.RouteOrgSettingsUpdate.Fill("acme")
	f := useAPI(t, map[string]reply{
		get:   {200, `{"enforce2fa":false,"allowRememberDevice":true,"trustedDomains":["acme.example"]}`},
		patch: {200, `{"enforce2fa":true,"allowRememberDevice":true,"trustedDomains":["acme.example","acme.eu"],"switchDate":"2027-01-31T00:00:00Z"}`},
	})
	s := &orgSettingsSection{Slug: "acme"}
	MustRender(t, &harness{f: s.OnMount})
	html := ga.HTMLString(s)
	assertContains(t, html, "Everyone uses two-step verification", `value="acme.example"`, `type="date"`)
	for id, want := range map[string]bool{"enforce-2fa": false, "allow-remember": true} {
		tag := regexp.MustCompile(`<input[^>]*id="` + id + `"[^>]*>`).FindString(html)
		if got := regexp.MustCompile(`\bchecked\b`).MatchString(tag); got != want {
			t.Errorf("%s ticked %v, want %v: %s", id, got, want, tag)
		}
	}
	MustRender(t, &harness{f: func(ctx ga.Context) {
		s.enforce, s.domains, s.switchDate = true, "acme.example, acme.eu", "2027-01-31"
		s.submit(ctx, submitEvent)
	}})
	want := `{"enforce2fa":true,"allowRememberDevice":true,"trustedDomains":["acme.example","acme.eu"],"switchDate":"2027-01-31T00:00:00Z"}`
	if f.got[patch] != want {
		t.Errorf("sent %s\nwant %s", f.got[patch], want)
	}
	assertContains(t, ga.HTMLString(s), "Saved", `value="2027-01-31"`, `value="acme.example, acme.eu"`)
}
