package api

import (
	"net/url"
	"reflect"
	"strings"

	"github.com/porta-id/porta/api/policy"
)

// Route is one API endpoint: its method, its path as a net/http ServeMux
// pattern ("/api/orgs/{slug}/invites") and the Go types of its JSON
// request and response bodies (nil for none). The server registers every
// route from this table and the Client calls through it.
type Route struct {
	Method   string
	Path     string
	Request  reflect.Type
	Response reflect.Type
}

// Op is a Route with its body types as type parameters, so the Client's
// calls are checked by the compiler. None marks a missing body.
type Op[Req, Resp any] struct{ Route }

// None is the body of a route that takes or returns nothing. A None
// request of a POST is sent as {}.
type None struct{}

// Fill returns the path with its {name} segments replaced, in order, by
// the escaped params.
func (r Route) Fill(params ...string) string {
	path := r.Path
	for _, p := range params {
		i := strings.Index(path, "{")
		j := strings.Index(path, "}")
		if i < 0 || j < i {
			break
		}
		path = path[:i] + url.PathEscape(p) + path[j+1:]
	}
	return path
}

// String is "METHOD /path", as docs/api.md writes it.
func (r Route) String() string { return r.Method + " " + r.Path }

var routes []Route

// Routes returns the table: every API route, in declaration order.
// Development-only paths (/dev/outbox, /dev/outbox.json) and /healthz are
// not part of the contract and stay outside it.
func Routes() []Route { return append([]Route(nil), routes...) }

func op[Req, Resp any](method, path string) Op[Req, Resp] {
	r := Route{Method: method, Path: path, Request: bodyType[Req](), Response: bodyType[Resp]()}
	routes = append(routes, r)
	return Op[Req, Resp]{r}
}

func bodyType[T any]() reflect.Type {
	t := reflect.TypeFor[T]()
	if t == reflect.TypeFor[None]() {
		return nil
	}
	return t
}

// Sign-in.
var (
	RouteSignInIdentify       = op[IdentifyRequest, IdentifyResponse]("POST", "/api/signin/identify")
	RouteSignInPassword       = op[PasswordSignInRequest, SignInResponse]("POST", "/api/signin/password")
	RouteSignInChangePassword = op[NewPasswordRequest, SignInResponse]("POST", "/api/signin/change-password")
	RouteSignOut              = op[None, None]("POST", "/api/signout")
	RouteSession              = op[None, Session]("GET", "/api/session")
	RoutePasswordPolicy       = op[None, policy.Policy]("GET", "/api/password/policy")
)

// Second step of sign-in.
var (
	RouteSignInTOTP             = op[SecondFactorRequest, SignInResponse]("POST", "/api/signin/totp")
	RouteSignInSMS              = op[SecondFactorRequest, SignInResponse]("POST", "/api/signin/sms")
	RouteSignInEmergency        = op[SecondFactorRequest, SignInResponse]("POST", "/api/signin/emergency")
	RouteSignInSMSSend          = op[None, CodeSent]("POST", "/api/signin/sms/send")
	RouteSignInEmergencyAck     = op[None, SignInResponse]("POST", "/api/signin/emergency/ack")
	RouteSignInSetupComplete    = op[None, SignInResponse]("POST", "/api/signin/setup/complete")
	RouteSignInStepUp           = op[None, SignInResponse]("POST", "/api/signin/step-up")
	RouteSignInPasskeyBegin     = op[None, PasskeyOptions]("POST", "/api/signin/passkey/begin")
	RouteSignInPasskey          = op[PasskeyAnswer, SignInResponse]("POST", "/api/signin/passkey")
	RouteSignInPasskeyStepBegin = op[None, PasskeyOptions]("POST", "/api/signin/passkey/step/begin")
	RouteSignInPasskeyStep      = op[PasskeyAnswer, SignInResponse]("POST", "/api/signin/passkey/step")
)

// Two-step methods of the account.
var (
	RouteFactors           = op[None, TwoStep]("GET", "/api/account/factors")
	RouteFactorTOTP        = op[PasswordConfirm, TOTPSetup]("POST", "/api/account/factors/totp")
	RouteFactorTOTPQR      = op[None, None]("GET", "/api/account/factors/totp/qr.png") // a PNG image
	RouteFactorTOTPDone    = op[CodeRequest, Factor]("POST", "/api/account/factors/totp/confirm")
	RouteFactorSMS         = op[PhoneRequest, CodeSent]("POST", "/api/account/factors/sms")
	RouteFactorSMSDone     = op[CodeRequest, Factor]("POST", "/api/account/factors/sms/confirm")
	RouteFactorEmerg       = op[PasswordConfirm, EmergencyCode]("POST", "/api/account/factors/emergency")
	RouteFactorRemove      = op[RemoveFactorRequest, None]("POST", "/api/account/factors/remove")
	RouteFactorPasskey     = op[PasswordConfirm, PasskeyOptions]("POST", "/api/account/factors/passkey")
	RouteFactorPasskeyDone = op[PasskeyAdd, Factor]("POST", "/api/account/factors/passkey/confirm")
	RouteFactorRename      = op[RenameFactorRequest, Factor]("PATCH", "/api/account/factors/{id}")
	RouteDevices           = op[None, DeviceList]("GET", "/api/account/devices")
	RouteDeviceForget      = op[None, None]("DELETE", "/api/account/devices/{id}")
)

// Account.
var (
	RouteAccount              = op[None, Account]("GET", "/api/account")
	RouteAccountUpdate        = op[UpdateProfileRequest, Account]("PATCH", "/api/account")
	RouteAccountPassword      = op[ChangePasswordRequest, None]("POST", "/api/account/password")
	RouteSessions             = op[None, SessionList]("GET", "/api/account/sessions")
	RouteSessionsRevokeOthers = op[None, RevokeResult]("DELETE", "/api/account/sessions")
	RouteSessionRevoke        = op[None, None]("DELETE", "/api/account/sessions/{id}")
	RouteAccountOrgs          = op[None, OrgList]("GET", "/api/account/orgs")
	RouteAccountOrgSwitch     = op[SwitchOrgRequest, OrgList]("POST", "/api/account/org")
	RouteInvitations          = op[None, InvitationList]("GET", "/api/account/invitations")
	RouteInvitationAccept     = op[InvitationRequest, OrgMembership]("POST", "/api/account/invitations/accept")
	RouteInvitationDecline    = op[InvitationRequest, None]("POST", "/api/account/invitations/decline")
)

// Password reset and activation.
var (
	RoutePasswordForgot     = op[EmailRequest, Accepted]("POST", "/api/password/forgot")
	RoutePasswordResetCheck = op[TokenRequest, LinkInfo]("POST", "/api/password/reset/check")
	RoutePasswordReset      = op[ResetPasswordRequest, LinkInfo]("POST", "/api/password/reset")
	RouteActivationCheck    = op[TokenRequest, LinkInfo]("POST", "/api/activation/check")
	RouteActivation         = op[ActivateRequest, SignInResponse]("POST", "/api/activation")
	RouteActivationResend   = op[TokenRequest, Accepted]("POST", "/api/activation/resend")
)

// Organizations.
var (
	RouteEnvironmentsFind  = op[EmailRequest, Accepted]("POST", "/api/environments/find")
	RouteOrg               = op[None, Org]("GET", "/api/orgs/{slug}")
	RouteOrgInvite         = op[InviteRequest, InviteResult]("POST", "/api/orgs/{slug}/invites")
	RouteOrgInviteWithdraw = op[EmailRequest, None]("POST", "/api/orgs/{slug}/invites/withdraw")
	RouteOrgInvites        = op[None, PendingInviteList]("GET", "/api/orgs/{slug}/invites")
	RouteOrgInviteResend   = op[EmailRequest, None]("POST", "/api/orgs/{slug}/invites/resend")
)

// Organization administration (the organization's admins).
var (
	RouteOrgMembers        = op[None, MemberList]("GET", "/api/orgs/{slug}/members") // ?q= narrows by email or name
	RouteOrgMemberRole     = op[RoleRequest, Member]("POST", "/api/orgs/{slug}/members/{id}/role")
	RouteOrgMemberRemove   = op[None, None]("DELETE", "/api/orgs/{slug}/members/{id}")
	RouteOrgSettings       = op[None, OrgSettings]("GET", "/api/orgs/{slug}/settings")
	RouteOrgSettingsUpdate = op[OrgSettings, OrgSettings]("PATCH", "/api/orgs/{slug}/settings")
	RouteOrgProgress       = op[None, OrgProgress]("GET", "/api/orgs/{slug}/progress")
	RouteOrgAudit          = op[None, OrgAudit]("GET", "/api/orgs/{slug}/audit") // ?person= &kind= &before=
)

// Products calling Porta with their client credentials: an access token
// from the client_credentials grant as "Authorization: Bearer", for the
// organization the client serves (porta admin client create --org).
var (
	RouteProductOrgSettings       = op[None, OrgSettings]("GET", "/api/product/orgs/{slug}/settings")
	RouteProductOrgSettingsUpdate = op[OrgSettings, OrgSettings]("PATCH", "/api/product/orgs/{slug}/settings")
	RouteProductLinkUsers         = op[LinkCandidates, LinkUsers]("POST", "/api/product/orgs/{slug}/link-users")
	RouteProductLinkStates        = op[LinkUserIDs, LinkUsers]("POST", "/api/product/orgs/{slug}/link-users/states")
	RouteProductLinkPostpone      = op[None, LinkUser]("POST", "/api/product/orgs/{slug}/link-users/{id}/postpone")
)

// Linking a product user to a Porta account: the banner and the linking
// screens, which carry the product's link ticket instead of a session.
var (
	RouteLinkBanner   = op[None, LinkBanner]("GET", "/api/link/banner") // ?ticket=…
	RouteLinkInfo     = op[TicketRequest, LinkPage]("POST", "/api/link/info")
	RouteLinkPostpone = op[TicketRequest, LinkBanner]("POST", "/api/link/postpone")
	RouteLinkSend     = op[LinkEmailRequest, LinkSent]("POST", "/api/link/send")
	RouteLinkVerify   = op[LinkCodeRequest, Linked]("POST", "/api/link/verify")
)

// Products signing people in through Porta (the OpenID Provider's screens).
var (
	RouteAuthRequest        = op[None, AuthRequestInfo]("GET", "/api/oidc/requests/{id}")
	RouteAuthRequestConsent = op[ConsentRequest, Continue]("POST", "/api/oidc/requests/{id}/consent")
	RouteApps               = op[None, AppList]("GET", "/api/account/apps")
	RouteAppRevoke          = op[None, None]("DELETE", "/api/account/apps/{clientId}")
)
