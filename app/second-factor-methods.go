package app

import (
	"context"

	"github.com/porta-id/porta/api"
)

// methods says, of each second step, its heading, how "Try another way"
// offers it, and the call that checks its code (none for a passkey,
// which has no code: passkeyForm).
var methods = map[string]struct {
	title, choice msg
	verify        func(*api.Client, context.Context, api.SecondFactorRequest) (api.SignInResponse, error)
}{
	api.MethodTOTP:      {msgTOTPTitle, msgUseTOTP, (*api.Client).SignInTOTP},
	api.MethodSMS:       {msgSMSTitle, msgUseSMS, (*api.Client).SignInSMS},
	api.MethodPasskey:   {msgPasskeyTitle, msgUsePasskey, nil},
	api.MethodEmergency: {msgEmergencyTitle, msgUseEmergency, (*api.Client).SignInEmergency},
}
