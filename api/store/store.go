// Package store defines how Porta keeps its data. Every backend (bbolt,
// PostgreSQL) implements Store and passes the conformance suite in
// storetest. Records are passed by value; updates go through updater
// functions that may run more than once, so they must not have side effects.
package store

import (
	"context"
	"errors"
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
}

// Failures counts consecutive failed attempts for one key (a normalized
// email, known or not, so the count itself reveals nothing).
type Failures struct {
	Key         string    `json:"key,omitempty"`
	Count       int       `json:"count,omitempty"`
	LastFailure time.Time `json:"lastFailure,omitempty"`
	LockedUntil time.Time `json:"lockedUntil,omitempty"`
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
}

// The record types carry JSON names so a backend that stores JSON (bbolt)
// keeps its on-disk format when a Go field is renamed; rename the tag only
// with a migration.

// Store is Porta's persistence. Methods are safe for concurrent use; a write
// has reached durable storage when the method returns.
type Store interface {
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

	// AppendAudit records e.
	AppendAudit(ctx context.Context, e AuditEvent) error
	// ListAudit returns the account's events newest first (by Time), at
	// most limit; limit <= 0 means all. Event IDs must be unique.
	ListAudit(ctx context.Context, accountID string, limit int) ([]AuditEvent, error)

	// Secret returns the named server secret, creating it with gen on first
	// use. Replicas sharing a store get the same value.
	Secret(ctx context.Context, name string, gen func() ([]byte, error)) ([]byte, error)

	// Close releases the store.
	Close() error
}
