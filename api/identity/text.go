package identity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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
// bounds the length in characters, after cleaning. Errors: EInvalid.
func cleanText(field, s string, max int) (string, error) {
	if !utf8.ValidString(s) {
		return "", errBadText(field)
	}
	s = norm.NFC.String(s)
	for _, r := range s {
		if unsafeRune(r) {
			return "", errBadText(field)
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > max {
		return "", Errorf(EInvalid, "%s can be at most %d characters.", field, max)
	}
	return s, nil
}

func errBadText(field string) *Error {
	return Errorf(EInvalid, "%s contains characters that are not allowed.", field)
}

// unsafeRune reports the characters cleanText refuses.
func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF:
		return true
	}
	return false
}

// userText prepares text a person typed for an email, where it sits next
// to our own words and links. Both parts go through it: html/template
// escapes the HTML part, but mail programs turn anything that looks like an
// address into a link in either part, so a name like "Win a prize at
// evil.example/claim" could pass for a link we sent. It uses the defanging
// security teams use in reports, which stays readable: a dot between two
// letters or digits becomes "[.]" (also the ideographic and fullwidth dots
// that browsers read as dots), and a colon before a slash becomes "[:]", so
// "http://evil.example" reads "http[:]//evil[.]example" and no scheme or
// domain survives. Characters cleanText refuses, which older records may
// still hold, become spaces, so they cannot break the email's headers.
func userText(s string) string {
	rs := []rune(norm.NFC.String(strings.ToValidUTF8(s, " ")))
	var b strings.Builder
	for i, r := range rs {
		switch {
		case unsafeRune(r):
			b.WriteByte(' ')
		case isDot(r) && i > 0 && i+1 < len(rs) && isAlnum(rs[i-1]) && isAlnum(rs[i+1]):
			b.WriteString("[.]")
		case r == ':' && i+1 < len(rs) && (rs[i+1] == '/' || rs[i+1] == '\\'):
			b.WriteString("[:]")
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// isDot reports the characters that URL parsers take for a label dot.
func isDot(r rune) bool { return r == '.' || r == '\u3002' || r == '\uFF0E' || r == '\uFF61' }

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
