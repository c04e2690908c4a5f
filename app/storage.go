package app

import ga "github.com/maxence-charriere/go-app/v10/pkg/app"

// Browser storage keys. Values are JSON strings, as go-app stores them.
const (
	// keyRememberedEmail (localStorage) is set only when the person ticks
	// "Remember my email on this device".
	keyRememberedEmail = "porta.rememberedEmail"
	// keySignInEmail (sessionStorage) carries the email from the first
	// sign-in step to the next ones.
	keySignInEmail = "porta.signinEmail"
	// keySSOProviders (sessionStorage) carries the organization's identity
	// providers that identify named for that email to the SSO screen.
	keySSOProviders = "porta.ssoProviders"
	// keySecondFactor (sessionStorage) carries the api.SignInResponse that
	// asked for the second step: its methods, for the verify screen.
	keySecondFactor = "porta.secondFactor"
	// keyEmergencyCode (sessionStorage) holds the emergency code issued for
	// a used one until the person confirms storing it.
	keyEmergencyCode = "porta.emergencyCode"
	// keyPasskeyHere (localStorage) is set once a passkey was made or used
	// on this device, and keyPasskeyOfferDismissed once the person said
	// "Not now" to making one: either way, the phone's offer is not shown.
	keyPasskeyHere           = "porta.passkeyHere"
	keyPasskeyOfferDismissed = "porta.passkeyOfferDismissed"
)

// stored returns the string kept under key, or "".
func stored(s ga.BrowserStorage, key string) string {
	var v string
	if s.Get(key, &v) != nil {
		return ""
	}
	return v
}
