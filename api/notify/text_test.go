package notify

import "testing"

func TestUserText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Acme Inc.", "Acme Inc."},
		{"J. Smith", "J. Smith"},
		{"Win a prize at evil.example/claim", "Win a prize at evil[.]example/claim"},
		{"http://evil", "http[:]//evil"},
		{"HTTPS://evil.example", "HTTPS[:]//evil[.]example"},
		{"www.evil.example", "www[.]evil[.]example"},
		{"ann@evil.example", "ann@evil[.]example"},
		{"10.0.0.1", "10[.]0[.]0[.]1"},
		{"evil。example evil．example", "evil[.]example evil[.]example"},
		{"file:\\\\host", "file[:]\\\\host"},
		{"Acme: Sales", "Acme: Sales"},
		{"Ann\r\nBcc: x", "Ann Bcc: x"},
		{"Ann\u202Eevil", "Ann evil"},
		{"<b>Ann</b>", "<b>Ann</b>"},
	} {
		if got := userText(c.in); got != c.want {
			t.Errorf("userText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
