package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/porta-id/porta/api/store"
)

// An update may not move a grant to another account or client.
var grants = table[store.Grant]{
	name: "grants",
	columns: []string{"id", "account_id", "client_id", "scopes", "session_id", "auth_time", "amr", "org_id",
		"refresh_hash", "created_at", "updated_at", "expires_at"},
	keys: 1,
	fields: func(g *store.Grant) []any {
		return []any{&g.ID, &g.AccountID, &g.ClientID, &g.Scopes, &g.SessionID, (*ts)(&g.AuthTime), &g.AMR, &g.OrgID,
			&g.RefreshHash, (*ts)(&g.CreatedAt), (*ts)(&g.UpdatedAt), (*ts)(&g.ExpiresAt)}
	},
	fixed: func(g store.Grant) string { return g.AccountID + "\x00" + g.ClientID },
}

// CreateGrant inserts g and appends events in one transaction;
// ErrAlreadyExists when the ID is taken, and then no event is appended.
func (s *Store) CreateGrant(ctx context.Context, g store.Grant, events ...store.AuditEvent) error {
	if len(events) == 0 {
		return insert(ctx, s, "create grant", grants, g)
	}
	_, err := inTx(ctx, s, "create grant", func(tx pgx.Tx) (struct{}, error) {
		return struct{}{}, insertGrant(ctx, tx, g, events)
	})
	return err
}

// RedeemCode spends the code token, inserts g and appends events in one
// transaction; ErrNotFound, ErrConflict (spent), ErrAlreadyExists. The
// UPDATE takes the token's row lock: a concurrent redemption waits for
// this one to commit and then finds the code spent.
func (s *Store) RedeemCode(ctx context.Context, codeHash string, g store.Grant, events ...store.AuditEvent) error {
	_, err := inTx(ctx, s, "redeem code", func(tx pgx.Tx) (struct{}, error) {
		tag, err := tx.Exec(ctx, "UPDATE tokens SET attempts = 1 WHERE hash = $1 AND attempts = 0", codeHash)
		if err != nil {
			return struct{}{}, err
		}
		if tag.RowsAffected() == 0 {
			var exists bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM tokens WHERE hash = $1)", codeHash).Scan(&exists); err != nil {
				return struct{}{}, err
			}
			if exists {
				return struct{}{}, store.ErrConflict
			}
			return struct{}{}, store.ErrNotFound
		}
		return struct{}{}, insertGrant(ctx, tx, g, events)
	})
	return err
}

func insertGrant(ctx context.Context, tx pgx.Tx, g store.Grant, events []store.AuditEvent) error {
	if _, err := tx.Exec(ctx, grants.insertSQL(), grants.fields(&g)...); err != nil {
		return uniqueAs(err, store.ErrAlreadyExists)
	}
	for _, e := range events {
		if _, err := tx.Exec(ctx, audit.insertSQL(), audit.fields(&e)...); err != nil {
			return err
		}
	}
	return nil
}

// GetGrant returns the grant with id, expired or not; ErrNotFound.
func (s *Store) GetGrant(ctx context.Context, id string) (store.Grant, error) {
	return get(ctx, s, "get grant", grants, id)
}

// UpdateGrant replaces the grant with update(old) atomically; ErrNotFound,
// ErrConflict when update changes the ID, AccountID or ClientID, or
// update's own error, with nothing changed. update may run more than
// once. Concurrent updates wait for the row's lock and then read the row
// as the previous one left it, so of several that rotate one refresh
// token only the first sees it current.
func (s *Store) UpdateGrant(ctx context.Context, id string, update func(store.Grant) (store.Grant, error)) (store.Grant, error) {
	return modify(ctx, s, "update grant", grants, update, id)
}

// DeleteGrant removes the grant; ErrNotFound.
func (s *Store) DeleteGrant(ctx context.Context, id string) error {
	return remove(ctx, s, "delete grant", grants, id)
}

// ListGrants returns the account's grants, newest first by CreatedAt, ties
// by ID; grants_account_id serves it in that order.
func (s *Store) ListGrants(ctx context.Context, accountID string) ([]store.Grant, error) {
	return list(ctx, s, "list grants", grants, "WHERE account_id = $1 ORDER BY created_at DESC, id", accountID)
}

// DeleteExpiredGrants removes grants whose ExpiresAt is not after now and
// returns how many went; grants_expires_at finds them.
func (s *Store) DeleteExpiredGrants(ctx context.Context, now time.Time) (int, error) {
	return exec(ctx, s, "delete expired grants", "DELETE FROM grants WHERE expires_at <= $1", ts(now))
}
