package app

// english is the text of every msg. TestCatalogComplete fails for a key
// without one, so a missing translation cannot ship. A text with %s or %d
// takes tr's args: whole sentences, so a language can order its words.
var english = [msgCount]string{
	msgOffline:          "You're offline. This needs a connection — try again when you're back online.",
	msgWrongCredentials: "Wrong email or password.",
	msgWrongPassword:    "Your current password is wrong.",
	msgSessionExpired:   "Your sign-in expired, start again.",
	msgUnexpected:       "Something went wrong. Try again.",
	msgRulesUnmet:       "Your new password doesn't meet every rule yet.",
	msgNoMatch:          "The two passwords don't match.",

	// Emailed links: password reset and activation.
	msgCheckingLink:      "Checking your link…",
	msgTryAgain:          "Try again",
	msgResetTitle:        "Reset your password",
	msgResetChooseFor:    "Choose a new password for %s.",
	msgResetLinkInvalid:  "This link has expired or has already been used.",
	msgSendNewLink:       "Send a new link",
	msgPasswordReset:     "Your password has been changed. You have been signed out everywhere else.",
	msgActivateTitle:     "Activate your account",
	msgWelcome:           "Welcome, %s. Choose a password to finish setting up your Porta account.",
	msgActivationExpired: "This activation link has expired.",
	msgEmailNewLink:      "Email me a new link",
	msgActivationInvalid: "This link has already been used or is not valid.",
	msgForgotLink:        "Forgot your password?",

	// Asking for an email: recovery and the environment finder.
	msgForgotLead:   "Enter the email of your Porta account and we'll send you a link to choose a new password.",
	msgSendRecovery: "Send recovery email",
	msgFindTitle:    "Find your environment",
	msgFindLead:     "Enter your work email and we'll send you the sign-in addresses of every organization you belong to.",
	msgFindLink:     "I don't know the name of my environment",
	msgBackToSignIn: "Back to sign in",
	msgEmailSent:    "Done. Check your email.",

	// Organizations.
	msgSignInTo:   "Sign in to %s",
	msgUnknownOrg: `We don't know an organization called "%s".`,
	msgOrgsTitle:  "Organizations",
	msgNoOrgs:     "You don't belong to any organization yet.",
	msgRoleMember: "member",
	msgRoleAdmin:  "admin",

	// Invitations on the account page.
	msgInvitationsTitle:  "Invitations",
	msgInvitationsLead:   "These organizations invited you. You join only if you accept.",
	msgYourAdministrator: "your administrator",
	msgAccept:            "Accept",
	msgDecline:           "Decline",
	msgJoined:            "You joined %s.",
	msgDeclined:          "Invitation declined.",
	msgInvitationGone:    "That invitation is no longer open.",
	msgInvitedAsMember:   "Invited by %s as a member",
	msgInvitedAsAdmin:    "Invited by %s as an admin",
	msgAcceptOrg:         "Accept: %s",
	msgDeclineOrg:        "Decline: %s",

	// Shared by the two-step screens.
	msgSignInAgain:       "Sign in again",
	msgCopy:              "Copy",
	msgBack:              "Back",
	msgNext:              "Next",
	msgContinue:          "Continue",
	msgCancel:            "Cancel",
	msgDone:              "Done",
	msgLoading:           "Loading…",
	msgWorking:           "Working…",
	msgChecking:          "Checking…",
	msgSending:           "Sending…",
	msgYourPassword:      "Your password",
	msgPasswordRequired:  "For your safety, enter your password to continue.",
	msgInvalidCode:       "That code didn't work. Check it and try again.",
	msgSentTo:            "We sent a code to %s.",
	msgYourPhone:         "your phone",
	msgNewCodeLead:       "Your emergency code signs you in when you can't use your other methods. It is shown only this once: store it somewhere safe, like a password manager.",
	msgStoredCode:        "I have safely stored this code",
	msgEmergencyCodeHint: "It looks like XXXX-XXXX-XXXX-XXXX-XXXX.",

	// The second sign-in step.
	msgVerifyTitle:    "Two-step verification",
	msgTOTPTitle:      "Enter the code from your authenticator app",
	msgSMSTitle:       "Enter the code we texted you",
	msgEmergencyTitle: "Enter your emergency code",
	msgUseTOTP:        "Use the code from my authenticator app",
	msgUseSMS:         "Text a code to my phone",
	msgUseEmergency:   "Use my emergency code",
	msgTryAnotherWay:  "Try another way",
	msgChooseMethod:   "Choose how to confirm it's you.",
	msgCode:           "Code",
	msgRememberDevice: "Remember this device for %s",
	msgVerify:         "Verify",
	msgVerifying:      "Verifying…",
	msgTurnOff:        "Turn off two-step verification",
	msgSendingCode:    "Sending you a code…",
	msgSendAgain:      "Send again",
	msgNewCodeTitle:   "Your new emergency code",
	msgUsedCode:       "You used your emergency code, so it no longer works. Here is a new one.",

	// The two-step setup wizard.
	msgSetupTitle: "Set up two-step verification",
	msgStep:       "Step %d of 3",
	msgStepApp:    "Authenticator app",
	msgStepSMS:    "Text messages",
	msgStepCode:   "Emergency code",
	msgStepDone:   "Done: this step is set up.",
	msgScanQR:     "Scan this QR code with your authenticator app, like Google Authenticator, Microsoft Authenticator or 1Password.",
	msgQRAlt:      "QR code for your authenticator app",
	msgTypeKey:    "Can't scan it? Type this key into the app instead:",
	msgAppCode:    "The 6-digit code the app shows",
	msgSMSLead:    "Add your mobile number so a texted code can sign you in when your app can't. Optional, but it keeps you from being locked out.",
	msgCountry:    "Country code",
	msgPhone:      "Mobile number",
	msgSendCode:   "Send code",
	msgSMSCode:    "The 6-digit code we texted you",
	msgSkip:       "Skip",
	msgFinish:     "Finish",
	// msgCallingCodes offers these calling codes for a phone number, one
	// "code country" a line.
	msgCallingCodes: `+1 United States, Canada
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
+91 India`,
	msgCallingCode: "%s (%s)", // a country, its calling code

	// Two-step verification on the account page.
	msgTwoStepTitle:    "Two-step verification",
	msgTwoStepLead:     "A second step after your password keeps your account safe even if someone learns the password.",
	msgMandatoryOn:     "Two-step verification becomes mandatory on %s. ",
	msgSetUpNow:        "Set up now",
	msgSetUp:           "Set up two-step verification",
	msgNudge:           "Add a second method so you are never locked out.",
	msgAddApp:          "Add an authenticator app",
	msgAddSMS:          "Add text messages",
	msgAdded:           "Added %s",
	msgTextsTo:         "Text messages to %s",
	msgRemove:          "Remove",
	msgRemoveNamed:     "Remove %s",
	msgToRemove:        "Enter your password to remove this method.",
	msgRemoved:         "Removed.",
	msgNewCode:         "New emergency code",
	msgForNewCode:      "Enter your password to get a new emergency code. The old one stops working.",
	msgDevicesTitle:    "Remembered devices",
	msgNoDevices:       "No device skips the second step.",
	msgRememberedUntil: "Remembered until %s",
	msgThisDevice:      "This device",
	msgThisDeviceMeta:  "This device · %s",
	msgForget:          "Forget",
	msgForgetNamed:     "Forget %s",
	msgForgotten:       "That device will ask for the second step again.",

	// Signing in.
	msgSignIn:         "Sign in",
	msgSignInLead:     "One Porta account signs you in to every product you use at work.",
	msgEmail:          "Email",
	msgRememberEmail:  "Remember my email on this device",
	msgSharedComputer: "Don't use this on a shared or public computer.",
	msgEnterPassword:  "Enter your password",
	msgNotYou:         "Not you? Use another email",
	msgPassword:       "Password",
	msgForgotPassword: "Forgot password?",
	msgSigningIn:      "Signing in…",
	msgShow:           "Show",
	msgHide:           "Hide",
	msgOfflineBanner:  "You're offline. Screens still open, but signing in and saving need a connection.",
	msgAppDescription: "Sign in once to every product of every company you work for.",
	msgAppLoading:     "Opening Porta… {progress}%",
	msgProductName:    "Porta",
	msgTabTitle:       "%s · Porta", // a screen's title

	// Choosing a new password.
	msgChooseNewPassword: "Choose a new password",
	msgPasswordTooWeak:   "Your password is no longer secure enough. Choose a new one to continue.",
	msgSaveAndContinue:   "Save and continue",
	msgSaving:            "Saving…",
	msgCancelAndRestart:  "Cancel and start again",
	msgNewPassword:       "New password",
	msgNewPasswordAgain:  "New password again",
	msgPasswordsMatch:    "Both passwords match",
	msgPasswordRules:     "Password rules",
	msgRuleMet:           " (met)",
	msgRuleUnmet:         " (not met yet)",
	msgSave:              "Save",
	msgSend:              "Send",
	msgActivate:          "Activate",
	msgActivating:        "Activating…",

	// The account page.
	msgYourAccount:     "Your account",
	msgLoadingAccount:  "Loading your account…",
	msgSignedInAs:      "Signed in as ",
	msgSignOut:         "Sign out",
	msgProfileTitle:    "Profile",
	msgName:            "Name",
	msgEmailFixed:      "Your email is how you sign in; it can't be changed here.",
	msgSaved:           "Saved.",
	msgChangePassword:  "Change password",
	msgCurrentPassword: "Current password",
	msgChanging:        "Changing…",
	msgPasswordChanged: "Password changed.",
	msgSessionsTitle:   "Active sessions",
	msgSessionsLead:    "Where your account is signed in. Sign out anything you don't recognise.",
	msgSignOutOthers:   "Sign out everywhere else",
	msgUnknownDevice:   "Unknown device",
	msgSignOutNamed:    "Sign out %s",
	msgSessionMeta:     "%s · last active %s",
	msgSessionEnded:    "That session had already ended.",
	msgSignedOutOne:    "Signed out that session.",
	msgSignedOutOther:  "Signed out 1 other session.",
	msgSignedOutOthers: "Signed out %d other sessions.",
	msgUnknownTime:     "unknown",

	// Products signing in through Porta: sign-in, consent, error, apps.
	msgContinueTo:           "Sign in to continue to %s.",
	msgRequestErrorTitle:    "This sign-in link doesn't work",
	msgRequestUnknownClient: "Porta doesn't know the product that sent you here. Let the product's team know.",
	msgRequestBadRedirect:   "The product's sign-in address is not registered with Porta, so Porta can't send you back to it. Let the product's team know.",
	msgRequestExpired:       "The sign-in took too long. Go back to the product and try again.",
	msgRequestInvalid:       "The product asked in a way Porta doesn't understand. Go back to the product and try again.",
	msgGoToAccount:          "Go to your Porta account",
	msgConsentTitle:         "Allow %s to use your account?",
	msgConsentLead:          "%s will see:",
	msgConsentLater:         "You can remove its access at any time on your account page.",
	msgLoadingRequest:       "Loading the sign-in request…",
	msgAllow:                "Allow",
	msgConsentTab:           "Allow access",
	msgScopeOpenID:          "Your Porta account ID",
	msgScopeEmail:           "Your email address",
	msgScopeProfile:         "Your name",
	msgScopeOrgs:            "Your organizations and roles",
	msgScopeOffline:         "Stay signed in when you are away",
	msgScopeOrg:             "Your role in %s",
	msgAppsTitle:            "Apps with access",
	msgAppsLead:             "Products you have signed in to with Porta, and what each one sees.",
	msgNoApps:               "You haven't used Porta to sign in to any apps yet.",
	msgAppLastSignIn:        "Last signed in %s",
	msgAppAllowed:           "Allowed on %s",
	msgRemoveAccess:         "Remove access",
	msgRemoveAccessNamed:    "Remove access for %s",
	msgAccessRemoved:        "%s can no longer use your account.",
	msgAppGone:              "That app had no access any more.",
	msgStepUpTitle:          "Two-step verification",
	msgStepUpLead:           "%s asks you to confirm it's you with two-step verification.",
	msgStepUpLeadAnyProduct: "The product asks you to confirm it's you with two-step verification.",
	msgStepUpBusy:           "Getting your second step ready…",
}
