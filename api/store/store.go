// Package store defines how Porta keeps its data. Every backend (bbolt,
// PostgreSQL) implements Store and passes the conformance suite in
// storetest. Records are passed by value; updates go through updater
// functions that may run more than once, so they must not have side effects.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// The only errors a backend returns besides internal failures. Backends wrap
// them with %w; callers test with errors.Is.
var (
	ErrNotFound      = errors.New("not found")
	ErrAlreadyExists = errors.New("already exists")
	// ErrConflict means a uniqueness rule other than the key was violated,
	// or an updater tried to change a record's key.
	ErrConflict = errors.New("conflict")
)

// Account is one person. Email is the normalized (lowercase, trimmed)
// address and is unique.
type Account struct {
	ID            string `json:"id,omitempty"`
	Email         string `json:"email,omitempty"`
	Name          string `json:"name,omitempty"`
	EmailVerified bool   `json:"emailVerified,omitempty"`
	// PasswordHash is a PHC string ($argon2id$v=19$m=…); empty when the
	// account has no password yet.
	PasswordHash      string    `json:"passwordHash,omitempty"`
	PasswordChangedAt time.Time `json:"passwordChangedAt,omitempty"`
	CreatedAt         time.Time `json:"createdAt,omitempty"`
	UpdatedAt         time.Time `json:"updatedAt,omitempty"`
	// CurrentOrgID is the organization the person last switched to: the
	// org of their next OpenID sign-in when the product names none.
	CurrentOrgID string `json:"currentOrgId,omitempty"`
}

// Session is one signed-in browser. The cookie carries ID and a secret;
// only the secret's hash is stored, so a copy of the database cannot be
// turned into cookies.
type Session struct {
	ID         string `json:"id,omitempty"`
	SecretHash []byte `json:"secretHash,omitempty"`
	AccountID  string `json:"accountId,omitempty"`
	// Stage is "" for a complete session, or the step still owed before the
	// session counts as signed in (for example "change_password").
	Stage           string    `json:"stage,omitempty"`
	AMR             []string  `json:"amr,omitempty"`
	CreatedAt       time.Time `json:"createdAt,omitempty"`
	AuthenticatedAt time.Time `json:"authenticatedAt,omitempty"`
	LastSeenAt      time.Time `json:"lastSeenAt,omitempty"`
	// ExpiresAt is the absolute end; the idle timeout is checked against LastSeenAt.
	ExpiresAt time.Time `json:"expiresAt,omitempty"`
	IP        string    `json:"ip,omitempty"`
	UserAgent string    `json:"userAgent,omitempty"`
	// PasswordChangeOwed marks a sign-in whose password must be changed
	// once the second step is passed.
	PasswordChangeOwed bool `json:"passwordChangeOwed,omitempty"`
}

// Failures counts consecutive failed attempts for one key (a normalized
// email, known or not, so the count itself reveals nothing).
type Failures struct {
	Key         string    `json:"key,omitempty"`
	Count       int       `json:"count,omitempty"`
	LastFailure time.Time `json:"lastFailure,omitempty"`
	LockedUntil time.Time `json:"lockedUntil,omitempty"`
	// ExpiresAt is the moment after which the counter means nothing, set
	// by the caller; DeleteExpiredFailures removes it then. The zero time
	// counts as expired.
	ExpiresAt time.Time `json:"expiresAt,omitempty"`
}

// Token is a one-time secret (link or code). Only its hash is stored.
type Token struct {
	Hash      string `json:"hash,omitempty"`
	Kind      string `json:"kind,omitempty"`
	AccountID string `json:"accountId,omitempty"`
	Email     string `json:"email,omitempty"`
	// Data is kind-specific, opaque to the store.
	Data      string    `json:"data,omitempty"`
	Attempts  int       `json:"attempts,omitempty"`
	CreatedAt time.Time `json:"createdAt,omitempty"`
	ExpiresAt time.Time `json:"expiresAt,omitempty"`
}

// AuditEvent is one security-relevant event.
type AuditEvent struct {
	ID        string    `json:"id,omitempty"`
	Time      time.Time `json:"time,omitempty"`
	Type      string    `json:"type,omitempty"`
	AccountID string    `json:"accountId,omitempty"`
	Email     string    `json:"email,omitempty"`
	IP        string    `json:"ip,omitempty"`
	UserAgent string    `json:"userAgent,omitempty"`
	Detail    string    `json:"detail,omitempty"`
	// OrgID, when set, puts the event in that organization's log too.
	OrgID string `json:"orgId,omitempty"`
	// Actor is who did it when that is not the account itself: an
	// admin's email, a product, an operator.
	Actor string `json:"actor,omitempty"`
}

// OrgAuditQuery selects events of one organization's log.
type OrgAuditQuery struct {
	OrgID string
	// Type, when set, keeps only events of that type.
	Type string
	// Person, when set, keeps only events about (Email) or by (Actor) that
	// email.
	Person string
	// Before, when set, continues a listing with the events older than it.
	Before AuditCursor
	// Limit caps the answer; 0 or less means a backend's own page size.
	Limit int
}

// AuditCursor is a place in an organization's log, newest first: the
// time and ID of an event.
type AuditCursor struct {
	Time time.Time
	ID   string
}

// IsZero reports whether c is no place: the start of the log.
func (c AuditCursor) IsZero() bool { return c.ID == "" && c.Time.IsZero() }

// Org is an organization (environment, company, tenant). Slug is its short
// unique name, used in its sign-in address.
type Org struct {
	ID   string `json:"id,omitempty"`
	Slug string `json:"slug,omitempty"`
	Name string `json:"name,omitempty"`
	// Enforce2FA makes every member set up two-step verification.
	Enforce2FA bool `json:"enforce2fa,omitempty"`
	// ForbidRememberDevice makes members pass the second step on every
	// sign-in: "remember this device" is not offered.
	ForbidRememberDevice bool `json:"forbidRememberDevice,omitempty"`
	// TrustedDomains are email domains (lower case) whose addresses link
	// to the organization's products without a code.
	TrustedDomains []string `json:"trustedDomains,omitempty"`
	// SwitchDate is when the organization's products start to use Porta
	// sign-in; zero while no date is set.
	SwitchDate time.Time `json:"switchDate,omitempty"`
	CreatedAt  time.Time `json:"createdAt,omitempty"`
	UpdatedAt  time.Time `json:"updatedAt,omitempty"`
}

// Factor kinds.
const (
	FactorTOTP      = "totp"
	FactorSMS       = "sms"
	FactorEmergency = "emergency"
	FactorPasskey   = "passkey"
)

// Factor is one second-step method of an account.
type Factor struct {
	AccountID string `json:"accountId,omitempty"`
	ID        string `json:"id,omitempty"`
	Kind      string `json:"kind,omitempty"`
	// Pending is true until the person proves the method works.
	Pending bool `json:"pending,omitempty"`
	// Secret is the TOTP key, sealed with the server's secrets key.
	Secret []byte `json:"secret,omitempty"`
	// Phone is the E.164 number of an SMS factor.
	Phone string `json:"phone,omitempty"`
	// CodeHash is the hash of an emergency code.
	CodeHash string `json:"codeHash,omitempty"`
	// LastStep is the last TOTP time step accepted; each step works once.
	LastStep int64 `json:"lastStep,omitempty"`
	// Passkey is the WebAuthn credential of a passkey factor.
	Passkey    *Passkey  `json:"passkey,omitempty"`
	CreatedAt  time.Time `json:"createdAt,omitempty"`
	LastUsedAt time.Time `json:"lastUsedAt,omitempty"`
}

// Passkey is a WebAuthn credential: a passkey or a security key. None of
// it is secret; the private key never leaves the authenticator.
type Passkey struct {
	// Name is the person's name for it ("iPhone", "Chrome on Linux").
	Name         string `json:"name,omitempty"`
	CredentialID []byte `json:"credentialId,omitempty"`
	// PublicKey is the COSE key that checks its signatures.
	PublicKey       []byte   `json:"publicKey,omitempty"`
	AttestationType string   `json:"attestationType,omitempty"`
	AAGUID          []byte   `json:"aaguid,omitempty"`
	Transports      []string `json:"transports,omitempty"`
	// SignCount is the authenticator's signature counter as last seen; a
	// count that goes back means a cloned key, and is refused.
	SignCount uint32 `json:"signCount,omitempty"`
	// UserVerified is whether it verified the person (biometrics, PIN)
	// when it was added: such a passkey is a whole sign-in by itself.
	UserVerified bool `json:"userVerified,omitempty"`
	// BackupEligible and BackupState are the authenticator's flags: a
	// synced passkey (eligible and backed up) or one bound to a device.
	BackupEligible bool `json:"backupEligible,omitempty"`
	BackupState    bool `json:"backupState,omitempty"`
}

// CheckFactorSet is the rule for what UpdateFactors stores: ErrConflict
// unless every factor of set belongs to accountID and has a non-empty ID
// of its own. Backends call it; it is here so they agree.
func CheckFactorSet(accountID string, set []Factor) error {
	seen := make(map[string]bool, len(set))
	for _, f := range set {
		switch {
		case f.AccountID != accountID:
			return fmt.Errorf("factor %q of account %q in the set of %q: %w", f.ID, f.AccountID, accountID, ErrConflict)
		case f.ID == "":
			return fmt.Errorf("factor without an ID: %w", ErrConflict)
		case seen[f.ID]:
			return fmt.Errorf("factor %q twice: %w", f.ID, ErrConflict)
		}
		seen[f.ID] = true
	}
	return nil
}

// Membership ties an account to an organization with a role.
type Membership struct {
	OrgID     string    `json:"orgId,omitempty"`
	AccountID string    `json:"accountId,omitempty"`
	Role      string    `json:"role,omitempty"`
	CreatedAt time.Time `json:"createdAt,omitempty"`
}

// Message states.
const (
	MessagePending = "pending" // waiting for (another) delivery attempt
	MessageSent    = "sent"    // handed to the SMTP server or SMS gateway
	MessageOutbox  = "outbox"  // kept in the outbox: no sender is configured
	MessageFailed  = "failed"  // given up after the last retry
	MessageDone    = "done"    // a job that Porta carried out itself
)

// Message is one queued email, SMS or background job. Delivery never
// happens inside a request: it is queued here and a worker takes it with a
// lease, so with several replicas exactly one delivers it.
type Message struct {
	ID string `json:"id,omitempty"`
	// Kind is "email", "sms", or "job:…" for work Porta does itself.
	Kind    string `json:"kind,omitempty"`
	To      string `json:"to,omitempty"`
	Subject string `json:"subject,omitempty"`
	Text    string `json:"text,omitempty"`
	HTML    string `json:"html,omitempty"`
	// Data is a job's payload.
	Data          string    `json:"data,omitempty"`
	Status        string    `json:"status,omitempty"`
	Attempts      int       `json:"attempts,omitempty"`
	NextAttemptAt time.Time `json:"nextAttemptAt,omitempty"`
	LeaseOwner    string    `json:"leaseOwner,omitempty"`
	LeaseUntil    time.Time `json:"leaseUntil,omitempty"`
	LastError     string    `json:"lastError,omitempty"`
	CreatedAt     time.Time `json:"createdAt,omitempty"`
	UpdatedAt     time.Time `json:"updatedAt,omitempty"`
}

// Device is a browser an account has signed in from, known by the hash of
// a long-lived device cookie.
type Device struct {
	AccountID string    `json:"accountId,omitempty"`
	ID        string    `json:"id,omitempty"`
	UserAgent string    `json:"userAgent,omitempty"`
	IP        string    `json:"ip,omitempty"`
	FirstSeen time.Time `json:"firstSeen,omitempty"`
	LastSeen  time.Time `json:"lastSeen,omitempty"`
	// TrustedUntil skips the second sign-in step on this device until then.
	TrustedUntil time.Time `json:"trustedUntil,omitempty"`
}

// The record types carry JSON names so a backend that stores JSON (bbolt)
// keeps its on-disk format when a Go field is renamed; rename the tag only
// with a migration.

// Store is Porta's persistence. Methods are safe for concurrent use; a write
// has reached durable storage when the method returns.
type Store interface {
	// OpenIDStore keeps the records of the OpenID Provider and of
	// organization SSO (openid.go).
	OpenIDStore
	// LinkStore keeps the product users that organizations move to Porta
	// (link.go).
	LinkStore
	// ProgressStore keeps each organization's progress board by day.
	ProgressStore

	// CreateAccount inserts a; ErrAlreadyExists when the ID or Email is taken.
	CreateAccount(ctx context.Context, a Account) error
	// GetAccount returns the account with id; ErrNotFound.
	GetAccount(ctx context.Context, id string) (Account, error)
	// GetAccountByEmail returns the account with the normalized email; ErrNotFound.
	GetAccountByEmail(ctx context.Context, email string) (Account, error)
	// UpdateAccount replaces the account with update(old) atomically;
	// ErrNotFound, ErrConflict (email taken by another account, or ID changed),
	// or update's own error.
	UpdateAccount(ctx context.Context, id string, update func(Account) (Account, error)) (Account, error)
	// ListAccounts returns every account ordered by email.
	ListAccounts(ctx context.Context) ([]Account, error)

	// CreateSession inserts s; ErrAlreadyExists.
	CreateSession(ctx context.Context, s Session) error
	// GetSession returns the session with id; ErrNotFound.
	GetSession(ctx context.Context, id string) (Session, error)
	// UpdateSession replaces the session with update(old) atomically; ErrNotFound.
	UpdateSession(ctx context.Context, id string, update func(Session) (Session, error)) (Session, error)
	// DeleteSession removes the session; ErrNotFound.
	DeleteSession(ctx context.Context, id string) error
	// ListSessions returns the account's sessions, newest first by
	// CreatedAt, ties broken by ID.
	ListSessions(ctx context.Context, accountID string) ([]Session, error)
	// DeleteExpiredSessions removes sessions whose ExpiresAt is not after
	// now (the same boundary as tokens) and returns how many went.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)

	// GetFailures returns the counter for key; a zero Failures with Key set
	// when there is none.
	GetFailures(ctx context.Context, key string) (Failures, error)
	// UpdateFailures replaces the counter with update(old) atomically,
	// starting from a zero Failures{Key: key} when there is none. A result
	// with Count 0 and no LockedUntil removes the counter.
	UpdateFailures(ctx context.Context, key string, update func(Failures) (Failures, error)) (Failures, error)

	// ListFailures returns every counter ordered by key (for copying a store).
	ListFailures(ctx context.Context) ([]Failures, error)
	// DeleteExpiredFailures removes counters whose ExpiresAt is before now
	// (a zero ExpiresAt included) and returns how many went. It reads only
	// the expired counters, not every one.
	DeleteExpiredFailures(ctx context.Context, now time.Time) (int, error)

	// CreateToken inserts t; ErrAlreadyExists when the hash exists.
	CreateToken(ctx context.Context, t Token) error
	// ConsumeToken deletes and returns the token with hash and kind if it
	// has not expired at now. Of any number of concurrent calls exactly one
	// wins; the others, and calls for missing, expired or other-kind
	// tokens, get ErrNotFound.
	ConsumeToken(ctx context.Context, kind, hash string, now time.Time) (Token, error)
	// UpdateToken replaces the token with update(old) atomically (used for
	// attempt counts); ErrNotFound.
	UpdateToken(ctx context.Context, hash string, update func(Token) (Token, error)) (Token, error)
	// DeleteTokens removes every token of kind for accountID.
	DeleteTokens(ctx context.Context, kind, accountID string) error
	// GetToken returns the token with hash, expired or not; ErrNotFound.
	GetToken(ctx context.Context, hash string) (Token, error)
	// ListTokens returns every token ordered by hash (for copying a store).
	ListTokens(ctx context.Context) ([]Token, error)
	// DeleteExpiredTokens removes tokens whose ExpiresAt is not after now
	// and returns how many went.
	DeleteExpiredTokens(ctx context.Context, now time.Time) (int, error)

	// AppendAudit records e.
	AppendAudit(ctx context.Context, e AuditEvent) error
	// ListAudit returns the account's events newest first (by Time), at
	// most limit; limit <= 0 means all. Event IDs must be unique.
	ListAudit(ctx context.Context, accountID string, limit int) ([]AuditEvent, error)
	// ListOrgAudit returns the organization's events that q keeps, newest
	// first (by Time, then ID), and where to go on: next is zero when no
	// older event matches. A backend may answer fewer than q.Limit with a
	// next cursor, to bound the work of one call.
	ListOrgAudit(ctx context.Context, q OrgAuditQuery) (events []AuditEvent, next AuditCursor, err error)
	// DeleteAuditBefore removes events, of every account, whose Time is
	// before t and returns how many went.
	DeleteAuditBefore(ctx context.Context, t time.Time) (int, error)

	// Secret returns the named server secret, creating it with gen on first
	// use. Replicas sharing a store get the same value.
	Secret(ctx context.Context, name string, gen func() ([]byte, error)) ([]byte, error)

	// CreateOrg inserts o; ErrAlreadyExists when the ID or Slug is taken.
	CreateOrg(ctx context.Context, o Org) error
	// GetOrg returns the organization with id; ErrNotFound.
	GetOrg(ctx context.Context, id string) (Org, error)
	// GetOrgBySlug returns the organization with slug; ErrNotFound.
	GetOrgBySlug(ctx context.Context, slug string) (Org, error)
	// UpdateOrg replaces the organization with update(old) atomically;
	// ErrNotFound, ErrConflict (slug taken, or ID changed).
	UpdateOrg(ctx context.Context, id string, update func(Org) (Org, error)) (Org, error)
	// ListOrgs returns every organization ordered by slug.
	ListOrgs(ctx context.Context) ([]Org, error)

	// PutMembership creates or replaces the membership of m.AccountID in m.OrgID.
	PutMembership(ctx context.Context, m Membership) error
	// GetMembership returns one membership; ErrNotFound.
	GetMembership(ctx context.Context, orgID, accountID string) (Membership, error)
	// DeleteMembership removes one membership; ErrNotFound.
	DeleteMembership(ctx context.Context, orgID, accountID string) error
	// ListMembershipsByAccount returns the account's memberships ordered by OrgID.
	ListMembershipsByAccount(ctx context.Context, accountID string) ([]Membership, error)
	// ListMembershipsByOrg returns the organization's memberships ordered by AccountID.
	ListMembershipsByOrg(ctx context.Context, orgID string) ([]Membership, error)
	// UpdateMembership stores what update makes of the membership of
	// accountID in orgID — deleting it when update returns nil — in one
	// transaction that no other UpdateMembership of the organization
	// interleaves with. update also gets how many of the organization's
	// members have role countRole, so that a rule like "an organization
	// keeps an admin" holds under racing changes. ErrNotFound when there is
	// no such membership; update's own error as is, with nothing changed;
	// ErrConflict when update changes the organization or the account.
	UpdateMembership(ctx context.Context, orgID, accountID, countRole string, update func(m Membership, withRole int) (*Membership, error)) (*Membership, error)

	// EnqueueMessage inserts m; ErrAlreadyExists when the ID is taken.
	EnqueueMessage(ctx context.Context, m Message) error
	// ClaimMessage leases the pending message with the earliest
	// NextAttemptAt not after now whose lease (if any) has ended by now: it
	// sets LeaseOwner = owner and LeaseUntil = leaseUntil and returns it.
	// Concurrent claims, from any process, never get the same message while
	// its lease lasts. ErrNotFound when nothing is due.
	ClaimMessage(ctx context.Context, owner string, now, leaseUntil time.Time) (Message, error)
	// GetMessage returns the message with id; ErrNotFound.
	GetMessage(ctx context.Context, id string) (Message, error)
	// UpdateMessage replaces the message with update(old) atomically;
	// ErrNotFound, ErrConflict (ID changed).
	UpdateMessage(ctx context.Context, id string, update func(Message) (Message, error)) (Message, error)
	// ListMessages returns messages newest first by CreatedAt (ties by ID),
	// at most limit; limit <= 0 means all.
	ListMessages(ctx context.Context, limit int) ([]Message, error)
	// DeleteMessagesBefore removes messages that are not pending and were
	// last updated before t, and returns how many went.
	DeleteMessagesBefore(ctx context.Context, t time.Time) (int, error)

	// PutDevice creates or replaces the device (AccountID, ID).
	PutDevice(ctx context.Context, d Device) error
	// GetDevice returns one device; ErrNotFound.
	GetDevice(ctx context.Context, accountID, id string) (Device, error)
	// ListDevices returns the account's devices, most recently seen first
	// (ties by ID).
	ListDevices(ctx context.Context, accountID string) ([]Device, error)
	// DeleteDevice removes one device; ErrNotFound.
	DeleteDevice(ctx context.Context, accountID, id string) error

	// ListSecrets returns every server secret by name (for copying a store).
	ListSecrets(ctx context.Context) (map[string][]byte, error)

	// CreateFactor inserts f; ErrAlreadyExists when (AccountID, ID) exists.
	CreateFactor(ctx context.Context, f Factor) error
	// GetFactor returns one factor; ErrNotFound.
	GetFactor(ctx context.Context, accountID, id string) (Factor, error)
	// UpdateFactor replaces the factor with update(old) atomically (it is
	// how a TOTP step is accepted once under concurrency); ErrNotFound,
	// ErrConflict (AccountID or ID changed).
	UpdateFactor(ctx context.Context, accountID, id string, update func(Factor) (Factor, error)) (Factor, error)
	// DeleteFactor removes one factor; ErrNotFound.
	DeleteFactor(ctx context.Context, accountID, id string) error
	// ListFactors returns the account's factors ordered by CreatedAt, ties by ID.
	ListFactors(ctx context.Context, accountID string) ([]Factor, error)
	// UpdateFactors replaces the account's whole set of factors with
	// update(old) atomically, old in ListFactors order (empty when the
	// account has none): factors missing from the result are deleted, new
	// ones created, the others written. It returns the new set in
	// ListFactors order. ErrConflict when a returned factor has another
	// AccountID or an empty or repeated ID; update's own error is returned
	// as is and nothing changes. update may run more than once. Concurrent
	// calls for one account take turns, so a rule such as "keep at least
	// one" checked inside update holds.
	UpdateFactors(ctx context.Context, accountID string, update func([]Factor) ([]Factor, error)) ([]Factor, error)

	// Close releases the store.
	Close() error
}
