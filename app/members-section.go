package app

import (
	"context"
	"slices"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// membersSection lists an organization's members for its admins, with a
// search, and changes a member's role or removes them (after asking).
type membersSection struct {
	ga.Compo
	Slug, Org string
	query     string
	list      api.MemberList
	confirm   string // the account asked about before its removal
	load      call
	change    call
}

func (s *membersSection) OnMount(ctx ga.Context) { s.search(ctx) }

func (s *membersSection) search(ctx ga.Context) {
	slug, q := s.Slug, s.query
	request(ctx, &s.load, func(c *api.Client, cx context.Context) (api.MemberList, error) { return c.Members(cx, slug, q) },
		func(_ ga.Context, l api.MemberList) { s.list = l }, map[string]msg{api.CodeForbidden: msgNotOrgAdmin})
}

func (s *membersSection) submit(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	s.search(ctx)
}

func (s *membersSection) Render() ga.UI {
	items := make([]ga.UI, 0, len(s.list.Members))
	for _, m := range s.list.Members {
		items = append(items, s.item(m))
	}
	var note ga.UI
	switch {
	case s.list.More:
		note = ga.P().Class("hint").Text(tr(msgMoreMembers))
	case s.load.err == "" && !s.load.busy && len(items) == 0:
		note = ga.P().Class("hint").Text(tr(msgNoMembers))
	}
	return section("members-title", msgMembersTitle,
		ga.Form().Class("search").Method("get").Role("search").OnSubmit(s.submit).Body(
			field{id: "member-search", label: tr(msgSearchMembers), kind: "search", value: s.query,
				maxLength: api.MaxNameLength, optional: true, onInput: bind(&s.query)}.ui(),
			submitButton(msgSearch, msgNone, s.load.busy),
		),
		s.load.feedback(), s.change.feedback(),
		ga.Ul().Class("sessions").Body(items...),
		note,
	)
}

// index is where accountID stands in the list, or -1.
func (s *membersSection) index(accountID string) int {
	return slices.IndexFunc(s.list.Members, func(m api.Member) bool { return m.AccountID == accountID })
}
