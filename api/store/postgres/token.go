package postgres

import (
	"context"
	"time"

	"github.com/porta-id/porta/api/store"
)

var tokens = table[store.Token]{
	name:    "tokens",
	columns: []string{"hash", "kind", "account_id", "email", "data", "attempts", "created_at", "expires_at"},
	keys:    1,
	fields: func(t *store.Token) []any {
		return []any{&t.Hash, &t.Kind, &t.AccountID, &t.Email, &t.Data, &t.Attempts, (*ts)(&t.CreatedAt), (*ts)(&t.ExpiresAt)}
	},
}

// CreateToken inserts t; ErrAlreadyExists when the hash exists.
func (s *Store) CreateToken(ctx context.Context, t store.Token) error {
	return insert(ctx, s, "create token", tokens, t)
}

// ConsumeToken deletes and returns the token with hash and kind if it has
// not expired at now (ExpiresAt after now); ErrNotFound otherwise. It is
// one DELETE: of concurrent calls, the first takes the row's lock and the
// others, once it commits, find the row gone. An expired token stays until
// DeleteTokens or DeleteExpiredTokens removes it.
func (s *Store) ConsumeToken(ctx context.Context, kind, hash string, now time.Time) (store.Token, error) {
	return one(ctx, s, "consume token", tokens,
		"DELETE FROM tokens WHERE hash = $1 AND kind = $2 AND expires_at > $3"+tokens.returning(), hash, kind, ts(now))
}

// UpdateToken replaces the token with update(old) atomically; ErrNotFound,
// ErrConflict when update changes the Hash, or update's own error. update
// may run more than once.
func (s *Store) UpdateToken(ctx context.Context, hash string, update func(store.Token) (store.Token, error)) (store.Token, error) {
	return modify(ctx, s, "update token", tokens, update, hash)
}

// DeleteTokens removes every token of kind for accountID.
func (s *Store) DeleteTokens(ctx context.Context, kind, accountID string) error {
	_, err := exec(ctx, s, "delete tokens", "DELETE FROM tokens WHERE account_id = $1 AND kind = $2", accountID, kind)
	return err
}

// GetToken returns the token with hash, expired or not; ErrNotFound.
func (s *Store) GetToken(ctx context.Context, hash string) (store.Token, error) {
	return get(ctx, s, "get token", tokens, hash)
}

// DeleteExpiredTokens removes tokens whose ExpiresAt is not after now and
// returns how many went.
func (s *Store) DeleteExpiredTokens(ctx context.Context, now time.Time) (int, error) {
	return exec(ctx, s, "delete expired tokens", "DELETE FROM tokens WHERE expires_at <= $1", ts(now))
}

// ListTokens returns every token ordered by hash.
func (s *Store) ListTokens(ctx context.Context) ([]store.Token, error) {
	return list(ctx, s, "list tokens", tokens, "ORDER BY hash")
}
