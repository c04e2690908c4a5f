package postgres

import (
	"context"
	"time"

	"github.com/porta-id/porta/api/store"
)

var authRequests = table[store.AuthRequest]{
	name: "auth_requests",
	columns: []string{"id", "client_id", "redirect_uri", "scopes", "state", "nonce", "response_type", "response_mode",
		"code_challenge", "code_challenge_method", "prompt", "max_age", "has_max_age", "login_hint", "acr_values",
		"ui_locales", "org_slug", "account_id", "session_id", "auth_time", "amr", "done", "created_at", "expires_at"},
	keys: 1,
	fields: func(r *store.AuthRequest) []any {
		return []any{&r.ID, &r.ClientID, &r.RedirectURI, &r.Scopes, &r.State, &r.Nonce, &r.ResponseType, &r.ResponseMode,
			&r.CodeChallenge, &r.CodeChallengeMethod, &r.Prompt, &r.MaxAge, &r.HasMaxAge, &r.LoginHint, &r.ACRValues,
			&r.UILocales, &r.OrgSlug, &r.AccountID, &r.SessionID, (*ts)(&r.AuthTime), &r.AMR, &r.Done,
			(*ts)(&r.CreatedAt), (*ts)(&r.ExpiresAt)}
	},
}

// CreateAuthRequest inserts r; ErrAlreadyExists.
func (s *Store) CreateAuthRequest(ctx context.Context, r store.AuthRequest) error {
	return insert(ctx, s, "create auth request", authRequests, r)
}

// GetAuthRequest returns the request with id, expired or not; ErrNotFound.
func (s *Store) GetAuthRequest(ctx context.Context, id string) (store.AuthRequest, error) {
	return get(ctx, s, "get auth request", authRequests, id)
}

// UpdateAuthRequest replaces the request with update(old) atomically;
// ErrNotFound, ErrConflict when update changes the ID, or update's own
// error. update may run more than once.
func (s *Store) UpdateAuthRequest(ctx context.Context, id string, update func(store.AuthRequest) (store.AuthRequest, error)) (store.AuthRequest, error) {
	return modify(ctx, s, "update auth request", authRequests, update, id)
}

// DeleteAuthRequest removes the request; ErrNotFound.
func (s *Store) DeleteAuthRequest(ctx context.Context, id string) error {
	return remove(ctx, s, "delete auth request", authRequests, id)
}

// DeleteExpiredAuthRequests removes requests whose ExpiresAt is not after
// now and returns how many went; auth_requests_expires_at finds them.
func (s *Store) DeleteExpiredAuthRequests(ctx context.Context, now time.Time) (int, error) {
	return exec(ctx, s, "delete expired auth requests", "DELETE FROM auth_requests WHERE expires_at <= $1", ts(now))
}
