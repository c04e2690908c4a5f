package api_test

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/porta-id/porta/api"
)

// documented matches a route where docs/api.md documents one: in a
// "### `METHOD /path`, `METHOD /path` (note)" heading or as the first cell
// of a table row "| `METHOD /path` | …".
var (
	docHeading = regexp.MustCompile("(?m)^### (.*)$")
	docRow     = regexp.MustCompile("(?m)^\\| `([A-Z]+ /[^`]*)` \\|")
	docRoute   = regexp.MustCompile("`([A-Z]+ /[^`]*)`")
)

// TestRoutesDocumented checks that docs/api.md and the route table agree:
// every route has a heading or table row, and every one there is a route.
func TestRoutesDocumented(t *testing.T) {
	b, err := os.ReadFile("../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for _, h := range docHeading.FindAllStringSubmatch(string(b), -1) {
		for _, m := range docRoute.FindAllStringSubmatch(h[1], -1) {
			docs = append(docs, m[1])
		}
	}
	for _, m := range docRow.FindAllStringSubmatch(string(b), -1) {
		docs = append(docs, m[1])
	}
	var table []string
	for _, r := range api.Routes() {
		table = append(table, r.String())
		if !slices.Contains(docs, r.String()) {
			t.Errorf("route %s has no heading or table row in docs/api.md", r)
		}
	}
	for _, d := range docs {
		if !slices.Contains(table, d) {
			t.Errorf("docs/api.md documents %s, which is not in the route table", d)
		}
	}
}

func TestRouteFill(t *testing.T) {
	if got := api.RouteOrgInvite.Fill("a b"); got != "/api/orgs/a%20b/invites" {
		t.Fatalf("Fill = %q", got)
	}
	if got := api.RouteSession.Fill(); got != "/api/session" {
		t.Fatalf("Fill = %q", got)
	}
}
