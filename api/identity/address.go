package identity

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/porta-id/porta/api"
)

// maxEmailLength follows RFC 5321's limit on a forward path.
const maxEmailLength = 254

// NormalizeEmail trims and lowercases an address and checks its shape.
// Errors: api.CodeInvalidRequest.
func NormalizeEmail(email string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(email))
	switch {
	case e == "":
		return "", Errorf(api.CodeInvalidRequest, "Enter your email address.")
	case utf8.RuneCountInString(e) > maxEmailLength:
		return "", Errorf(api.CodeInvalidRequest, "That email address is too long.")
	}
	addr, err := mail.ParseAddress(e)
	if err != nil || addr.Address != e || !strings.Contains(e[strings.LastIndexByte(e, '@'):], ".") {
		return "", Errorf(api.CodeInvalidRequest, "Enter a valid email address, like name@example.com.")
	}
	return e, nil
}

// domainPattern is a DNS name of two or more labels, in lower case.
var domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)

// NormalizeDomain returns an email domain in lower case, without a
// leading "@". Errors: api.CodeInvalidRequest.
func NormalizeDomain(domain string) (string, error) {
	d := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(domain)), "@")
	if len(d) > 253 || !domainPattern.MatchString(d) {
		return "", Errorf(api.CodeInvalidRequest, "%q is not an email domain, like example.com.", domain)
	}
	return d, nil
}
