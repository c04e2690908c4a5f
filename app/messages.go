package app

import "fmt"

// msg names a text the person reads. Screens show tr(key), never a literal,
// so every text has a key here and a text in every language. The keys are
// this file, grouped by screen; each language's texts are a file of their
// own named after it, in the same groups (english.go). Tests match the
// English ones exactly.
type msg int

const (
	msgNone msg = iota // the zero msg: no text
	msgOffline
	msgWrongCredentials
	msgWrongPassword
	msgSessionExpired
	msgUnexpected
	msgRulesUnmet
	msgNoMatch

	// Emailed links: password reset and activation.
	msgCheckingLink
	msgTryAgain
	msgResetTitle
	msgResetChooseFor
	msgResetLinkInvalid
	msgSendNewLink
	msgPasswordReset
	msgActivateTitle
	msgWelcome
	msgActivationExpired
	msgEmailNewLink
	msgActivationInvalid
	msgForgotLink

	// Asking for an email: recovery and the environment finder.
	msgForgotLead
	msgSendRecovery
	msgFindTitle
	msgFindLead
	msgFindLink
	msgBackToSignIn
	msgEmailSent

	// Organizations.
	msgSignInTo
	msgUnknownOrg
	msgOrgsTitle
	msgNoOrgs
	msgRoleMember
	msgRoleAdmin

	// Invitations on the account page.
	msgInvitationsTitle
	msgInvitationsLead
	msgYourAdministrator
	msgAccept
	msgDecline
	msgJoined
	msgDeclined
	msgInvitationGone
	msgInvitedAsMember
	msgInvitedAsAdmin
	msgAcceptOrg
	msgDeclineOrg

	// Shared by the two-step screens.
	msgSignInAgain
	msgCopy
	msgBack
	msgNext
	msgContinue
	msgCancel
	msgDone
	msgLoading
	msgWorking
	msgChecking
	msgSending
	msgYourPassword
	msgPasswordRequired
	msgInvalidCode
	msgSentTo
	msgYourPhone
	msgNewCodeLead
	msgStoredCode
	msgEmergencyCodeHint

	// The second sign-in step.
	msgVerifyTitle
	msgTOTPTitle
	msgSMSTitle
	msgEmergencyTitle
	msgUseTOTP
	msgUseSMS
	msgUseEmergency
	msgTryAnotherWay
	msgChooseMethod
	msgCode
	msgRememberDevice
	msgVerify
	msgVerifying
	msgTurnOff
	msgSendingCode
	msgSendAgain
	msgNewCodeTitle
	msgUsedCode

	// The two-step setup wizard.
	msgSetupTitle
	msgStep
	msgStepApp
	msgStepSMS
	msgStepCode
	msgStepDone
	msgScanQR
	msgQRAlt
	msgTypeKey
	msgAppCode
	msgSMSLead
	msgCountry
	msgPhone
	msgSendCode
	msgSMSCode
	msgSkip
	msgFinish
	msgCallingCodes
	msgCallingCode

	// Two-step verification on the account page.
	msgTwoStepTitle
	msgTwoStepLead
	msgMandatoryOn
	msgSetUpNow
	msgSetUp
	msgNudge
	msgAddApp
	msgAddSMS
	msgAdded
	msgTextsTo
	msgRemove
	msgRemoveNamed
	msgToRemove
	msgRemoved
	msgNewCode
	msgForNewCode
	msgDevicesTitle
	msgNoDevices
	msgRememberedUntil
	msgThisDevice
	msgThisDeviceMeta
	msgForget
	msgForgetNamed
	msgForgotten

	// Signing in.
	msgSignIn
	msgSignInLead
	msgEmail
	msgRememberEmail
	msgSharedComputer
	msgEnterPassword
	msgNotYou
	msgPassword
	msgForgotPassword
	msgSigningIn
	msgShow
	msgHide
	msgOfflineBanner
	msgAppDescription
	msgAppLoading
	msgProductName
	msgTabTitle

	// Choosing a new password.
	msgChooseNewPassword
	msgPasswordTooWeak
	msgSaveAndContinue
	msgSaving
	msgCancelAndRestart
	msgNewPassword
	msgNewPasswordAgain
	msgPasswordsMatch
	msgPasswordRules
	msgRuleMet
	msgRuleUnmet
	msgSave
	msgSend
	msgActivate
	msgActivating

	// The account page.
	msgYourAccount
	msgLoadingAccount
	msgSignedInAs
	msgSignOut
	msgProfileTitle
	msgName
	msgEmailFixed
	msgSaved
	msgChangePassword
	msgSetPasswordTitle
	msgSetPasswordLead
	msgSendPasswordLink
	msgPasswordLinkSent
	msgCurrentPassword
	msgChanging
	msgPasswordChanged
	msgSessionsTitle
	msgSessionsLead
	msgSignOutOthers
	msgUnknownDevice
	msgSignOutNamed
	msgSessionMeta
	msgSessionEnded
	msgSignedOutOne
	msgSignedOutOther
	msgSignedOutOthers
	msgUnknownTime

	// Products signing in through Porta: sign-in, consent, error, apps.
	msgContinueTo
	msgRequestErrorTitle
	msgRequestUnknownClient
	msgRequestBadRedirect
	msgRequestExpired
	msgRequestInvalid
	msgGoToAccount
	msgConsentTitle
	msgConsentLead
	msgConsentLater
	msgLoadingRequest
	msgAllow
	msgConsentTab
	msgScopeOpenID
	msgScopeEmail
	msgScopeProfile
	msgScopeOrgs
	msgScopeOffline
	msgScopeOrg
	msgAppsTitle
	msgAppsLead
	msgNoApps
	msgAppLastSignIn
	msgAppAllowed
	msgRemoveAccess
	msgRemoveAccessNamed
	msgAccessRemoved
	msgAppGone
	msgStepUpTitle
	msgStepUpLead
	msgStepUpLeadAnyProduct
	msgStepUpBusy

	// Organization SSO: the organization's own identity provider.
	msgSSOTitle
	msgSSOLead
	msgContinueWith
	msgLeavingFor
	msgSSOFinishing
	msgSSOFailedTitle
	msgSSOErrState
	msgSSOErrToken
	msgSSOErrEmail
	msgSSOErrDenied
	msgSSOErrUnavailable
	msgLinkedTitle
	msgLinkedLead
	msgLinkedMeta
	msgLinkedMetaUsed

	// Organization administration.
	msgOrgAdminTitle
	msgOrgAdminTab
	msgBackToAccount
	msgLoadingOrg
	msgNotOrgAdmin
	msgMembersTitle
	msgSearchMembers
	msgSearch
	msgMoreMembers
	msgNoMembers
	msgInvitedNotActive
	msgMakeAdmin
	msgMakeMember
	msgRemoveMemberAsk
	msgRoleChanged
	msgMemberRemoved
	msgMemberGone
	msgInviteTitle
	msgInviteAsAdmin
	msgSendInvitation
	msgInvitationSent
	msgManageOrg
	msgManageOrgNamed
	msgOrgSettingsTitle
	msgEnforce2FA
	msgEnforce2FAHint
	msgAllowRemember
	msgAllowRememberHint
	msgTrustedDomains
	msgTrustedDomainsHint
	msgSwitchDate
	msgSwitchDateHint
	msgBadDate
	msgProgressTitle
	msgProgressTwoStep
	msgProgressNoProducts
	msgProgressCaption
	msgProgressProduct
	msgProgressLinked
	msgProgressPostponed
	msgProgressNotStarted
	msgChartTwoStep
	msgChartLinked
	msgChartSummary
	msgPendingInvitesTitle
	msgInvitedOn
	msgExpiresOn
	msgResend
	msgResendNamed
	msgWithdraw
	msgWithdrawNamed
	msgMoreInvites
	msgNoPendingInvites
	msgInviteResent
	msgInviteWithdrawn
	msgAuditTitle
	msgWorkingIn
	msgNoOrgChosen
	msgSwitchedOrg
	msgAuditFilter
	msgAuditPerson
	msgAuditKind
	msgAuditAllKinds
	msgAuditShow
	msgAuditOlder
	msgAuditEmpty
	msgAuditAbout
	msgAuditBy
	msgAuditOrgCreated
	msgAuditOrgChanged
	msgAuditMemberAdded
	msgAuditRoleChanged
	msgAuditMemberRemoved
	msgAuditInvited
	msgAuditInvitationDeclined
	msgAuditInvitationWithdrawn
	msgAuditProductLinked
	msgAuditSSOLinked
	msgAuditSSOSignIn

	// Linking a product's user to a Porta account: the banner and /link.
	msgBannerTitle
	msgBannerText
	msgBannerTextGeneric
	msgBannerSettings
	msgBannerLater
	msgBannerPostponed
	msgBannerLinked
	msgBannerInvalid
	msgLinkTitle
	msgLinkChecking
	msgLinkInvalid
	msgLinkExpired
	msgLinkLead
	msgLinkForUser
	msgLinkChooseEmail
	msgLinkAnotherEmail
	msgLinkOtherEmailLabel
	msgLinkSendCode
	msgLinkSending
	msgLinkCodeTitle
	msgLinkCodeSent
	msgLinkCodeLabel
	msgLinkVerify
	msgLinkVerifying
	msgLinkResend
	msgLinkOtherAddress
	msgLinkAlreadyLinked
	msgLinkDoneTitle
	msgLinkDoneCreated
	msgLinkDoneExisting
	msgLinkBeforeSwitch
	msgLinkBeforeSwitchDated
	msgLinkAfterSwitch
	msgLinkSetPassword
	msgLinkSetPasswordLead
	msgLinkEmailPasswordLink
	msgLinkGoToAccount

	// Passkeys: the browser's ceremonies, sign-in, the second step, the
	// wizard's step, the account's list and the phone's offer.
	msgPasskeyUnsupported
	msgPasskeyCancelled
	msgPasskeyExists
	msgPasskeyFailed
	msgSignInWithPasskey
	msgPasskeyWaiting
	msgPasskeyTitle
	msgUsePasskey
	msgPasskeyLead
	msgContinueWithPasskey
	msgStepPasskey
	msgPasskeyStepLead
	msgAddPasskey
	msgAddingPasskey
	msgPasskeyAdded
	msgPasskeySynced
	msgPasskeyDeviceBound
	msgLastUsed
	msgRename
	msgRenameNamed
	msgPasskeyName
	msgPasskeyRenamed
	msgFasterTitle
	msgFasterLead
	msgNotNow
	msgInstallTitle
	msgInstallLead
	msgInstall

	msgCount // how many texts there are; not a text
)

// tr is the text of m, with args in its %s and %d.
func tr(m msg, args ...any) string {
	if len(args) == 0 {
		return english[m]
	}
	return fmt.Sprintf(english[m], args...)
}
