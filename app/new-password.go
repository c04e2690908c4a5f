package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/policy"
)

// newPassword is the "new password, twice" part both change-password forms
// share, with the live rule checklist.
type newPassword struct {
	policy  policy.Policy
	next    string
	confirm string
}

// loadPolicy fetches the policy in force; until then, or when offline, the
// default preset stands in.
func (n *newPassword) loadPolicy(ctx ga.Context) {
	ctx.Async(func() {
		p, err := client.PasswordPolicy(ctx)
		if err == nil && p.MinLength > 0 {
			ctx.Dispatch(func(ga.Context) { n.policy = p })
		}
	})
}

func (n *newPassword) check(email string) []policy.Result {
	p := n.policy
	if p.MinLength == 0 {
		p = policy.Porta()
	}
	return p.Check(email, n.next)
}

func (n *newPassword) matches() bool { return n.next != "" && n.next == n.confirm }

// problem says what stops the new password from being sent, or msgNone.
func (n *newPassword) problem(email string) msg {
	if len(policy.Unmet(n.check(email))) > 0 {
		return msgRulesUnmet
	}
	if !n.matches() {
		return msgNoMatch
	}
	return msgNone
}

func (n *newPassword) clear() { n.next, n.confirm = "", "" }

func (n *newPassword) fields(email string) ga.UI {
	return ga.Div().Class("new-password").Body(
		field{id: "new-password", label: tr(msgNewPassword), kind: "password", autocomplete: "new-password",
			maxLength: api.MaxPasswordLength, describedBy: checklistID, onInput: bind(&n.next)}.ui(),
		field{id: "confirm-password", label: tr(msgNewPasswordAgain), kind: "password", autocomplete: "new-password",
			maxLength: api.MaxPasswordLength, onInput: bind(&n.confirm)}.ui(),
		passwordChecklist(n.check(email), n.matches()))
}
