package identity

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// TOTP parameters: what every authenticator app understands.
const (
	totpIssuer = "Porta"
	totpPeriod = 30
	totpDigits = otp.DigitsSix
	// totpSecretSize is 160 bits, RFC 4226's recommendation.
	totpSecretSize = 20
)

// TOTPSetup is a new authenticator key, shown once while it is pending.
type TOTPSetup struct {
	Key string // grouped in fours for typing
	URI string // otpauth:// for the QR code
}

// StartTOTP creates a pending authenticator-app factor (replacing any
// earlier pending one) and returns its key.
func (s *Service) StartTOTP(ctx context.Context, auth Auth, password string, m Meta) (TOTPSetup, error) {
	if err := s.canChangeFactors(ctx, auth, password, m); err != nil {
		return TOTPSetup{}, err
	}
	raw, err := s.randomBytes(totpSecretSize)
	if err != nil {
		return TOTPSetup{}, err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: auth.Account.Email, Period: totpPeriod, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1, Secret: raw})
	if err != nil {
		return TOTPSetup{}, fmt.Errorf("totp: %w", err)
	}
	sealed, err := s.box.seal([]byte(key.Secret()))
	if err != nil {
		return TOTPSetup{}, err
	}
	if _, err := s.newPendingFactor(ctx, store.Factor{AccountID: auth.Account.ID, Kind: store.FactorTOTP, Secret: sealed}); err != nil {
		return TOTPSetup{}, err
	}
	return TOTPSetup{Key: groupKey(key.Secret()), URI: key.URL()}, nil
}

// TOTPURI returns the otpauth:// URI of the pending authenticator key, for
// the server to show as a QR code. Errors: api.CodeNotFound (no setup in progress).
func (s *Service) TOTPURI(ctx context.Context, auth Auth) (string, error) {
	f, err := s.pendingFactor(ctx, auth.Account.ID, store.FactorTOTP)
	if err != nil {
		return "", err
	}
	secret, err := s.box.open(f.Secret)
	if err != nil {
		return "", fmt.Errorf("totp uri: %w", err)
	}
	return fmt.Sprintf("otpauth://totp/%s:%s?secret=%s&issuer=%s&period=%d&digits=6&algorithm=SHA1",
		totpIssuer, auth.Account.Email, secret, totpIssuer, totpPeriod), nil
}

// ConfirmTOTP saves the pending authenticator app once it has produced a
// valid code. Errors: api.CodeNotFound, api.CodeInvalidCode.
func (s *Service) ConfirmTOTP(ctx context.Context, auth Auth, code string, m Meta) (api.Factor, error) {
	f, err := s.pendingFactor(ctx, auth.Account.ID, store.FactorTOTP)
	if err != nil {
		return api.Factor{}, err
	}
	if err := s.checkTOTP(ctx, f, code); err != nil {
		return api.Factor{}, err
	}
	return viewOf(s.confirmFactor(ctx, auth, f, m, "totp-added"))
}

// checkTOTP accepts a code from the step before, the current step or the
// one after, and each step only once per factor: the last accepted step
// is recorded atomically, so a code cannot be replayed, even by two
// requests racing. Errors: api.CodeInvalidCode.
func (s *Service) checkTOTP(ctx context.Context, f store.Factor, code string) error {
	code = strings.TrimSpace(strings.ReplaceAll(code, " ", ""))
	secret, err := s.box.open(f.Secret)
	if err != nil {
		return fmt.Errorf("totp: %w", err)
	}
	now := s.now()
	cur := now.Unix() / totpPeriod
	matched := int64(-1)
	for _, step := range []int64{cur - 1, cur, cur + 1} {
		want, err := AuthenticatorCode(string(secret), time.Unix(step*totpPeriod, 0))
		if err == nil && len(code) == len(want) && constantEqual(want, code) {
			matched = step
		}
	}
	if matched < 0 {
		return errInvalidCode()
	}
	_, err = s.store.UpdateFactor(ctx, f.AccountID, f.ID, func(old store.Factor) (store.Factor, error) {
		if matched <= old.LastStep {
			return old, errInvalidCode()
		}
		old.LastStep, old.LastUsedAt = matched, now
		return old, nil
	})
	return err
}

// AuthenticatorCode is the code an authenticator app shows at t for key
// (base32, spaces allowed): the same computation Porta checks against,
// so tests and tools can act as the person's phone.
func AuthenticatorCode(key string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(strings.ReplaceAll(key, " ", ""), t, totp.ValidateOpts{Period: totpPeriod, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1})
}

// groupKey shows a base32 key in groups of four for typing.
func groupKey(key string) string {
	var b strings.Builder
	for i, r := range key {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
