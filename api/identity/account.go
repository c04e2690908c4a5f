package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// maxNameLength bounds a display name.
const maxNameLength = 100

// CreateAccount creates an active account with a password (operator use).
// Errors: api.CodeInvalidRequest, api.CodeWeakPassword, api.CodeConflict (email taken).
func (s *Service) CreateAccount(ctx context.Context, email, password, name string) (store.Account, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return store.Account{}, err
	}
	if name, err = cleanName(name); err != nil {
		return store.Account{}, err
	}
	if err := validateNewPassword(s.policy, email, password); err != nil {
		return store.Account{}, err
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return store.Account{}, fmt.Errorf("create account: %w", err)
	}
	id, err := s.newID()
	if err != nil {
		return store.Account{}, err
	}
	now := s.now()
	a := store.Account{ID: id, Email: email, Name: name, PasswordHash: hash, PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
	if err := s.store.CreateAccount(ctx, a); errors.Is(err, store.ErrAlreadyExists) {
		return store.Account{}, Errorf(api.CodeConflict, "An account with that email already exists.")
	} else if err != nil {
		return store.Account{}, fmt.Errorf("create account: %w", err)
	}
	s.audit(ctx, AuditAccountCreated, id, email, Meta{}, "")
	return a, nil
}

// ListAccounts returns every account ordered by email.
func (s *Service) ListAccounts(ctx context.Context) ([]store.Account, error) {
	return s.store.ListAccounts(ctx)
}

// UpdateProfile changes the account's display name. Errors: api.CodeInvalidRequest.
func (s *Service) UpdateProfile(ctx context.Context, accountID, name string, m Meta) (store.Account, error) {
	name, err := cleanName(name)
	if err != nil {
		return store.Account{}, err
	}
	now := s.now()
	a, err := s.store.UpdateAccount(ctx, accountID, func(a store.Account) (store.Account, error) {
		a.Name = name
		a.UpdatedAt = now
		return a, nil
	})
	if err != nil {
		return store.Account{}, fmt.Errorf("update profile: %w", err)
	}
	s.audit(ctx, AuditProfileUpdated, accountID, a.Email, m, "")
	return a, nil
}

// ChangePassword changes a signed-in account's password after checking the
// current one, and signs out every other session. Wrong current passwords
// count toward the failure limit like sign-in attempts.
// Errors: api.CodeWrongPassword, api.CodeWeakPassword, api.CodeTooManyAttempts, api.CodeInvalidRequest.
func (s *Service) ChangePassword(ctx context.Context, auth Auth, current, next string, m Meta) error {
	if current == "" || next == "" {
		return Errorf(api.CodeInvalidRequest, "Enter your current and your new password.")
	}
	acct, err := s.store.GetAccount(ctx, auth.Account.ID)
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	if err := s.checkPassword(ctx, acct, current, m, "current password at password change", "Your current password is wrong."); err != nil {
		return err
	}
	_, err = s.setPassword(ctx, acct.ID, next, auth.Session.ID, m)
	return err
}

// cleanName cleans a display name. Errors: api.CodeInvalidRequest.
func cleanName(name string) (string, error) { return cleanText(fieldYourName, name, maxNameLength) }

// accountForEmail returns the account with email, or creates one without
// a password (audited as made via); created says which. verified marks
// the address as proved — a code came back, or the organization's
// provider vouched for it — on an existing account as on a new one.
func (s *Service) accountForEmail(ctx context.Context, email, name string, now time.Time, via string, verified bool) (acct store.Account, created bool, err error) {
	acct, err = s.store.GetAccountByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		id, err := s.newID()
		if err != nil {
			return store.Account{}, false, err
		}
		name, _ = cleanName(name)
		acct = store.Account{ID: id, Email: email, Name: name, EmailVerified: verified, CreatedAt: now, UpdatedAt: now}
		switch err := s.store.CreateAccount(ctx, acct); {
		case err == nil:
			s.audit(ctx, AuditAccountCreated, id, email, Meta{}, via)
			return acct, true, nil
		case !errors.Is(err, store.ErrAlreadyExists):
			return store.Account{}, false, fmt.Errorf("create account: %w", err)
		}
		acct, err = s.store.GetAccountByEmail(ctx, email)
	}
	if err != nil {
		return store.Account{}, false, fmt.Errorf("account for email: %w", err)
	}
	if acct.EmailVerified || !verified {
		return acct, false, nil
	}
	acct, err = s.store.UpdateAccount(ctx, acct.ID, func(a store.Account) (store.Account, error) {
		a.EmailVerified, a.UpdatedAt = true, now
		return a, nil
	})
	if err != nil {
		return store.Account{}, false, fmt.Errorf("account for email: %w", err)
	}
	return acct, false, nil
}
