// Package policy holds Porta's password rules. It is shared by the server,
// which enforces them, and the app, which shows each rule live as it is met,
// so the rules are written once. The common-password list is server side.
package policy

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rule ids, stable on the wire (api.Error.Rules).
const (
	RuleLength  = "length"
	RuleUpper   = "upper"
	RuleDigit   = "digit"
	RuleSpecial = "special"
	RuleNoEmail = "not_email"
	RuleCommon  = "not_common"
)

// Policy describes what a new password must satisfy.
type Policy struct {
	Name           string `json:"name"`
	MinLength      int    `json:"minLength"`
	MaxLength      int    `json:"maxLength"`
	RequireUpper   bool   `json:"requireUpper"`
	RequireDigit   bool   `json:"requireDigit"`
	RequireSpecial bool   `json:"requireSpecial"`
}

// Porta is the default preset from PRODUCT.md: 8+ characters with an
// uppercase letter, a digit and a special character.
func Porta() Policy {
	return Policy{Name: "porta", MinLength: 8, MaxLength: 1024, RequireUpper: true, RequireDigit: true, RequireSpecial: true}
}

// NIST is the SP 800-63B preset: 15+ characters, no composition rules.
func NIST() Policy {
	return Policy{Name: "nist", MinLength: 15, MaxLength: 1024}
}

// ByName returns the preset with the given name.
func ByName(name string) (Policy, bool) {
	switch name {
	case "", "porta":
		return Porta(), true
	case "nist":
		return NIST(), true
	}
	return Policy{}, false
}

// Result is one rule and whether the password meets it.
type Result struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Met   bool   `json:"met"`
}

// Check evaluates every rule the app can show live. The common-password
// rule is listed with met=true here; only the server knows the list.
func (p Policy) Check(email, password string) []Result {
	n := utf8.RuneCountInString(password)
	var upper, digit, special bool
	for _, r := range password {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		case !unicode.IsLetter(r) && !unicode.IsSpace(r):
			special = true
		}
	}
	res := []Result{{RuleLength, lengthLabel(p.MinLength), n >= p.MinLength && (p.MaxLength == 0 || n <= p.MaxLength)}}
	if p.RequireUpper {
		res = append(res, Result{RuleUpper, "An uppercase letter", upper})
	}
	if p.RequireDigit {
		res = append(res, Result{RuleDigit, "A digit", digit})
	}
	if p.RequireSpecial {
		res = append(res, Result{RuleSpecial, "A special character, like ! or #", special})
	}
	res = append(res, Result{RuleNoEmail, "Not your email address", !sameAsEmail(email, password)})
	return res
}

// Unmet returns the ids of the rules in results that are not met.
func Unmet(results []Result) []string {
	var ids []string
	for _, r := range results {
		if !r.Met {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

func sameAsEmail(email, password string) bool {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" || password == "" {
		return false
	}
	pw := strings.ToLower(password)
	local, _, _ := strings.Cut(email, "@")
	return pw == email || (len(local) >= 4 && pw == local)
}

func lengthLabel(n int) string {
	return "At least " + itoa(n) + " characters"
}

// itoa avoids strconv to keep the WebAssembly app small.
func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
