package bolt

import (
	"context"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// consents are keyed pair(accountID, clientID), so an account's are one
// key range in ClientID order.
var consents = table[store.Consent]{
	bucket: bucketConsents,
	key:    func(c store.Consent) string { return pair(c.AccountID, c.ClientID) },
}

// PutConsent creates or replaces the consent (AccountID, ClientID).
func (s *Store) PutConsent(ctx context.Context, c store.Consent) error {
	return upsert(ctx, s, "put consent", consents, c)
}

// GetConsent returns one consent; ErrNotFound.
func (s *Store) GetConsent(ctx context.Context, accountID, clientID string) (store.Consent, error) {
	return get(ctx, s, "get consent", consents, pair(accountID, clientID))
}

// DeleteConsent removes one consent; ErrNotFound.
func (s *Store) DeleteConsent(ctx context.Context, accountID, clientID string) error {
	return remove(ctx, s, "delete consent", consents, pair(accountID, clientID))
}

// ListConsents returns the account's consents ordered by ClientID.
func (s *Store) ListConsents(ctx context.Context, accountID string) ([]store.Consent, error) {
	return read(ctx, s, "list consents", func(tx *bbolt.Tx) ([]store.Consent, error) {
		return consents.listPrefix(tx, pair(accountID, ""))
	})
}
