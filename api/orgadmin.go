package api

import (
	"context"
	"net/url"
	"time"
)

// Member is one member of an organization, as its admins see them.
type Member struct {
	AccountID string    `json:"accountId"`
	Email     string    `json:"email"`
	Name      string    `json:"name,omitempty"`
	Role      string    `json:"role"`
	Since     time.Time `json:"since"`
	// Activated is false until the person has set a password.
	Activated bool `json:"activated"`
}

// MemberList is the body of GET /api/orgs/{slug}/members. More says that
// more members matched than the list holds: narrow the search.
type MemberList struct {
	Members []Member `json:"members"`
	More    bool     `json:"more,omitempty"`
}

// RoleRequest is the body of POST /api/orgs/{slug}/members/{id}/role.
type RoleRequest struct {
	Role string `json:"role"`
}

// Members lists the organization's members whose email or name contains
// query (all of them for ""): GET /api/orgs/{slug}/members?q=….
func (c *Client) Members(ctx context.Context, slug, query string) (MemberList, error) {
	var out MemberList
	path := RouteOrgMembers.Fill(slug)
	if query != "" {
		path += "?" + url.Values{"q": {query}}.Encode()
	}
	err := c.call(ctx, RouteOrgMembers.Method, path, None{}, &out)
	return out, err
}

// SetMemberRole makes the member accountID a member or an admin:
// POST /api/orgs/{slug}/members/{id}/role.
func (c *Client) SetMemberRole(ctx context.Context, slug, accountID, role string) (Member, error) {
	return call(ctx, c, RouteOrgMemberRole, RoleRequest{Role: role}, slug, accountID)
}

// RemoveMember takes the member accountID out of the organization:
// DELETE /api/orgs/{slug}/members/{id}.
func (c *Client) RemoveMember(ctx context.Context, slug, accountID string) error {
	_, err := call(ctx, c, RouteOrgMemberRemove, None{}, slug, accountID)
	return err
}

// OrgSettings is the body of GET and PATCH /api/orgs/{slug}/settings. In
// a PATCH, a field left out stays as it is.
type OrgSettings struct {
	// Enforce2FA makes every member use two-step verification.
	Enforce2FA *bool `json:"enforce2fa,omitempty"`
	// AllowRememberDevice offers "remember this device" at the second step.
	AllowRememberDevice *bool `json:"allowRememberDevice,omitempty"`
	// TrustedDomains are email domains whose addresses link to the
	// organization's products without a code.
	TrustedDomains *[]string `json:"trustedDomains,omitempty"`
	// SwitchDate is when the products start to use Porta sign-in; in a
	// PATCH, the zero time ("0001-01-01T00:00:00Z") clears it, and GET
	// leaves it out while none is set.
	SwitchDate *time.Time `json:"switchDate,omitempty"`
}

// OrgSettings returns the organization's settings: GET /api/orgs/{slug}/settings.
func (c *Client) OrgSettings(ctx context.Context, slug string) (OrgSettings, error) {
	return call(ctx, c, RouteOrgSettings, None{}, slug)
}

// UpdateOrgSettings changes the fields set in s: PATCH /api/orgs/{slug}/settings.
func (c *Client) UpdateOrgSettings(ctx context.Context, slug string, s OrgSettings) (OrgSettings, error) {
	return call(ctx, c, RouteOrgSettingsUpdate, s, slug)
}

// ProductOrgSettings reads the settings of the organization the product
// serves: GET /api/product/orgs/{slug}/settings, with the product's
// access token (HTTPTransport.Bearer).
func (c *Client) ProductOrgSettings(ctx context.Context, slug string) (OrgSettings, error) {
	return call(ctx, c, RouteProductOrgSettings, None{}, slug)
}

// UpdateProductOrgSettings changes them, as an admin of the organization
// would: PATCH /api/product/orgs/{slug}/settings.
func (c *Client) UpdateProductOrgSettings(ctx context.Context, slug string, in OrgSettings) (OrgSettings, error) {
	return call(ctx, c, RouteProductOrgSettingsUpdate, in, slug)
}

// OrgProgress is the progress board of GET /api/orgs/{slug}/progress: how
// far the organization's move to Porta has come.
type OrgProgress struct {
	Members int `json:"members"`
	// TwoStep is how many members have two-step verification on.
	TwoStep  int               `json:"twoStep"`
	Products []ProductProgress `json:"products"`
	// History is the board as last counted on each of the last
	// ProgressDays days, oldest first, today's as it stands now; days
	// Porta did not count are missing.
	History []ProgressDay `json:"history"`
}

// ProgressDays is how many days of history the progress board shows.
const ProgressDays = 30

// ProgressDay is the progress board as it stood on one day.
type ProgressDay struct {
	// Day is the UTC date, "2006-01-02".
	Day      string            `json:"day"`
	Members  int               `json:"members"`
	TwoStep  int               `json:"twoStep"`
	Products []ProductProgress `json:"products"`
}

// Linked is how many users of all the organization's products were linked.
func (d ProgressDay) Linked() int {
	n := 0
	for _, p := range d.Products {
		n += p.Linked
	}
	return n
}

// ProductProgress counts one product's users in the organization by link state.
type ProductProgress struct {
	ClientID   string `json:"clientId"`
	Name       string `json:"name"`
	Linked     int    `json:"linked"`
	Postponed  int    `json:"postponed"`
	NotStarted int    `json:"notStarted"`
}

// OrgProgress reads the progress board: GET /api/orgs/{slug}/progress.
// Errors: CodeForbidden (not an admin), CodeNotFound.
func (c *Client) OrgProgress(ctx context.Context, slug string) (OrgProgress, error) {
	return call(ctx, c, RouteOrgProgress, None{}, slug)
}
