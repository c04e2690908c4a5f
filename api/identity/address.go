package identity

import (
	"net/mail"
	"strings"
	"unicode/utf8"
)

// maxEmailLength follows RFC 5321's limit on a forward path.
const maxEmailLength = 254

// NormalizeEmail trims and lowercases an address and checks its shape.
// Errors: EInvalid.
func NormalizeEmail(email string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(email))
	switch {
	case e == "":
		return "", Errorf(EInvalid, "Enter your email address.")
	case utf8.RuneCountInString(e) > maxEmailLength:
		return "", Errorf(EInvalid, "That email address is too long.")
	}
	addr, err := mail.ParseAddress(e)
	if err != nil || addr.Address != e || !strings.Contains(e[strings.LastIndexByte(e, '@'):], ".") {
		return "", Errorf(EInvalid, "Enter a valid email address, like name@example.com.")
	}
	return e, nil
}
