package app

import (
	"context"
	"encoding/json"
	"time"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// passkeySignIn is the first sign-in step's "Sign in with a passkey"
// button, and the passkey autofill of its email field, which starts as
// soon as the page shows where the browser offers it. A passkey signs in
// with nothing typed.
type passkeySignIn struct {
	ga.Compo
	req      call
	stop     context.CancelFunc // ends the autofill
	autofill chan struct{}      // closed once the autofill has ended
}

func (b *passkeySignIn) OnMount(ctx ga.Context) {
	if !passkeysSupported() {
		return
	}
	cx, stop := context.WithCancel(ctx)
	b.stop, b.autofill = stop, make(chan struct{})
	ctx.Async(func() {
		defer close(b.autofill)
		if conditionalMediation(cx) {
			b.offerInAutofill(ctx, cx)
		}
	})
}

// offerInAutofill keeps the passkeys in the email field's autofill until
// one signs in or cx ends (the button took over, or the page went). It is
// a convenience: where the server starts no ceremony or the browser
// refuses one at once, it stops without a word (the button still says
// why). A challenge lasts minutes: when the browser lets one lapse, a
// fresh one takes its place; a passkey that failed leaves its error shown,
// and the passkeys are offered again.
func (b *passkeySignIn) offerInAutofill(ctx ga.Context, cx context.Context) {
	for {
		start, err := client.StartPasskeySignIn(cx)
		if err != nil {
			return
		}
		began := time.Now()
		answer, err := getPasskey(cx, start.PublicKey, true)
		if cx.Err() != nil || err != nil && time.Since(began) < time.Minute {
			return
		} else if err != nil {
			continue
		}
		res, err := client.SignInPasskey(cx, answer)
		ctx.Dispatch(func(ctx ga.Context) {
			if err != nil {
				b.req.code, b.req.err = api.ErrorCode(err), errorText(err, nil)
				return
			}
			continueSignIn(ctx, &b.req, res)
		})
		if err == nil {
			return
		}
	}
}

func (b *passkeySignIn) OnDismount() {
	if b.stop != nil {
		b.stop()
	}
}

// signInWithPasskey is one passkey sign-in, from the server's challenge
// to its answer; conditional offers the passkeys in autofill.
func signInWithPasskey(c *api.Client, cx context.Context, conditional bool) (api.SignInResponse, error) {
	return ceremony(cx, func() (api.PasskeyOptions, error) { return c.StartPasskeySignIn(cx) },
		func(opts json.RawMessage) (json.RawMessage, error) { return getPasskey(cx, opts, conditional) },
		func(_ api.PasskeyOptions, answer json.RawMessage) (api.SignInResponse, error) {
			return c.SignInPasskey(cx, answer)
		})
}

// click asks for a passkey at once. The browser runs one request at a
// time, so the autofill ends first.
func (b *passkeySignIn) click(ctx ga.Context, e ga.Event) {
	autofill := b.autofill
	if b.stop != nil {
		b.stop()
	}
	signInStep(ctx, &b.req, func(c *api.Client, cx context.Context) (api.SignInResponse, error) {
		if autofill != nil {
			<-autofill
		}
		return signInWithPasskey(c, cx, false)
	}, nil)
}

func (b *passkeySignIn) Render() ga.UI {
	btn := button(msgSignInWithPasskey, b.click).ID("passkey-sign-in")
	if b.req.busy {
		btn = button(msgPasskeyWaiting, nil).ID("passkey-sign-in").Disabled(true).Aria("busy", "true")
	}
	return ga.Div().Class("passkey-sign-in").Body(b.req.feedback(), btn)
}
