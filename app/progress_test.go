package app

import (
	"strings"
	"testing"

	"github.com/porta-id/porta/api"
)

func TestProgressChart(t *testing.T) {
	day := func(d string, twoStep, linked int) api.ProgressDay {
		return api.ProgressDay{Day: d, Members: 4, TwoStep: twoStep, Products: []api.ProductProgress{{ClientID: "c", Linked: linked, NotStarted: 4 - linked}}}
	}
	s := &progressSection{Slug: "acme", loaded: true, board: api.OrgProgress{Members: 4, TwoStep: 3, Products: []api.ProductProgress{{ClientID: "c", Name: "Ledger", Linked: 2, NotStarted: 2}},
		History: []api.ProgressDay{day("2026-11-06", 0, 0), day("2026-11-20", 1, 1), day("2026-12-05", 3, 2)}}}
	html := MustRender(t, s)
	// The last of 30 days is at the right edge, the first at the left; four is the top.
	assertContains(t, html, `<svg`, `points="0.0,80.0 144.8,60.0 300.0,20.0"`, `points="0.0,80.0 144.8,60.0 300.0,40.0"`,
		"Over the last 30 days: members with two-step verification on went from 0 to 3 (of 4); linked product users from 0 to 2.")

	one := &progressSection{Slug: "acme", loaded: true, board: s.board}
	one.board.History = s.board.History[2:]
	if html := MustRender(t, one); strings.Contains(html, "<svg") {
		t.Error("one day drew a chart")
	}
}
