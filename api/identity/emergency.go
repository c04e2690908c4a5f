package identity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/porta-id/porta/api/store"
)

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
