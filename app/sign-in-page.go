package app

import ga "github.com/maxence-charriere/go-app/v10/pkg/app"

// signInPage is the first sign-in step: the email, then Next. Under an
// organization's address it carries the organization's name; for a
// product's request (?request=ID), the product's.
type signInPage struct {
	ga.Compo
	Org     string
	pending signInRequest
}

func newSignInPage() *signInPage { return &signInPage{} }

func (p *signInPage) OnNav(ctx ga.Context) { setTitle(ctx, signInTitle(p.Org)) }

func (p *signInPage) OnMount(ctx ga.Context) { p.pending.open(ctx) }

func (p *signInPage) Render() ga.UI {
	if p.pending.gone {
		return requestError(requestExpired)
	}
	return shell(signInTitle(p.Org),
		ga.P().Class("lead").Text(p.pending.lead()),
		&signInForm{Hint: p.pending.hint},
		&passkeySignIn{},
		backLink(PathFind, tr(msgFindLink)),
	)
}

// signInTitle heads the sign-in page, under the organization's name when
// there is one.
func signInTitle(org string) string {
	if org == "" {
		return tr(msgSignIn)
	}
	return tr(msgSignInTo, org)
}
