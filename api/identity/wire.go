package identity

import (
	"context"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// Records become the contract's types here and nowhere else: the server
// sees only these views, so nothing secret in a record (a password hash, a
// factor's sealed key, a code hash) is one json.Marshal away from a
// response.

// AccountView is what the API shows of an account.
func AccountView(a store.Account) api.Account {
	return api.Account{ID: a.ID, Email: a.Email, Name: a.Name, HasPassword: a.PasswordHash != ""}
}

// LinkView is what the page of an emailed link shows of its account.
func LinkView(a store.Account) api.LinkInfo {
	return api.LinkInfo{Email: a.Email, Name: a.Name}
}

// FactorView is what the API shows of a second-step method: its kind,
// dates and, for a phone, the masked number.
func FactorView(f store.Factor) api.Factor {
	v := api.Factor{ID: f.ID, Kind: FactorMethod(f.Kind), CreatedAt: f.CreatedAt, LastUsedAt: f.LastUsedAt}
	if f.Phone != "" {
		v.Phone = MaskPhone(f.Phone)
	}
	if f.Passkey != nil {
		v.Name, v.Synced = f.Passkey.Name, f.Passkey.BackupEligible && f.Passkey.BackupState
	}
	return v
}

// TwoStepView is what the API shows of an account's two-step state.
func TwoStepView(t TwoStep) api.TwoStep {
	out := api.TwoStep{Enabled: t.Enabled(), Enforced: t.Enforced, Factors: make([]api.Factor, 0, len(t.Factors))}
	for _, f := range t.Factors {
		out.Factors = append(out.Factors, FactorView(f))
	}
	if !t.RequiredFrom.IsZero() {
		from := t.RequiredFrom
		out.RequiredFrom = &from
	}
	return out
}

// CookieKey is the server's key for signing session cookies, made on
// first use and shared by every replica.
func (s *Service) CookieKey(ctx context.Context) ([]byte, error) {
	return s.store.Secret(ctx, "session-cookie-hmac", func() ([]byte, error) { return s.randomBytes(64) })
}

// CodeSent is the answer to a call that texted a code to phone (masked).
func (s *Service) CodeSent(phone string) api.CodeSent {
	return api.CodeSent{Phone: phone, Message: "We sent a code to " + phone + ". It works for " + api.Lifetime(smsCodeTTL) + "."}
}

// viewOf passes on a factor's view, or the error.
func viewOf(f store.Factor, err error) (api.Factor, error) {
	if err != nil {
		return api.Factor{}, err
	}
	return FactorView(f), nil
}
