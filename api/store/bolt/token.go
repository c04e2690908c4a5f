package bolt

import (
	"context"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// tokens_by_expiry holds tokenExpiryKey for every token, so a sweep reads
// only the expired; tokens_by_account holds tokenAccountKey for every
// token, an empty AccountID included, so DeleteTokens reads only what it
// removes.
var tokens = table[store.Token]{
	bucket: bucketTokens,
	key:    func(t store.Token) string { return t.Hash },
	reindex: reindexAll(
		keyIndex(bucketTokensByExpiry, tokenExpiryKey),
		keyIndex(bucketTokensByAccount, tokenAccountKey),
	),
}

func tokenExpiryKey(t store.Token) []byte { return timeKey(t.ExpiresAt, t.Hash) }

// tokenAccountKey is tokensOf(AccountID, Kind) followed by the hash.
func tokenAccountKey(t store.Token) []byte { return []byte(tokensOf(t.AccountID, t.Kind) + t.Hash) }

// tokensOf is the prefix of the tokens_by_account entries of an account's
// tokens of kind.
func tokensOf(accountID, kind string) string { return pair(pair(accountID, kind), "") }

// expired reports whether something that lasts until expiresAt is over at
// now: tokens and sessions share the boundary.
func expired(expiresAt, now time.Time) bool { return !now.Before(expiresAt) }

// CreateToken inserts t; ErrAlreadyExists when the hash exists.
func (s *Store) CreateToken(ctx context.Context, t store.Token) error {
	return insert(ctx, s, "create token", tokens, t)
}

// ConsumeToken deletes and returns the token with hash and kind if it has
// not expired at now (ExpiresAt after now); ErrNotFound otherwise. An
// expired token stays until DeleteTokens or DeleteExpiredTokens removes it.
func (s *Store) ConsumeToken(ctx context.Context, kind, hash string, now time.Time) (store.Token, error) {
	return write(ctx, s, "consume token", func(tx *bbolt.Tx) (store.Token, error) {
		old, err := tokens.get(tx, hash)
		if err != nil || old == nil || old.Kind != kind || expired(old.ExpiresAt, now) {
			return store.Token{}, orNotFound(err)
		}
		return *old, tokens.remove(tx, old)
	})
}

// UpdateToken replaces the token with update(old) atomically; ErrNotFound,
// ErrConflict when update changes the Hash, or update's own error.
func (s *Store) UpdateToken(ctx context.Context, hash string, update func(store.Token) (store.Token, error)) (store.Token, error) {
	return modify(ctx, s, "update token", tokens, hash, update)
}

// DeleteTokens removes every token of kind for accountID, expired or not.
// It reads the account's range of tokens_by_account.
func (s *Store) DeleteTokens(ctx context.Context, kind, accountID string) error {
	return s.update(ctx, "delete tokens", func(tx *bbolt.Tx) error {
		return tokens.removeIndex(tx, bucketTokensByAccount, tokensOf(accountID, kind), func(hash, _ []byte) string { return string(hash) })
	})
}

// GetToken returns the token with hash, expired or not; ErrNotFound.
func (s *Store) GetToken(ctx context.Context, hash string) (store.Token, error) {
	return get(ctx, s, "get token", tokens, hash)
}

// DeleteExpiredTokens removes tokens whose ExpiresAt is not after now and
// returns how many went. It reads tokens_by_expiry up to now.
func (s *Store) DeleteExpiredTokens(ctx context.Context, now time.Time) (int, error) {
	return sweepByTime(ctx, s, "delete expired tokens", tokens, bucketTokensByExpiry, now, func(t store.Token) bool { return expired(t.ExpiresAt, now) })
}

// ListTokens returns every token ordered by hash.
func (s *Store) ListTokens(ctx context.Context) ([]store.Token, error) {
	return read(ctx, s, "list tokens", func(tx *bbolt.Tx) ([]store.Token, error) {
		return tokens.listPrefix(tx, "")
	})
}
