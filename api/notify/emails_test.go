package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/porta-id/porta/api/notify"
)

func TestCompose(t *testing.T) {
	when := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name    string
		content notify.Content
		subject string
		text    []string
	}{
		{"Reset", notify.PasswordReset{Account: "ann@example.com", Link: "http://porta.test/reset?token=abc", Valid: time.Hour}, "Reset your password",
			[]string{"the Porta account ann@example.com. The link works once, for 1 hour.", "Choose a new password:\nhttp://porta.test/reset?token=abc"}},
		{"ActivationByOperator", notify.Activation{Account: "nia@example.com", Link: "http://porta.test/activate?token=x", Valid: 24 * time.Hour}, "Activate your account",
			[]string{"Your administrator invited you", "for 24 hours."}},
		{"ActivationDefangsTheInviter", notify.Activation{Inviter: notify.Inviter{Name: "Ann", Org: "evil.example"}, Account: "nia@example.com", Link: "http://porta.test/activate?token=x"}, "Activate your account",
			[]string{"Ann (evil[.]example) invited you"}},
		{"Invitation", notify.Invitation{Inviter: "Ann http://x.example", Account: "bob@example.com", Org: "Acme.com", Link: "http://porta.test/account#invitations", Valid: 30 * 24 * time.Hour}, "Join Acme[.]com on Porta",
			[]string{"Ann http[:]//x[.]example (Acme[.]com) invited your Porta account bob@example.com to join Acme[.]com.", "stays open for 30 days."}},
		{"OrgList", notify.OrgList{Account: "ann@example.com", Orgs: []notify.OrgLink{{"evil.example", "http://porta.test/o/evil"}}}, "Your sign-in addresses",
			[]string{"- evil[.]example: http://porta.test/o/evil"}},
		{"NoOrgs", notify.OrgList{Account: "ann@example.com"}, "Your sign-in addresses",
			[]string{"does not belong to any organization yet"}},
		{"NewDevice", notify.SecurityNotice{Event: notify.EventNewDevice, Account: "ann@example.com", From: "Firefox on Linux", Link: "http://porta.test/account", When: when}, "New sign-in to your Porta account",
			[]string{"Your Porta account ann@example.com was signed in to from Firefox on Linux on 1 March 2026 at 09:00 UTC.", "Review your account:"}},
		{"SecondLocked", notify.SecurityNotice{Event: notify.EventSecondLocked, Account: "ann@example.com", From: "x", Link: "http://porta.test/forgot", When: when}, "Two-step verification on your account is locked",
			[]string{"Reset your password:\nhttp://porta.test/forgot"}},
		{"TwoStep", notify.TwoStepChange{Change: "totp-added", Account: "ann@example.com", From: "x", Link: "http://porta.test/account", When: when}, "Your two-step verification changed",
			[]string{"An authenticator app was added as a second step.", "Account ann@example.com, 1 March 2026 at 09:00 UTC, from x."}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, err := notify.Compose("to@example.com", c.content)
			if err != nil {
				t.Fatal(err)
			}
			if e.To != "to@example.com" || e.Subject != c.subject || !strings.HasSuffix(e.Text, "\nPorta\n") || !strings.Contains(e.HTML, "<title>"+c.subject+"</title>") {
				t.Fatalf("email: %+v", e)
			}
			for _, want := range c.text {
				if !strings.Contains(e.Text, want) {
					t.Errorf("text lacks %q:\n%s", want, e.Text)
				}
			}
		})
	}
}
