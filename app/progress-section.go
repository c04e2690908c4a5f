package app

import (
	"context"
	"strconv"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// progressSection is the admins' progress board: members with two-step
// verification on, and each product's users by link state, with a chart
// of the last days.
type progressSection struct {
	ga.Compo
	Slug   string
	board  api.OrgProgress
	loaded bool
	load   call
}

func (s *progressSection) OnMount(ctx ga.Context) {
	slug := s.Slug
	request(ctx, &s.load, func(c *api.Client, cx context.Context) (api.OrgProgress, error) { return c.OrgProgress(cx, slug) },
		func(_ ga.Context, b api.OrgProgress) { s.board, s.loaded = b, true }, map[string]msg{api.CodeForbidden: msgNotOrgAdmin})
}

func (s *progressSection) Render() ga.UI {
	if !s.loaded {
		return section("progress-title", msgProgressTitle, s.load.feedback())
	}
	b := s.board
	body := []ga.UI{
		ga.P().ID("two-step-progress").Text(tr(msgProgressTwoStep, b.TwoStep, b.Members)),
		ga.Progress().Aria("labelledby", "two-step-progress").Value(b.TwoStep).Max(max(b.Members, 1)),
		progressChart(b.History),
	}
	if len(b.Products) == 0 {
		return section("progress-title", msgProgressTitle, append(body, ga.P().Class("hint").Text(tr(msgProgressNoProducts)))...)
	}
	rows := []ga.UI{ga.Tr().Body(
		ga.Th().Scope("col").Text(tr(msgProgressProduct)), ga.Th().Scope("col").Text(tr(msgProgressLinked)),
		ga.Th().Scope("col").Text(tr(msgProgressPostponed)), ga.Th().Scope("col").Text(tr(msgProgressNotStarted)),
	)}
	for _, p := range b.Products {
		rows = append(rows, ga.Tr().Body(
			ga.Th().Scope("row").Text(p.Name), ga.Td().Text(strconv.Itoa(p.Linked)),
			ga.Td().Text(strconv.Itoa(p.Postponed)), ga.Td().Text(strconv.Itoa(p.NotStarted)),
		))
	}
	return section("progress-title", msgProgressTitle, append(body,
		ga.Table().Class("progress-table").Body(ga.Caption().Text(tr(msgProgressCaption)), ga.TBody().Body(rows...)))...)
}
