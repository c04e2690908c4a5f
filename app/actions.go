package app

// Actions a component handles on its own context, from OnMount: go-app
// drops what a removed element dispatches, so a call whose button goes away
// while it runs is started by posting one of these.
const (
	actionOrgsChanged    = "orgs-changed"     // an accepted invitation added an organization
	actionInvitesChanged = "invites-changed"  // an admin sent an invitation
	actionDevicesChanged = "devices-changed"  // load the remembered devices again
	actionTwoStepChanged = "two-step-changed" // load the two-step methods again
	actionRemoveFactor   = "remove-factor"    // Value: the factor's id
	actionNewCode        = "new-emergency-code"
	actionSendSignInSMS  = "send-sign-in-sms"
	actionSetupStep      = "setup-step" // Value: the wizard step to show
	actionCheckLink      = "check-link" // ask the server about an emailed link again
)
