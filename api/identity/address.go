package identity

import (
	"github.com/porta-id/porta/api"
	"net/mail"
	"strings"
	"unicode/utf8"
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
