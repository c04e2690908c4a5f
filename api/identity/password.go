package identity

import (
	"bufio"
	_ "embed"
	"github.com/porta-id/porta/api"
	"strings"
	"sync"

	"github.com/porta-id/porta/api/policy"
)

// commonPasswords is a list of 10,000 widely used passwords, one a line.
//
//go:embed common-passwords.txt
var commonPasswords string

var (
	commonOnce sync.Once
	commonSet  map[string]struct{}
)

func loadCommon() {
	commonSet = make(map[string]struct{}, 10100)
	sc := bufio.NewScanner(strings.NewReader(commonPasswords))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			commonSet[strings.ToLower(w)] = struct{}{}
		}
	}
}

var leet = strings.NewReplacer("@", "a", "4", "a", "3", "e", "1", "i", "!", "i", "0", "o", "$", "s", "5", "s", "7", "t")

// IsCommonPassword reports whether password is on the common list, also
// after lowercasing, undoing common letter swaps (p@ssw0rd) and dropping
// the digits and symbols people add at the end (Password1!).
func IsCommonPassword(password string) bool {
	commonOnce.Do(loadCommon)
	lower := strings.ToLower(password)
	trimmed := strings.TrimRight(lower, "0123456789!@#$%^&*?.,-_+=~ ")
	candidates := []string{lower, leet.Replace(lower)}
	if len(trimmed) >= 4 && trimmed != lower {
		candidates = append(candidates, trimmed, leet.Replace(trimmed))
	}
	for _, c := range candidates {
		if _, ok := commonSet[c]; ok {
			return true
		}
	}
	return false
}

// CheckPassword returns the policy results for password, including the
// common-password rule only the server can check.
func CheckPassword(p policy.Policy, email, password string) []policy.Result {
	res := p.Check(email, password)
	return append(res, policy.Result{ID: policy.RuleCommon, Label: "Not a commonly used password", Met: !IsCommonPassword(password)})
}

// validateNewPassword returns api.CodeWeakPassword naming the unmet rules.
func validateNewPassword(p policy.Policy, email, password string) error {
	if len(password) > p.MaxLength && p.MaxLength > 0 {
		return &Error{Code: api.CodeInvalidRequest, Message: "That password is too long."}
	}
	res := CheckPassword(p, email, password)
	unmet := policy.Unmet(res)
	if len(unmet) == 0 {
		return nil
	}
	msg := "That password is too common. Choose one that is harder to guess."
	if len(unmet) > 1 || unmet[0] != policy.RuleCommon {
		var labels []string
		for _, r := range res {
			if !r.Met {
				labels = append(labels, strings.ToLower(r.Label[:1])+r.Label[1:])
			}
		}
		msg = "The new password does not meet these rules: " + strings.Join(labels, "; ") + "."
	}
	return &Error{Code: api.CodeWeakPassword, Message: msg, Rules: unmet}
}
