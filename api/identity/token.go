package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// Token kinds for emailed links.
const (
	tokenReset      = "reset"
	tokenActivation = "activation"
)

// Link lifetimes.
const (
	activationTTL = 24 * time.Hour
)

func errInvalidLink() *Error {
	return Errorf(api.CodeInvalidLink, "This link has expired or has already been used.")
}

// issueToken stores a new one-time secret of kind and returns it. Only its
// hash is kept; older links of the same kind for the account stop working.
func (s *Service) issueToken(ctx context.Context, kind string, acct store.Account, ttl time.Duration) (string, error) {
	if err := s.store.DeleteTokens(ctx, kind, acct.ID); err != nil {
		return "", fmt.Errorf("issue token: %w", err)
	}
	secret, err := s.newSecret()
	if err != nil {
		return "", err
	}
	now := s.now()
	t := store.Token{Hash: hashSecretHex(secret), Kind: kind, AccountID: acct.ID, Email: acct.Email, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	if err := s.store.CreateToken(ctx, t); err != nil {
		return "", fmt.Errorf("issue token: %w", err)
	}
	return secret, nil
}

// peekToken returns the live token of kind for secret without using it.
// Errors: api.CodeInvalidLink (unknown, used or other kind), api.CodeExpiredLink.
func (s *Service) peekToken(ctx context.Context, kind, secret string) (store.Token, error) {
	if secret == "" || len(secret) > 128 {
		return store.Token{}, errInvalidLink()
	}
	t, err := s.store.GetToken(ctx, hashSecretHex(secret))
	if errors.Is(err, store.ErrNotFound) || (err == nil && t.Kind != kind) {
		return store.Token{}, errInvalidLink()
	} else if err != nil {
		return store.Token{}, fmt.Errorf("check link: %w", err)
	}
	if !s.now().Before(t.ExpiresAt) {
		return t, Errorf(api.CodeExpiredLink, "This link has expired.")
	}
	return t, nil
}

// consumeToken uses the token once: of concurrent uses exactly one wins.
// Errors: api.CodeInvalidLink.
func (s *Service) consumeToken(ctx context.Context, kind, secret string) (store.Token, error) {
	t, err := s.store.ConsumeToken(ctx, kind, hashSecretHex(secret), s.now())
	if errors.Is(err, store.ErrNotFound) {
		return store.Token{}, errInvalidLink()
	} else if err != nil {
		return store.Token{}, fmt.Errorf("use link: %w", err)
	}
	return t, nil
}

// link builds an absolute address of the app for an email.
func (s *Service) link(path, token string) string {
	if token == "" {
		return s.baseURL + path
	}
	return s.baseURL + path + "?token=" + token
}
