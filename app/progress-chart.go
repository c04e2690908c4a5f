package app

import (
	"fmt"
	"strings"
	"time"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

const svgNS = "http://www.w3.org/2000/svg"

// The chart's drawing area, in its own units; CSS scales it to the card.
const chartWidth, chartHeight = 300, 80

// progressChart draws the board's last api.ProgressDays days: members with
// two-step verification on and linked product users, one line each, over
// days placed by date so that a day Porta did not count leaves a gap in
// time rather than a kink. The summary under it says the same in words,
// and is what a screen reader reads for the picture.
func progressChart(history []api.ProgressDay) ga.UI {
	if len(history) < 2 {
		return nil
	}
	last, err := time.Parse(time.DateOnly, history[len(history)-1].Day)
	if err != nil {
		return nil
	}
	start := last.AddDate(0, 0, 1-api.ProgressDays)
	top := 1
	for _, d := range history {
		users := 0
		for _, p := range d.Products {
			users += p.Linked + p.Postponed + p.NotStarted
		}
		top = max(top, d.Members, users)
	}
	var twoStep, linked []string
	for _, d := range history {
		t, err := time.Parse(time.DateOnly, d.Day)
		if err != nil {
			continue
		}
		x := float64(t.Sub(start)/(24*time.Hour)) * chartWidth / (api.ProgressDays - 1)
		y := func(n int) string {
			return fmt.Sprintf("%.1f,%.1f", x, chartHeight-float64(n)*chartHeight/float64(top))
		}
		twoStep, linked = append(twoStep, y(d.TwoStep)), append(linked, y(d.Linked()))
	}
	first, now := history[0], history[len(history)-1]
	return ga.Figure().Class("progress-chart").Body(
		ga.Elem("svg").XMLNS(svgNS).Attr("viewBox", fmt.Sprintf("0 0 %d %d", chartWidth, chartHeight)).
			Attr("preserveAspectRatio", "none").Aria("hidden", "true").Attr("focusable", "false").Body(
			svgLine("axis", fmt.Sprintf("0,%d %d,%d", chartHeight, chartWidth, chartHeight)),
			svgLine("two-step", strings.Join(twoStep, " ")),
			svgLine("linked", strings.Join(linked, " ")),
		),
		ga.Ul().Class("legend").Body(
			ga.Li().Class("two-step").Text(tr(msgChartTwoStep)),
			ga.Li().Class("linked").Text(tr(msgChartLinked)),
		),
		ga.FigCaption().Text(tr(msgChartSummary, api.ProgressDays, first.TwoStep, now.TwoStep, now.Members, first.Linked(), now.Linked())),
	)
}

func svgLine(class, points string) ga.UI {
	return ga.Elem("polyline").XMLNS(svgNS).Class(class).Attr("points", points)
}
