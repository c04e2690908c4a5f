package api

import (
	"context"
	"net/url"
	"time"
)

// The screens a link ticket opens (?ticket=…): the banner, made to be
// embedded in the product's pages, and the linking screen. They are part
// of the contract because products build their addresses.
const (
	PathLink       = "/link"
	PathLinkBanner = "/link/banner"
)

// Link states of a product user.
const (
	LinkNotStarted = "not_started"
	LinkPostponed  = "postponed" // "Not right now": the banner is hidden until postponedUntil
	LinkLinked     = "linked"
)

// LinkCandidate is one of a product's users, as the product knows them:
// its own user ID, a display name and the email addresses it has.
type LinkCandidate struct {
	UserID      string   `json:"userId"`
	DisplayName string   `json:"displayName,omitempty"`
	Emails      []string `json:"emails,omitempty"`
}

// LinkCandidates is the body of POST /api/product/orgs/{slug}/link-users:
// at most MaxLinkUsers users, each stored or updated.
type LinkCandidates struct {
	Users []LinkCandidate `json:"users"`
}

// LinkUserIDs is the body of POST /api/product/orgs/{slug}/link-users/states.
type LinkUserIDs struct {
	UserIDs []string `json:"userIds"`
}

// MaxLinkUsers is how many users one call may name.
const MaxLinkUsers = 500

// LinkUser is where one product user's move to Porta stands. An unlinked
// user comes with a fresh ticket for the banner and the linking screens.
type LinkUser struct {
	UserID         string     `json:"userId"`
	State          string     `json:"state"`
	PostponedUntil *time.Time `json:"postponedUntil,omitempty"`
	// Sub is the linked account's subject, as in the ID tokens the product gets.
	Sub      string     `json:"sub,omitempty"`
	LinkedAt *time.Time `json:"linkedAt,omitempty"`
	// ShowBanner says whether to show the banner now: not linked, not postponed.
	ShowBanner      bool       `json:"showBanner"`
	Ticket          string     `json:"ticket,omitempty"`
	TicketExpiresAt *time.Time `json:"ticketExpiresAt,omitempty"`
	// BannerURL is the banner to embed in an iframe; LinkURL the linking
	// screen to open at the top level (a new tab, a mobile app's browser).
	BannerURL string `json:"bannerUrl,omitempty"`
	LinkURL   string `json:"linkUrl,omitempty"`
}

// LinkUsers answers the product's link calls. Switched says the
// organization's switch date has come: send linked users to Porta sign-in.
type LinkUsers struct {
	Org        string     `json:"org"`
	SwitchDate *time.Time `json:"switchDate,omitempty"`
	Switched   bool       `json:"switched"`
	Users      []LinkUser `json:"users"`
}

// TicketRequest carries a link ticket: POST /api/link/info, /api/link/postpone.
type TicketRequest struct {
	Ticket string `json:"ticket"`
}

// LinkBanner is what the banner says, for products that draw their own
// (mobile apps): GET /api/link/banner?ticket=…
type LinkBanner struct {
	Show           bool       `json:"show"`
	Linked         bool       `json:"linked"`
	Product        string     `json:"product"`
	OrgName        string     `json:"orgName"`
	PostponedUntil *time.Time `json:"postponedUntil,omitempty"`
	Title          string     `json:"title"`
	Message        string     `json:"message"`
	// SettingsLabel opens LinkURL; PostponeLabel calls POST /api/link/postpone.
	SettingsLabel string `json:"settingsLabel"`
	PostponeLabel string `json:"postponeLabel"`
	LinkURL       string `json:"linkUrl"`
}

// LinkPage is what the linking screen shows: POST /api/link/info.
type LinkPage struct {
	Product     string `json:"product"`
	Org         string `json:"org"`
	OrgName     string `json:"orgName"`
	DisplayName string `json:"displayName,omitempty"`
	// Emails are the addresses the product suggests.
	Emails []string `json:"emails"`
	State  string   `json:"state"`
	// CodeSentTo is the address of a code still waiting to be entered.
	CodeSentTo string     `json:"codeSentTo,omitempty"`
	SwitchDate *time.Time `json:"switchDate,omitempty"`
	Switched   bool       `json:"switched"`
}

// LinkEmailRequest is the body of POST /api/link/send.
type LinkEmailRequest struct {
	Ticket string `json:"ticket"`
	Email  string `json:"email"`
}

// LinkCodeRequest is the body of POST /api/link/verify.
type LinkCodeRequest struct {
	Ticket string `json:"ticket"`
	Code   string `json:"code"`
}

// LinkSent answers POST /api/link/send: a code is on its way to Email, or,
// for an address of a domain the organization trusts, Linked is already
// the outcome.
type LinkSent struct {
	Email   string  `json:"email"`
	Message string  `json:"message"`
	Linked  *Linked `json:"linked,omitempty"`
}

// Linked is the outcome of linking: Created says a new Porta account was
// made for Email, otherwise the existing one was linked.
type Linked struct {
	Email       string `json:"email"`
	Created     bool   `json:"created"`
	HasPassword bool   `json:"hasPassword"`
	// SetPasswordURL, when set, opens the screen to choose a password (the
	// person has just proved the address); otherwise one is sent by email.
	SetPasswordURL string     `json:"setPasswordUrl,omitempty"`
	Product        string     `json:"product"`
	OrgName        string     `json:"orgName"`
	SwitchDate     *time.Time `json:"switchDate,omitempty"`
	Switched       bool       `json:"switched"`
}

// UpsertLinkCandidates stores or updates the product's users in the
// organization and returns their states with fresh tickets: POST
// /api/product/orgs/{slug}/link-users. Errors: CodeInvalidRequest,
// CodeUnauthenticated, CodeForbidden.
func (c *Client) UpsertLinkCandidates(ctx context.Context, slug string, users []LinkCandidate) (LinkUsers, error) {
	return call(ctx, c, RouteProductLinkUsers, LinkCandidates{Users: users}, slug)
}

// LinkStates reads the states of the product's users: POST
// /api/product/orgs/{slug}/link-users/states. A user the product never
// sent is not_started without a ticket.
func (c *Client) LinkStates(ctx context.Context, slug string, userIDs []string) (LinkUsers, error) {
	return call(ctx, c, RouteProductLinkStates, LinkUserIDs{UserIDs: userIDs}, slug)
}

// PostponeLink hides the user's banner for the postponement period, as
// "Not right now" does: POST /api/product/orgs/{slug}/link-users/{id}/postpone.
// Errors: CodeNotFound (a user the product never sent), CodeConflict (linked).
func (c *Client) PostponeLink(ctx context.Context, slug, userID string) (LinkUser, error) {
	return call(ctx, c, RouteProductLinkPostpone, None{}, slug, userID)
}

// LinkBannerFor reads what the banner of a ticket says: GET /api/link/banner?ticket=….
// Errors: CodeInvalidLink, CodeExpiredLink.
func (c *Client) LinkBannerFor(ctx context.Context, ticket string) (LinkBanner, error) {
	var out LinkBanner
	err := c.call(ctx, RouteLinkBanner.Method, RouteLinkBanner.Path+"?"+url.Values{"ticket": {ticket}}.Encode(), None{}, &out)
	return out, err
}

// LinkInfo reads what the linking screen of a ticket shows: POST /api/link/info.
func (c *Client) LinkInfo(ctx context.Context, ticket string) (LinkPage, error) {
	return call(ctx, c, RouteLinkInfo, TicketRequest{Ticket: ticket})
}

// PostponeLinkByTicket is the banner's "Not right now": POST /api/link/postpone.
func (c *Client) PostponeLinkByTicket(ctx context.Context, ticket string) (LinkBanner, error) {
	return call(ctx, c, RouteLinkPostpone, TicketRequest{Ticket: ticket})
}

// SendLinkCode emails a code to the address the person chose: POST
// /api/link/send. The answer is the same whether the address has a Porta
// account. Errors: CodeInvalidRequest, CodeConflict (already linked),
// CodeTooManyAttempts.
func (c *Client) SendLinkCode(ctx context.Context, ticket, email string) (LinkSent, error) {
	return call(ctx, c, RouteLinkSend, LinkEmailRequest{Ticket: ticket, Email: email})
}

// VerifyLinkCode links the product user to the account of the address
// the code went to, making it when there is none: POST /api/link/verify.
// Errors: CodeInvalidCode, CodeConflict.
func (c *Client) VerifyLinkCode(ctx context.Context, ticket, code string) (Linked, error) {
	return call(ctx, c, RouteLinkVerify, LinkCodeRequest{Ticket: ticket, Code: code})
}
