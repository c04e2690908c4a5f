package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// accountPage is the signed-in person's account: invitations to answer,
// profile, password, two-step verification, sessions, remembered devices,
// products, organizations and their sign-ins linked to it, with a reminder
// while two-step verification is due.
// Without a session it sends the person to sign in.
type accountPage struct {
	ga.Compo
	session api.Session
	load    call
}

func newAccountPage() *accountPage { return &accountPage{} }

func (p *accountPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgYourAccount)) }

func (p *accountPage) OnMount(ctx ga.Context) {
	request(ctx, &p.load, (*api.Client).Session, func(_ ga.Context, s api.Session) { p.session = s }, nil)
}

func (p *accountPage) Render() ga.UI {
	a := p.session.Account
	if a.ID == "" {
		return signedInShell(tr(msgYourAccount), p.load.pending(msgLoadingAccount, retry))
	}
	return signedInShell(tr(msgYourAccount),
		twoStepReminder(p.session.TwoStep),
		&installOffer{},
		&signedInAs{Email: a.Email},
		&invitationsSection{},
		&profileSection{Account: a},
		&passwordSection{Email: a.Email, HasPassword: a.HasPassword},
		&twoStepSection{},
		&sessionsSection{},
		&devicesSection{},
		&appsSection{},
		&orgsSection{},
		&linkedProvidersSection{},
	)
}

// retry loads the page again, from the service worker's cache when offline.
// Calling from the button would be lost: go-app drops what a call
// dispatches once its element is gone, and the loading state removes it.
func retry(ctx ga.Context, e ga.Event) { ctx.Reload() }
