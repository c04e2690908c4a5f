package app

import (
	"context"
	"slices"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// phoneScreen is the width up to which the app lays out for a phone.
const phoneScreen = "(max-width: 40rem)"

// mayOfferPasskey reports whether this device might be offered a passkey
// of its own at the end of a sign-in: a phone-sized screen with WebAuthn
// where none was made or used, and "Not now" was never said.
func mayOfferPasskey(ctx ga.Context) bool {
	var here, dismissed bool
	ctx.LocalStorage().Get(keyPasskeyHere, &here)
	ctx.LocalStorage().Get(keyPasskeyOfferDismissed, &dismissed)
	return !here && !dismissed && passkeysSupported() && ga.Window().Call("matchMedia", phoneScreen).Get("matches").Bool()
}

// passkeyOfferPage is the phone's "Sign in faster on this device", shown
// once a sign-in with the password is complete, when the device can make
// a passkey behind Face ID, a fingerprint or its PIN. It adds one, or
// "Not now" (remembered here); either way the sign-in then goes on where
// it was going. Any other sign-in passes straight through.
type passkeyOfferPage struct {
	ga.Compo
	shown bool
	added string // the name of the passkey made here
	req   call
}

func newPasskeyOfferPage() *passkeyOfferPage { return &passkeyOfferPage{} }

func (p *passkeyOfferPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgFasterTitle)) }

func (p *passkeyOfferPage) OnMount(ctx ga.Context) {
	ctx.Async(func() {
		s, err := client.Session(ctx)
		offer := err == nil && slices.Contains(s.AMR, "pwd") && !slices.Contains(s.AMR, "hwk") && platformPasskeys(ctx)
		ctx.Dispatch(func(ctx ga.Context) {
			if !offer {
				leaveSignIn(ctx)
				return
			}
			p.shown = true
		})
	})
}

func (p *passkeyOfferPage) add(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	request(ctx, &p.req, func(c *api.Client, cx context.Context) (api.Factor, error) { return newPasskey(c, cx, "") },
		func(ctx ga.Context, f api.Factor) {
			p.added = f.Name
			ctx.LocalStorage().Set(keyPasskeyHere, true)
		}, nil)
}

func (p *passkeyOfferPage) notNow(ctx ga.Context, e ga.Event) {
	ctx.LocalStorage().Set(keyPasskeyOfferDismissed, true)
	leaveSignIn(ctx)
}

func (p *passkeyOfferPage) goOn(ctx ga.Context, e ga.Event) { leaveSignIn(ctx) }

func (p *passkeyOfferPage) Render() ga.UI {
	switch {
	case !p.shown:
		return shell(tr(msgFasterTitle), ga.P().Class("lead").Aria("busy", "true").Text(tr(msgLoading)))
	case p.added != "":
		return shell(tr(msgFasterTitle),
			ga.P().Class("note").Role("status").Text(tr(msgPasskeyAdded, p.added)),
			ga.Div().Class("actions").Body(ga.Button().Class("primary").Type("button").OnClick(p.goOn).Text(tr(msgContinue))),
		)
	}
	return shell(tr(msgFasterTitle), form(p.add,
		ga.P().Class("lead").Text(tr(msgFasterLead)),
		p.req.feedback(),
		ga.Div().Class("actions").Body(
			button(msgNotNow, p.notNow).ID("passkey-not-now"),
			submitButton(msgAddPasskey, msgAddingPasskey, p.req.busy),
		),
	))
}

// installOffer shows Install where the browser offers to install the app.
type installOffer struct {
	ga.Compo
	installable bool
}

func (o *installOffer) OnMount(ctx ga.Context) { o.installable = ctx.IsAppInstallable() }

func (o *installOffer) OnAppInstallChange(ctx ga.Context) { o.installable = ctx.IsAppInstallable() }

func (o *installOffer) install(ctx ga.Context, e ga.Event) { ctx.ShowAppInstallPrompt() }

func (o *installOffer) Render() ga.UI {
	if !o.installable {
		return ga.Div()
	}
	return ga.Aside().Class("offer").Aria("labelledby", "install-title").Body(
		ga.H2().ID("install-title").Text(tr(msgInstallTitle)),
		ga.P().Text(tr(msgInstallLead)),
		ga.Div().Class("actions").Body(button(msgInstall, o.install).ID("install-app")),
	)
}
