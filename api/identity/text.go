package identity

import (
	"github.com/porta-id/porta/api"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/porta-id/porta/api/notify"
)

// Labels that name a field in the message about text that cannot be kept.
const (
	fieldYourName = "Your name"
	fieldName     = "The name"
	fieldOrgName  = "The organization's name"
)

// cleanText is how every piece of text a person typed enters Porta: it is
// put in Unicode NFC (so one name has one form, whatever keyboard typed
// it), runs of spaces become one space and the ends are trimmed. Text with
// characters that can change how other text around it looks is refused
// rather than silently cleaned, so what is stored is what the person sees:
// control characters (newlines included: a name is one line), bidirectional
// overrides and isolates (U+202A–U+202E, U+2066–U+2069, which can reverse
// an address on screen) and zero-width characters (U+200B–U+200D, U+2060,
// U+FEFF, which make two names look alike). Joiners also refuse a few emoji
// sequences and Persian or Indic spellings that need them; we accept that
// for names. field names the field in the message ("Your name"); max
// bounds the length in characters, after cleaning. Errors: api.CodeInvalidRequest.
func cleanText(field, s string, max int) (string, error) {
	if !utf8.ValidString(s) {
		return "", errBadText(field)
	}
	s = norm.NFC.String(s)
	for _, r := range s {
		if notify.UnsafeRune(r) {
			return "", errBadText(field)
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > max {
		return "", Errorf(api.CodeInvalidRequest, "%s can be at most %d characters.", field, max)
	}
	return s, nil
}

func errBadText(field string) *Error {
	return Errorf(api.CodeInvalidRequest, "%s contains characters that are not allowed.", field)
}
