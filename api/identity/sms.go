package identity

import (
	"context"
	"regexp"
	"strings"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

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

// MaskPhone hides all but the country code and the last three digits.
func MaskPhone(phone string) string {
	if len(phone) < 6 {
		return phone
	}
	return phone[:3] + strings.Repeat("•", len(phone)-6) + phone[len(phone)-3:]
}
