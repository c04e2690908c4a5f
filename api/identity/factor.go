package identity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
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
	// reauthWindow is how long after signing in a sensitive change needs
	// no password again.
	reauthWindow = 10 * time.Minute
)

// TwoStep is an account's two-step verification state.
type TwoStep struct {
	Factors      []store.Factor
	Enforced     bool
	RequiredFrom time.Time
}

// Enabled reports whether a day-to-day second step is set up.
func (t TwoStep) Enabled() bool { return hasSecondStep(methodsOf(t.Factors)) }

// confirmedFactors returns the account's factors that are set up.
func (s *Service) confirmedFactors(ctx context.Context, accountID string) ([]store.Factor, error) {
	all, err := s.store.ListFactors(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("factors: %w", err)
	}
	out := all[:0]
	for _, f := range all {
		if !f.Pending {
			out = append(out, f)
		}
	}
	return out, nil
}

// twoStepRequired reports whether the account must have two-step
// verification now: the service-wide date has passed, or one of its
// organizations enforces it.
func (s *Service) twoStepRequired(ctx context.Context, accountID string) (bool, error) {
	if !s.mfaFrom.IsZero() && !s.now().Before(s.mfaFrom) {
		return true, nil
	}
	ms, err := s.store.ListMembershipsByAccount(ctx, accountID)
	if err != nil {
		return false, fmt.Errorf("two-step required: %w", err)
	}
	for _, m := range ms {
		o, err := s.store.GetOrg(ctx, m.OrgID)
		if err == nil && o.Enforce2FA {
			return true, nil
		}
	}
	return false, nil
}

// TwoStepState returns the account's methods and whether they are required.
func (s *Service) TwoStepState(ctx context.Context, accountID string) (TwoStep, error) {
	factors, err := s.confirmedFactors(ctx, accountID)
	if err != nil {
		return TwoStep{}, err
	}
	required, err := s.twoStepRequired(ctx, accountID)
	if err != nil {
		return TwoStep{}, err
	}
	return TwoStep{Factors: factors, Enforced: required, RequiredFrom: s.mfaFrom}, nil
}

// canChangeFactors lets a session change second-step methods: during the
// setup step of sign-in, within a few minutes of signing in, or with the
// password re-entered. Errors: api.CodePasswordRequired, api.CodeWrongPassword, api.CodeTooManyAttempts.
func (s *Service) canChangeFactors(ctx context.Context, auth Auth, password string, m Meta) error {
	if auth.Session.Stage == StageSetup || s.now().Sub(auth.Session.AuthenticatedAt) < reauthWindow {
		return nil
	}
	if password == "" {
		return Errorf(api.CodePasswordRequired, "Enter your password to change how you sign in.")
	}
	return s.checkPassword(ctx, auth.Account, password, m)
}

// AuthenticateSetup is Authenticate that also accepts a session in the
// setup step of sign-in, for the wizard's calls. Errors: api.CodeUnauthenticated.
func (s *Service) AuthenticateSetup(ctx context.Context, token string, m Meta) (Auth, error) {
	if sess, acct, err := s.sessionAt(ctx, token, StageSetup); err == nil {
		return Auth{Session: sess, Account: acct}, nil
	}
	return s.Authenticate(ctx, token, m)
}

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

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

// StartSMS texts a code to a new number; the number becomes a factor
// when the code comes back. Errors: api.CodeInvalidRequest, api.CodeTooManyAttempts.
func (s *Service) StartSMS(ctx context.Context, auth Auth, phone, password string, m Meta) (string, error) {
	if err := s.canChangeFactors(ctx, auth, password, m); err != nil {
		return "", err
	}
	phone = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' {
			return -1
		}
		return r
	}, phone)
	if !e164.MatchString(phone) {
		return "", Errorf(api.CodeInvalidRequest, "Enter the number with its country code, like +44 7700 900123.")
	}
	f, err := s.newPendingFactor(ctx, store.Factor{AccountID: auth.Account.ID, Kind: store.FactorSMS, Phone: phone})
	if err != nil {
		return "", err
	}
	if err := s.textCode(ctx, auth.Account, f, smsSetup, m); err != nil {
		return "", err
	}
	return MaskPhone(phone), nil
}

// ConfirmSMS saves the pending number once its code comes back.
// Errors: api.CodeNotFound, api.CodeInvalidCode.
func (s *Service) ConfirmSMS(ctx context.Context, auth Auth, code string, m Meta) (api.Factor, error) {
	f, err := s.pendingFactor(ctx, auth.Account.ID, store.FactorSMS)
	if err != nil {
		return api.Factor{}, err
	}
	if err := s.checkTextedCode(ctx, auth.Account, smsSetup, code); err != nil {
		return api.Factor{}, err
	}
	return viewOf(s.confirmFactor(ctx, auth, f, m, "sms-added"))
}

// NewEmergencyCode issues an emergency code, replacing any earlier one.
// The code is returned once; only its hash is kept.
func (s *Service) NewEmergencyCode(ctx context.Context, auth Auth, password string, m Meta) (string, error) {
	if err := s.canChangeFactors(ctx, auth, password, m); err != nil {
		return "", err
	}
	code, err := s.issueEmergencyCode(ctx, auth.Account.ID)
	if err != nil {
		return "", err
	}
	s.audit(ctx, AuditFactorChanged, auth.Account.ID, auth.Account.Email, m, "emergency code issued")
	s.twoStepNotice(ctx, auth.Account, "emergency-new", m)
	return code, nil
}

// issueEmergencyCode replaces the account's emergency code, in one store
// call: of two racing replacements one code is left, never two or none.
func (s *Service) issueEmergencyCode(ctx context.Context, accountID string) (string, error) {
	code, err := s.newEmergencyCodeText()
	if err != nil {
		return "", err
	}
	f, err := s.factorWithID(store.Factor{AccountID: accountID, Kind: store.FactorEmergency, CodeHash: emergencyHash(code)})
	if err != nil {
		return "", err
	}
	_, err = s.store.UpdateFactors(ctx, accountID, func(all []store.Factor) ([]store.Factor, error) {
		return append(withoutFactors(all, func(old store.Factor) bool { return old.Kind == store.FactorEmergency }), f), nil
	})
	if err != nil {
		return "", fmt.Errorf("emergency code: %w", err)
	}
	return code, nil
}

// RemoveFactor removes a method. The last day-to-day method cannot go
// while two-step verification is required; the rule is checked and the
// method removed in one store call, so of two racing removals of an
// account's last two methods one fails. Errors: api.CodeNotFound, api.CodeForbidden.
func (s *Service) RemoveFactor(ctx context.Context, auth Auth, id, password string, m Meta) error {
	if err := s.canChangeFactors(ctx, auth, password, m); err != nil {
		return err
	}
	required, err := s.twoStepRequired(ctx, auth.Account.ID)
	if err != nil {
		return err
	}
	var removed store.Factor
	_, err = s.store.UpdateFactors(ctx, auth.Account.ID, func(all []store.Factor) ([]store.Factor, error) {
		i := slices.IndexFunc(all, func(f store.Factor) bool { return f.ID == id })
		if i < 0 {
			return nil, Errorf(api.CodeNotFound, "That method is already gone.")
		}
		removed = all[i]
		rest := withoutFactors(all, func(f store.Factor) bool { return f.ID == id })
		if hasSecondStep(methodsOf(withoutFactors(rest, isPending))) {
			return rest, nil
		}
		if required && removed.Kind != store.FactorEmergency {
			return nil, Errorf(api.CodeForbidden, "Two-step verification is required for your account, so its last method cannot be removed. Add another method first.")
		}
		// Without a day-to-day method an emergency code has nothing to back up.
		return nil, nil
	})
	if err != nil {
		return fmt.Errorf("remove factor: %w", err)
	}
	s.audit(ctx, AuditFactorChanged, auth.Account.ID, auth.Account.Email, m, removed.Kind+" removed")
	s.twoStepNotice(ctx, auth.Account, removed.Kind+"-removed", m)
	return nil
}

// withoutFactors returns the factors of fs that drop does not match.
func withoutFactors(fs []store.Factor, drop func(store.Factor) bool) []store.Factor {
	var out []store.Factor
	for _, f := range fs {
		if !drop(f) {
			out = append(out, f)
		}
	}
	return out
}

func isPending(f store.Factor) bool { return f.Pending }

// removeAllFactors turns two-step verification off for the account.
func (s *Service) removeAllFactors(ctx context.Context, accountID string) error {
	_, err := s.store.UpdateFactors(ctx, accountID, func([]store.Factor) ([]store.Factor, error) { return nil, nil })
	if err != nil {
		return fmt.Errorf("remove factors: %w", err)
	}
	return nil
}

// factorWithID returns f with a new ID, created now.
func (s *Service) factorWithID(f store.Factor) (store.Factor, error) {
	id, err := s.newID()
	if err != nil {
		return store.Factor{}, err
	}
	f.ID, f.CreatedAt = id, s.now()
	return f, nil
}

// newPendingFactor stores f as the account's one setup in progress of its
// kind, replacing an earlier one, and returns it.
func (s *Service) newPendingFactor(ctx context.Context, f store.Factor) (store.Factor, error) {
	f.Pending = true
	f, err := s.factorWithID(f)
	if err != nil {
		return store.Factor{}, err
	}
	_, err = s.store.UpdateFactors(ctx, f.AccountID, func(all []store.Factor) ([]store.Factor, error) {
		return append(withoutFactors(all, func(old store.Factor) bool { return old.Kind == f.Kind && old.Pending }), f), nil
	})
	if err != nil {
		return store.Factor{}, fmt.Errorf("new factor: %w", err)
	}
	return f, nil
}

func (s *Service) pendingFactor(ctx context.Context, accountID, kind string) (store.Factor, error) {
	all, err := s.store.ListFactors(ctx, accountID)
	if err != nil {
		return store.Factor{}, err
	}
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Kind == kind && all[i].Pending {
			return all[i], nil
		}
	}
	return store.Factor{}, errSetupGone()
}

func errSetupGone() error {
	return Errorf(api.CodeNotFound, "Start the setup again: this one is no longer in progress.")
}

// confirmFactor makes a pending factor count and replaces an older one of
// the same kind (one app, one phone).
func (s *Service) confirmFactor(ctx context.Context, auth Auth, f store.Factor, m Meta, notice string) (store.Factor, error) {
	var confirmed store.Factor
	_, err := s.store.UpdateFactors(ctx, f.AccountID, func(all []store.Factor) ([]store.Factor, error) {
		i := slices.IndexFunc(all, func(old store.Factor) bool { return old.ID == f.ID })
		if i < 0 {
			return nil, errSetupGone()
		}
		confirmed = all[i]
		confirmed.Pending = false
		replaced := func(old store.Factor) bool { return old.ID == f.ID || old.Kind == f.Kind && !old.Pending }
		return append(withoutFactors(all, replaced), confirmed), nil
	})
	if err != nil {
		return store.Factor{}, fmt.Errorf("confirm factor: %w", err)
	}
	f = confirmed
	s.audit(ctx, AuditFactorChanged, auth.Account.ID, auth.Account.Email, m, f.Kind+" added")
	s.twoStepNotice(ctx, auth.Account, notice, m)
	return f, nil
}

// Emergency codes: 20 characters of Crockford's base32 (no I, L, O, U),
// 100 bits, shown as XXXX-XXXX-XXXX-XXXX-XXXX.
const emergencyAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

func (s *Service) newEmergencyCodeText() (string, error) {
	b, err := s.randomBytes(20)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for i, v := range b {
		if i > 0 && i%4 == 0 {
			out.WriteByte('-')
		}
		out.WriteByte(emergencyAlphabet[v&31])
	}
	return out.String(), nil
}

// normalizeEmergency forgives what people mistype: case, dashes, spaces,
// and the letters Crockford's alphabet leaves out for looking like digits.
func normalizeEmergency(code string) string {
	return strings.NewReplacer("-", "", " ", "", "O", "0", "I", "1", "L", "1").Replace(strings.ToUpper(code))
}

func emergencyHash(code string) string {
	h := sha256.Sum256([]byte("porta emergency code:" + normalizeEmergency(code)))
	return hex.EncodeToString(h[:])
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

// MaskPhone hides all but the country code and the last three digits.
func MaskPhone(phone string) string {
	if len(phone) < 6 {
		return phone
	}
	return phone[:3] + strings.Repeat("•", len(phone)-6) + phone[len(phone)-3:]
}
