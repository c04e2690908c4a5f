package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// What the person reads, in one place for a later translation; tests match
// them exactly. Some are sentence parts: the screen adds a name.
const (
	msgOffline          = "You're offline. This needs a connection — try again when you're back online."
	msgWrongCredentials = "Wrong email or password."
	msgWrongPassword    = "Your current password is wrong."
	msgSessionExpired   = "Your sign-in expired, start again."
	msgUnexpected       = "Something went wrong. Try again."
	msgRulesUnmet       = "Your new password doesn't meet every rule yet."
	msgNoMatch          = "The two passwords don't match."

	// Emailed links: password reset and activation.
	msgCheckingLink      = "Checking your link…"
	msgTryAgain          = "Try again"
	msgResetTitle        = "Reset your password"
	msgResetChooseFor    = "Choose a new password for "
	msgResetLinkInvalid  = "This link has expired or has already been used."
	msgSendNewLink       = "Send a new link"
	msgPasswordReset     = "Your password has been changed. You have been signed out everywhere else."
	msgActivateTitle     = "Activate your account"
	msgWelcome           = "Welcome, "
	msgActivationLead    = ". Choose a password to finish setting up your Porta account."
	msgActivationExpired = "This activation link has expired."
	msgEmailNewLink      = "Email me a new link"
	msgActivationInvalid = "This link has already been used or is not valid."
	msgForgotLink        = "Forgot your password?"

	// Asking for an email: recovery and the environment finder.
	msgForgotLead   = "Enter the email of your Porta account and we'll send you a link to choose a new password."
	msgSendRecovery = "Send recovery email"
	msgFindTitle    = "Find your environment"
	msgFindLead     = "Enter your work email and we'll send you the sign-in addresses of every organization you belong to."
	msgFindLink     = "I don't know the name of my environment"
	msgBackToSignIn = "Back to sign in"
	msgEmailSent    = "Done. Check your email."

	// Organizations.
	msgSignInTo   = "Sign in to "
	msgUnknownOrg = "We don't know an organization called "
	msgOrgsTitle  = "Organizations"
	msgNoOrgs     = "You don't belong to any organization yet."

	// Invitations on the account page.
	msgInvitationsTitle  = "Invitations"
	msgInvitationsLead   = "These organizations invited you. You join only if you accept."
	msgInvitedBy         = "Invited by "
	msgYourAdministrator = "your administrator"
	msgAsMember          = " as a member"
	msgAsAdmin           = " as an admin"
	msgAccept            = "Accept"
	msgDecline           = "Decline"
	msgJoined            = "You joined "
	msgDeclined          = "Invitation declined."
	msgInvitationGone    = "That invitation is no longer open."

	// Shared by the two-step screens.
	msgSignInAgain       = "Sign in again"
	msgCopy              = "Copy"
	msgBack              = "Back"
	msgNext              = "Next"
	msgContinue          = "Continue"
	msgCancel            = "Cancel"
	msgDone              = "Done"
	msgLoading           = "Loading…"
	msgWorking           = "Working…"
	msgChecking          = "Checking…"
	msgSending           = "Sending…"
	msgYourPassword      = "Your password"
	msgPasswordRequired  = "For your safety, enter your password to continue."
	msgInvalidCode       = "That code didn't work. Check it and try again."
	msgSentTo            = "We sent a code to "
	msgYourPhone         = "your phone"
	msgNewCodeLead       = "Your emergency code signs you in when you can't use your other methods. It is shown only this once: store it somewhere safe, like a password manager."
	msgStoredCode        = "I have safely stored this code"
	msgEmergencyCodeHint = "It looks like XXXX-XXXX-XXXX-XXXX-XXXX."

	// The second sign-in step.
	msgVerifyTitle    = "Two-step verification"
	msgTOTPTitle      = "Enter the code from your authenticator app"
	msgSMSTitle       = "Enter the code we texted you"
	msgEmergencyTitle = "Enter your emergency code"
	msgUseTOTP        = "Use the code from my authenticator app"
	msgUseSMS         = "Text a code to my phone"
	msgUseEmergency   = "Use my emergency code"
	msgTryAnotherWay  = "Try another way"
	msgChooseMethod   = "Choose how to confirm it's you."
	msgCode           = "Code"
	msgRememberDevice = "Remember this device for 30 days"
	msgVerify         = "Verify"
	msgVerifying      = "Verifying…"
	msgTurnOff        = "Turn off two-step verification"
	msgSendingCode    = "Sending you a code…"
	msgSendAgain      = "Send again"
	msgNewCodeTitle   = "Your new emergency code"
	msgUsedCode       = "You used your emergency code, so it no longer works. Here is a new one."

	// The two-step setup wizard.
	msgSetupTitle = "Set up two-step verification"
	msgStep       = "Step "
	msgOfThree    = " of 3"
	msgStepApp    = "Authenticator app"
	msgStepSMS    = "Text messages"
	msgStepCode   = "Emergency code"
	msgStepDone   = "Done: this step is set up."
	msgScanQR     = "Scan this QR code with your authenticator app, like Google Authenticator, Microsoft Authenticator or 1Password."
	msgQRAlt      = "QR code for your authenticator app"
	msgTypeKey    = "Can't scan it? Type this key into the app instead:"
	msgAppCode    = "The 6-digit code the app shows"
	msgSMSLead    = "Add your mobile number so a texted code can sign you in when your app can't. Optional, but it keeps you from being locked out."
	msgCountry    = "Country code"
	msgPhone      = "Mobile number"
	msgSendCode   = "Send code"
	msgSMSCode    = "The 6-digit code we texted you"
	msgSkip       = "Skip"
	msgFinish     = "Finish"
	// msgCallingCodes offers these calling codes for a phone number, one
	// "code country" a line.
	msgCallingCodes = `+1 United States, Canada
+44 United Kingdom
+49 Germany
+33 France
+31 Netherlands
+32 Belgium
+34 Spain
+39 Italy
+41 Switzerland
+43 Austria
+45 Denmark
+46 Sweden
+47 Norway
+48 Poland
+351 Portugal
+353 Ireland
+61 Australia
+64 New Zealand
+81 Japan
+91 India`

	// Two-step verification on the account page.
	msgTwoStepTitle    = "Two-step verification"
	msgTwoStepLead     = "A second step after your password keeps your account safe even if someone learns the password."
	msgMandatoryOn     = "Two-step verification becomes mandatory on "
	msgSetUpNow        = "Set up now"
	msgSetUp           = "Set up two-step verification"
	msgNudge           = "Add a second method so you are never locked out."
	msgAddApp          = "Add an authenticator app"
	msgAddSMS          = "Add text messages"
	msgAdded           = "Added "
	msgTextsTo         = "Text messages to "
	msgRemove          = "Remove"
	msgToRemove        = "Enter your password to remove this method."
	msgRemoved         = "Removed."
	msgNewCode         = "New emergency code"
	msgForNewCode      = "Enter your password to get a new emergency code. The old one stops working."
	msgDevicesTitle    = "Remembered devices"
	msgNoDevices       = "No device skips the second step."
	msgRememberedUntil = "Remembered until "
	msgThisDevice      = "This device"
	msgForget          = "Forget"
	msgForgotten       = "That device will ask for the second step again."
)

// call is the state of one network call a screen makes.
type call struct {
	busy bool
	code string // api error code of the last failure
	err  string // what the person reads about that failure
	ok   string // what the person reads after a success, when it needs saying
}

// request calls fn with the API client off the UI goroutine. Back on it,
// request records the outcome in c and, on success, hands fn's result to
// done. msgs replaces the text shown for some error codes. A call that finds
// no session sends the person to sign in, unless msgs has a text for
// api.CodeUnauthenticated. A client method that takes only a context fits
// fn as it is: request(ctx, &p.load, (*api.Client).Session, …).
//
// go-app drops what a removed element dispatches, so ctx must stay mounted
// until fn returns: where the button that starts a call goes away, the
// component posts an action and calls from its handler, on its own context.
func request[T any](ctx ga.Context, c *call, fn func(*api.Client, context.Context) (T, error), done func(ga.Context, T), msgs map[string]string) {
	if c.busy {
		return
	}
	c.busy, c.code, c.err, c.ok = true, "", "", ""
	ctx.Async(func() {
		data, err := fn(client, ctx)
		ctx.Dispatch(func(ctx ga.Context) {
			c.busy = false
			if err == nil {
				done(ctx, data)
				return
			}
			c.code, c.err = api.ErrorCode(err), errorText(err, msgs)
			if _, own := msgs[api.CodeUnauthenticated]; c.code == api.CodeUnauthenticated && !own {
				ctx.Navigate(PathSignIn)
			}
		})
	})
}

// perform is request for a call that brings back nothing.
func perform(ctx ga.Context, c *call, fn func(*api.Client, context.Context) error, done func(ga.Context), msgs map[string]string) {
	request(ctx, c, func(cl *api.Client, cx context.Context) (struct{}, error) {
		return struct{}{}, fn(cl, cx)
	}, func(ctx ga.Context, _ struct{}) { done(ctx) }, msgs)
}

// fail records a problem found before calling the server.
func (c *call) fail(msg string) {
	c.code, c.err, c.ok = "", msg, ""
}

// feedback shows the outcome of c: the error as an alert, or the success
// note as a status. extra follows the error text, like a link onwards.
func (c *call) feedback(extra ...ga.UI) ga.UI {
	if c.err != "" {
		return tag("div", "alert").Attr("role", "alert").Body(append([]ga.UI{txt("p", "", c.err)}, extra...)...)
	}
	if c.ok != "" {
		return tag("p", "note").Attr("role", "status").Text(c.ok)
	}
	return tag("p", "").Attr("role", "status")
}

// restart offers a new sign-in when c found the sign-in under way gone.
func (c *call) restart() ga.UI {
	if c.code != api.CodeUnauthenticated {
		return nil
	}
	return link(PathSignIn, msgSignInAgain)
}

// pending is what a screen shows until c has loaded what the screen needs:
// busyText, or the failure and a button to try again.
func (c *call) pending(busyText string, retry ga.EventHandler) ga.UI {
	if c.err == "" {
		return tag("p", "lead").Aria("busy", "true").Text(busyText)
	}
	return el("div", "", c.feedback(), button(msgTryAgain, retry))
}

// sendEmail runs send, a call that emails the person something, and keeps
// the server's answer as c's success note, to show in place of the form
// that asked.
func sendEmail(ctx ga.Context, c *call, send func(*api.Client, context.Context) (api.Accepted, error)) {
	request(ctx, c, send, func(_ ga.Context, a api.Accepted) {
		if c.ok = a.Message; c.ok == "" {
			c.ok = msgEmailSent
		}
	}, nil)
}

// errorText is what the person reads about err: msgs first, then a plain
// offline notice, then the server's own message.
func errorText(err error, msgs map[string]string) string {
	code := api.ErrorCode(err)
	if msg, ok := msgs[code]; ok {
		return msg
	}
	if code == api.CodeNetwork {
		return msgOffline
	}
	// The client returns *api.Error itself; errors.As would link reflection.
	if e, ok := err.(*api.Error); ok && e.Message != "" {
		return e.Message
	}
	return msgUnexpected
}
