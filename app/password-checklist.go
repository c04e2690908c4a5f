package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api/policy"
)

// checklistID names the checklist so the password inputs can point at it.
const checklistID = "password-rules"

// passwordChecklist shows, live, each password rule as met or not yet met,
// and whether both passwords match.
func passwordChecklist(results []policy.Result, match bool) ga.UI {
	items := make([]ga.UI, 0, len(results)+1)
	for _, r := range results {
		items = append(items, ruleItem(r.Label, r.Met))
	}
	items = append(items, ruleItem(tr(msgPasswordsMatch), match))
	return ga.Ul().Class("rules").ID(checklistID).Aria("label", tr(msgPasswordRules)).Body(items...)
}

func ruleItem(label string, met bool) ga.UI {
	class, mark, state := "rule unmet", "•", msgRuleUnmet
	if met {
		class, mark, state = "rule met", "✓", msgRuleMet
	}
	return ga.Li().Class(class).Body(
		ga.Span().Class("mark").Aria("hidden", "true").Text(mark),
		ga.Text(label),
		ga.Span().Class("visually-hidden").Text(tr(state)),
	)
}
