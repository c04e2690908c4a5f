package postgres

import (
	"context"

	"github.com/porta-id/porta/api/store"
)

var consents = table[store.Consent]{
	name:    "consents",
	columns: []string{"account_id", "client_id", "scopes", "created_at", "updated_at"},
	keys:    2,
	fields: func(c *store.Consent) []any {
		return []any{&c.AccountID, &c.ClientID, &c.Scopes, (*ts)(&c.CreatedAt), (*ts)(&c.UpdatedAt)}
	},
}

// PutConsent creates or replaces the consent (AccountID, ClientID).
func (s *Store) PutConsent(ctx context.Context, c store.Consent) error {
	return upsert(ctx, s, "put consent", consents, c)
}

// GetConsent returns one consent; ErrNotFound.
func (s *Store) GetConsent(ctx context.Context, accountID, clientID string) (store.Consent, error) {
	return get(ctx, s, "get consent", consents, accountID, clientID)
}

// DeleteConsent removes one consent; ErrNotFound.
func (s *Store) DeleteConsent(ctx context.Context, accountID, clientID string) error {
	return remove(ctx, s, "delete consent", consents, accountID, clientID)
}

// ListConsents returns the account's consents ordered by ClientID.
func (s *Store) ListConsents(ctx context.Context, accountID string) ([]store.Consent, error) {
	return list(ctx, s, "list consents", consents, "WHERE account_id = $1 ORDER BY client_id", accountID)
}
