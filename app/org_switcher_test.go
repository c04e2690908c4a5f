package app

import (
	"regexp"
	"strings"
	"testing"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

func TestOrgSwitcher(t *testing.T) {
	orgs := "GET " + api.RouteAccountOrgs.Path
	two := `{"orgs":[{"slug":"acme","name":"Acme Inc.","role":"admin"},{"slug":"globex","name":"Globex","role":"member"}],"current":"globex"}`
	t.Run("TwoOrgs", func(t *testing.T) {
		useAPI(t, map[string]reply{orgs: {200, two}})
		s := &orgSwitcher{}
		MustRender(t, &harness{f: s.OnMount})
		html := ga.HTMLString(s)
		assertContains(t, html, `<label for="org-switch"`, "Working in", `value="-"`, ">No organization chosen<", ">Acme Inc.<")
		if !regexp.MustCompile(`<option (value="globex" selected|selected value="globex")>Globex<`).MatchString(html) {
			t.Errorf("Globex, the current one, is not the chosen option:\n%s", html)
		}
	})
	t.Run("OneOrg", func(t *testing.T) {
		useAPI(t, map[string]reply{orgs: {200, `{"orgs":[{"slug":"acme","name":"Acme Inc.","role":"admin"}]}`}})
		s := &orgSwitcher{}
		MustRender(t, &harness{f: s.OnMount})
		if strings.Contains(ga.HTMLString(s), "<select") {
			t.Error("one organization offers a switch")
		}
	})
	t.Run("SignedOutStaysPut", func(t *testing.T) {
		useAPI(t, map[string]reply{orgs: apiErr(401, api.CodeUnauthenticated, "You are not signed in.")})
		s := &orgSwitcher{}
		MustRender(t, &harness{f: s.OnMount})
		if strings.Contains(ga.HTMLString(s), "<select") {
			t.Error("a signed-out header offers a switch")
		}
	})
}
