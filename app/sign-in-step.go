package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// codeMsgs is what to say when a one-time code or the sign-in under way
// fails.
var codeMsgs = map[string]msg{api.CodeInvalidCode: msgInvalidCode, api.CodeUnauthenticated: msgSessionExpired}

// signInStep runs one step of sign-in and goes on to the screen of the next.
func signInStep(ctx ga.Context, c *call, step func(*api.Client, context.Context) (api.SignInResponse, error), msgs map[string]msg) {
	request(ctx, c, step, func(ctx ga.Context, res api.SignInResponse) { continueSignIn(ctx, c, res) }, msgs)
}

// continueSignIn goes to the screen of the next sign-in step; once sign-in
// is done, finishSignIn decides where.
func continueSignIn(ctx ga.Context, c *call, res api.SignInResponse) {
	switch path := nextScreen(ctx.SessionStorage(), res); path {
	case "":
		c.fail(msgUnexpected)
	case PathAccount:
		finishSignIn(ctx)
	default:
		ctx.Navigate(path)
	}
}

// nextScreen returns the path of the screen of res.Next, or "" for a step
// the app does not know. What that screen needs of res waits in s until
// sign-in is done.
func nextScreen(s ga.BrowserStorage, res api.SignInResponse) string {
	switch res.Next {
	case api.NextChangePassword:
		return PathChangePassword
	case api.NextSecondFactor:
		s.Set(keySecondFactor, res)
		return PathSecondFactor
	case api.NextSetupSecondFactor:
		return PathSetup
	case api.NextAckEmergencyCode:
		s.Set(keyEmergencyCode, res.EmergencyCode)
		return PathNewEmergencyCode
	case api.NextDone:
		for _, k := range [...]string{keySignInEmail, keySSOProviders, keySecondFactor, keyEmergencyCode} {
			s.Del(k)
		}
		return PathAccount
	}
	return ""
}
