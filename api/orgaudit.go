package api

import (
	"context"
	"net/url"
	"time"
)

// Kinds of event in an organization's log: what its admins, its members
// and Porta did in it.
const (
	AuditOrgCreated          = "org_created"
	AuditOrgChanged          = "org_changed"
	AuditMemberAdded         = "member_added"
	AuditRoleChanged         = "role_changed"
	AuditMemberRemoved       = "member_removed"
	AuditInvited             = "invited"
	AuditInvitationDeclined  = "invitation_declined"
	AuditInvitationWithdrawn = "invitation_withdrawn"
	AuditProductLinked       = "product_linked"
	AuditSSOLinked           = "sso_linked"
	AuditSSOSignIn           = "sso_signin"
)

// OrgAuditKinds lists every kind of event an organization's log holds,
// the values of GET /api/orgs/{slug}/audit?kind=.
var OrgAuditKinds = []string{
	AuditOrgCreated, AuditOrgChanged, AuditMemberAdded, AuditRoleChanged, AuditMemberRemoved,
	AuditInvited, AuditInvitationDeclined, AuditInvitationWithdrawn,
	AuditProductLinked, AuditSSOLinked, AuditSSOSignIn,
}

// AuditEntry is one event of an organization's log.
type AuditEntry struct {
	Time time.Time `json:"time"`
	Kind string    `json:"kind"`
	// Person is the email of the member the event is about, if any.
	Person string `json:"person,omitempty"`
	// Actor is who did it when not Person: an admin's email, a product,
	// an operator.
	Actor  string `json:"actor,omitempty"`
	Detail string `json:"detail,omitempty"`
	IP     string `json:"ip,omitempty"`
}

// OrgAudit is the body of GET /api/orgs/{slug}/audit: events newest
// first. Next, when set, is the before= of the page of older events.
type OrgAudit struct {
	Events []AuditEntry `json:"events"`
	Next   string       `json:"next,omitempty"`
}

// OrgAuditFilter narrows GET /api/orgs/{slug}/audit; every field may be
// empty.
type OrgAuditFilter struct {
	// Person keeps events about or by that email.
	Person string
	// Kind keeps events of one of OrgAuditKinds.
	Kind string
	// Before is an OrgAudit's Next: go on with older events.
	Before string
}

// Query is f as the route's query string.
func (f OrgAuditFilter) Query() url.Values {
	q := url.Values{}
	for name, v := range map[string]string{"person": f.Person, "kind": f.Kind, "before": f.Before} {
		if v != "" {
			q.Set(name, v)
		}
	}
	return q
}

// OrgAudit reads a page of the organization's log, for its admins.
func (c *Client) OrgAudit(ctx context.Context, slug string, f OrgAuditFilter) (OrgAudit, error) {
	var out OrgAudit
	path := RouteOrgAudit.Fill(slug)
	if q := f.Query().Encode(); q != "" {
		path += "?" + q
	}
	err := c.call(ctx, RouteOrgAudit.Method, path, None{}, &out)
	return out, err
}
