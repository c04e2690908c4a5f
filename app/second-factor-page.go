package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// secondFactorPage is the second sign-in step: the default method first,
// the others under "Try another way".
type secondFactorPage struct {
	ga.Compo
	info      api.SignInResponse
	method    string
	choosing  bool
	phone     string // where the texted code went
	req, send call
}

// newSecondFactorPage starts on the authenticator app's form: the
// prerendered page shows it until OnMount picks the sign-in's default.
func newSecondFactorPage() *secondFactorPage { return &secondFactorPage{method: api.MethodTOTP} }

func (p *secondFactorPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgVerifyTitle)) }

// OnMount shows the default method. A texted code goes out on the page's
// context: the button that asked for it goes away.
func (p *secondFactorPage) OnMount(ctx ga.Context) {
	ctx.Handle(actionSendSignInSMS, func(ctx ga.Context, _ ga.Action) { p.sendSMS(ctx) })
	ctx.SessionStorage().Get(keySecondFactor, &p.info)
	for _, m := range append([]string{p.info.Default}, p.info.Methods...) {
		if _, known := methods[m]; known {
			p.use(ctx, m)
			return
		}
	}
	ctx.Navigate(PathSignIn)
}

// use switches to method; a texted code goes out at once.
func (p *secondFactorPage) use(ctx ga.Context, method string) {
	p.method, p.choosing, p.req = method, false, call{}
	if method == api.MethodSMS && p.phone == "" {
		ctx.NewAction(actionSendSignInSMS)
	}
}

func (p *secondFactorPage) Render() ga.UI {
	switch {
	case p.choosing:
		return shell(tr(msgTryAnotherWay), p.choices())
	case p.method == api.MethodSMS && p.phone == "":
		return shell(tr(msgSMSTitle), p.send.pending(msgSendingCode, p.sendAgain), p.send.restart(), p.another())
	case p.method == api.MethodPasskey:
		return shell(tr(msgPasskeyTitle), p.passkeyForm(), p.another())
	}
	return shell(tr(methods[p.method].title), p.smsLead(), p.codeForm(), p.another())
}
