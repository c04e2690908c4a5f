package identity

import (
	"github.com/porta-id/porta/api"
	"strings"
	"testing"
)

func TestCleanText(t *testing.T) {
	const bad = "Your name contains characters that are not allowed."
	for _, c := range []struct {
		name, in, want, err string
	}{
		{"OK", "Ann Admin", "Ann Admin", ""},
		{"Trimmed", "  Ann \u00a0  Admin\u3000", "Ann Admin", ""},
		{"NFC", "Zoe\u0301 Mu\u0308ller", "Zoé Müller", ""},
		{"NFCKeepsCompatibilityForms", "ﬁne Ａnn", "ﬁne Ａnn", ""},
		{"Empty", "   ", "", ""},
		{"Markup", `<b>Ann</b> "><a href=x>`, `<b>Ann</b> "><a href=x>`, ""},
		{"Emoji", "Ann 🚀", "Ann 🚀", ""},
		{"ErrNewline", "Ann\nBcc: x@evil.example", "", bad},
		{"ErrTab", "Ann\tAdmin", "", bad},
		{"ErrNUL", "Ann\x00", "", bad},
		{"ErrDEL", "Ann\x7f", "", bad},
		{"ErrC1", "Ann\u0085", "", bad},
		{"ErrRLO", "Ann\u202Egnp.exe", "", bad},
		{"ErrLRE", "\u202AAnn", "", bad},
		{"ErrPDF", "Ann\u202C", "", bad},
		{"ErrIsolate", "Ann\u2066x\u2069", "", bad},
		{"ErrFSI", "Ann\u2068", "", bad},
		{"ErrZWSP", "An\u200Bn", "", bad},
		{"ErrZWNJ", "An\u200Cn", "", bad},
		{"ErrZWJ", "An\u200Dn", "", bad},
		{"ErrWordJoiner", "An\u2060n", "", bad},
		{"ErrBOM", "\uFEFFAnn", "", bad},
		{"ErrInvalidUTF8", "Ann\xff", "", bad},
		{"ErrTooLong", strings.Repeat("é", 101), "", "Your name can be at most 100 characters."},
		{"LongestOK", strings.Repeat("e\u0301", 100), strings.Repeat("é", 100), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := cleanText(fieldYourName, c.in, maxNameLength)
			if c.err == "" {
				if err != nil || got != c.want {
					t.Fatalf("cleanText(%q) = %q, %v; want %q", c.in, got, err, c.want)
				}
				return
			}
			if ErrorCode(err) != api.CodeInvalidRequest || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("cleanText(%q) = %q, %v; want %s %q", c.in, got, err, api.CodeInvalidRequest, c.err)
			}
		})
	}
}

func TestCleanTextNamesTheField(t *testing.T) {
	for field, want := range map[string]string{
		fieldYourName: "Your name contains characters that are not allowed.",
		fieldName:     "The name contains characters that are not allowed.",
		fieldOrgName:  "The organization's name contains characters that are not allowed.",
	} {
		if _, err := cleanText(field, "x\u202Ey", maxNameLength); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", field, err, want)
		}
	}
}
