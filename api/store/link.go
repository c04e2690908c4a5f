package store

import (
	"context"
	"time"
)

// ProductUser is a user of a product (a Client) in one organization as the
// product knows them — its own user ID, name and email addresses — and
// where their move to Porta stands: not started, postponed, or linked to
// an account. It is the "product-side user id" of a membership.
type ProductUser struct {
	ClientID string `json:"clientId,omitempty"`
	OrgID    string `json:"orgId,omitempty"`
	// UserID is the product's own ID for the user.
	UserID      string   `json:"userId,omitempty"`
	DisplayName string   `json:"displayName,omitempty"`
	Emails      []string `json:"emails,omitempty"`
	// PostponedUntil hides the product's banner until then ("Not right now").
	PostponedUntil time.Time `json:"postponedUntil,omitempty"`
	// AccountID is the Porta account the user is linked to; empty until then.
	AccountID string    `json:"accountId,omitempty"`
	LinkedAt  time.Time `json:"linkedAt,omitempty"`
	CreatedAt time.Time `json:"createdAt,omitempty"`
	UpdatedAt time.Time `json:"updatedAt,omitempty"`
}

// LinkStore keeps product users; Store embeds it.
type LinkStore interface {
	// UpdateProductUser stores update(old) as the user (clientID, orgID,
	// userID) atomically, starting from a ProductUser with only those three
	// set when there is none. ErrConflict when the result changes them, or
	// links an account that another user of the client in the organization
	// is linked to (one account is one user per product and organization);
	// update's own error as is, with nothing changed.
	UpdateProductUser(ctx context.Context, clientID, orgID, userID string, update func(ProductUser) (ProductUser, error)) (ProductUser, error)
	// GetProductUser returns one user; ErrNotFound.
	GetProductUser(ctx context.Context, clientID, orgID, userID string) (ProductUser, error)
	// GetProductUserByAccount returns the user of the client in the
	// organization that accountID is linked to; ErrNotFound.
	GetProductUserByAccount(ctx context.Context, clientID, orgID, accountID string) (ProductUser, error)
	// ListProductUsers returns the client's users in the organization
	// ordered by UserID; it reads that organization's users only.
	ListProductUsers(ctx context.Context, clientID, orgID string) ([]ProductUser, error)
}

// ProgressSnapshot is an organization's progress board as it stood on one
// day, kept so that admins see how the move to Porta went over time.
type ProgressSnapshot struct {
	OrgID string `json:"orgId,omitempty"`
	// Day is the UTC date, "2006-01-02".
	Day      string          `json:"day,omitempty"`
	Members  int             `json:"members,omitempty"`
	TwoStep  int             `json:"twoStep,omitempty"`
	Products []ProductCounts `json:"products,omitempty"`
}

// ProductCounts is one product's users in an organization by link state.
type ProductCounts struct {
	ClientID   string `json:"clientId"`
	Linked     int    `json:"linked"`
	Postponed  int    `json:"postponed"`
	NotStarted int    `json:"notStarted"`
}

// ProgressStore keeps the organizations' daily progress; Store embeds it.
type ProgressStore interface {
	// PutProgressSnapshot stores p in place of the organization's snapshot
	// of the same day, if any.
	PutProgressSnapshot(ctx context.Context, p ProgressSnapshot) error
	// ListProgressSnapshots returns the organization's snapshots of fromDay
	// and after, oldest first; it reads that organization's alone.
	ListProgressSnapshots(ctx context.Context, orgID, fromDay string) ([]ProgressSnapshot, error)
}
