package notify

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// UnsafeRune reports the characters that can change how the text around
// them looks: control characters (newlines included), bidirectional
// overrides and isolates (U+202A–U+202E, U+2066–U+2069, which can reverse
// an address on screen) and zero-width characters (U+200B–U+200D, U+2060,
// U+FEFF, which make two names look alike). Identity refuses them in what
// people type; emails replace them.
func UnsafeRune(r rune) bool {
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
// domain survives. Unsafe characters, which older records may still hold,
// become spaces, so they cannot break the email's headers.
func userText(s string) string {
	rs := []rune(norm.NFC.String(strings.ToValidUTF8(s, " ")))
	var b strings.Builder
	for i, r := range rs {
		switch {
		case UnsafeRune(r):
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
