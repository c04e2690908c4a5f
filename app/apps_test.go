package app

import (
	"strings"
	"testing"
	"time"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

func TestAppsSection(t *testing.T) {
	apps := api.RouteApps.String()
	revoke := "DELETE " + api.RouteAppRevoke.Fill("crm")
	body := `{"apps":[` +
		`{"clientId":"crm","name":"Acme CRM","scopes":["openid","email"],"consented":"2026-01-02T10:00:00Z","lastSignIn":"2026-03-04T10:00:00Z"},` +
		`{"clientId":"wiki","name":"Wiki","scopes":["openid","profile"],"consented":"2026-02-03T10:00:00Z"}]}`
	t.Run("OK", func(t *testing.T) {
		f := useAPI(t, map[string]reply{apps: {200, body}, revoke: {204, ""}})
		s := &appsSection{}
		MustRender(t, &harness{f: s.OnMount})
		assertContains(t, ga.HTMLString(s), "<h2", "Apps with access", "Acme CRM", "Your Porta account ID · Your email address",
			"Last signed in "+when(time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)),
			"Wiki", "Allowed on "+when(time.Date(2026, 2, 3, 10, 0, 0, 0, time.UTC)),
			`aria-label="Remove access for Acme CRM"`, ">Remove access<")
		MustRender(t, &harness{f: func(ctx ga.Context) { s.revokeApp(ctx, "crm") }})
		html := ga.HTMLString(s)
		if _, sent := f.got[revoke]; !sent {
			t.Errorf("did not call %s", revoke)
		}
		assertContains(t, html, "Acme CRM can no longer use your account.", "Wiki")
		if strings.Contains(html, "Remove access for Acme CRM") {
			t.Errorf("the removed app is still listed:\n%s", html)
		}
	})
	t.Run("ErrRemoveFails", func(t *testing.T) {
		useAPI(t, map[string]reply{apps: {200, body}, revoke: apiErr(500, api.CodeInternal, "Something broke.")})
		s := &appsSection{}
		MustRender(t, &harness{f: s.OnMount})
		MustRender(t, &harness{f: func(ctx ga.Context) { s.revokeApp(ctx, "crm") }})
		assertContains(t, ga.HTMLString(s), `role="alert"`, "Something broke.", "Remove access for Acme CRM")
	})
	t.Run("Empty", func(t *testing.T) {
		useAPI(t, map[string]reply{apps: {200, `{"apps":[]}`}})
		s := &appsSection{}
		MustRender(t, &harness{f: s.OnMount})
		assertContains(t, ga.HTMLString(s), esc(tr(msgNoApps)))
	})
}
