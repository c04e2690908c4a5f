package app

import (
	"slices"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// phoneScreen is the width up to which the app lays out for a phone.
const phoneScreen = "(max-width: 40rem)"

// passkeyOffer is the phone's "Sign in faster on this device": after a
// sign-in with the password on a phone-sized screen that can make a
// passkey of its own, it offers one, until the person makes one here or
// says "Not now", which this device remembers.
type passkeyOffer struct {
	ga.Compo
	AMR   []string
	shown bool
}

func (o *passkeyOffer) OnMount(ctx ga.Context) {
	var here, dismissed bool
	ctx.LocalStorage().Get(keyPasskeyHere, &here)
	ctx.LocalStorage().Get(keyPasskeyOfferDismissed, &dismissed)
	if here || dismissed || !slices.Contains(o.AMR, "pwd") || !ga.Window().Call("matchMedia", phoneScreen).Get("matches").Bool() {
		return
	}
	ctx.Async(func() {
		if platformPasskeys(ctx) {
			ctx.Dispatch(func(ga.Context) { o.shown = true })
		}
	})
}

func (o *passkeyOffer) notNow(ctx ga.Context, e ga.Event) {
	ctx.LocalStorage().Set(keyPasskeyOfferDismissed, true)
	o.shown = false
}

func (o *passkeyOffer) Render() ga.UI {
	if !o.shown {
		return ga.Div()
	}
	return ga.Aside().Class("offer").Aria("labelledby", "passkey-offer-title").Body(
		ga.H2().ID("passkey-offer-title").Text(tr(msgFasterTitle)),
		ga.P().Text(tr(msgFasterLead)),
		ga.Div().Class("actions").Body(
			ga.A().Class("primary").Href(PathSetupFromAccount+"?add="+api.MethodPasskey).Text(tr(msgAddPasskey)),
			button(msgNotNow, o.notNow).ID("passkey-not-now"),
		),
	)
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
