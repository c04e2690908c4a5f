package main

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/porta-id/porta/api"
)

var invitationLink = regexp.MustCompile(`https?://\S+/account#invitations`)

// TestBrowserAcceptInvitation: an organization admin invites an existing
// account through the API; it is not a member until it follows the email
// to its account page, signs in and accepts there.
func TestBrowserAcceptInvitation(t *testing.T) {
	m := MustPorta(t, func(c *Config) { c.Demo = true })
	bg := context.Background()
	if _, err := m.Identity.CreateOrg(bg, "beta", "Beta GmbH"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Identity.AddMember(bg, "beta", demoEmail, api.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	const bobEmail, bobPassword = "bob@example.com", "Bob-Builds-2026!"
	if _, err := m.Identity.CreateAccount(bg, bobEmail, bobPassword, "Bob"); err != nil {
		t.Fatal(err)
	}
	admin := MustAPIClient(t, m, "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36")
	if _, err := admin.SignInPassword(bg, demoEmail, demoPassword); err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"beta", demoOrgSlug} {
		if _, err := admin.Invite(bg, slug, api.InviteRequest{Email: bobEmail, Role: api.RoleAdmin}); err != nil {
			t.Fatal(err)
		}
	}
	msg := MustMail(t, m, bobEmail, "Join Beta GmbH on Porta")
	link := invitationLink.FindString(msg.Text)
	if link == "" || !strings.Contains(msg.HTML, link) {
		t.Fatalf("no link to the account page in both parts:\n%s", msg.Text)
	}

	ctx := MustBrowser(t)
	open(t, ctx, link)
	typeEmailAndNext(t, ctx, bobEmail)
	typePassword(t, ctx, bobPassword)
	waitPath(t, ctx, "/account")
	waitText(t, ctx, "Invited by Dana Demo as an admin")
	waitText(t, ctx, "Beta GmbH")
	waitText(t, ctx, "You don't belong to any organization yet.")
	screenshot(t, ctx, "account-invitations")
	png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`#invitations`)))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("/tmp/porta-invitations-section.png", png, 0o644); err != nil {
		t.Fatal(err)
	}

	do(t, ctx, chromedp.Click(chromedp.CSS(`#invitations button[aria-label="Accept: Beta GmbH"]`)))
	waitText(t, ctx, "You joined Beta GmbH.")
	if err := poll(ctx, `document.querySelector('[aria-labelledby="orgs-title"]').innerText.includes("Beta GmbH")`, 20e9); err != nil {
		t.Fatalf("the organization did not appear: %v", err)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#invitations button[aria-label="Decline: `+demoOrgName+`"]`)))
	waitText(t, ctx, "Invitation declined.")
	screenshot(t, ctx, "account-invitation-accepted")

	orgs, err := m.Identity.AccountOrgs(bg, mustAccountID(t, m, bobEmail))
	if err != nil || len(orgs) != 1 || orgs[0].Slug != "beta" || orgs[0].Role != api.RoleAdmin {
		t.Fatalf("bob's organizations = %+v %v", orgs, err)
	}
}

func mustAccountID(tb testing.TB, m *Main, email string) string {
	tb.Helper()
	accounts, err := m.Identity.ListAccounts(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	for _, a := range accounts {
		if a.Email == email {
			return a.ID
		}
	}
	tb.Fatalf("no account %s", email)
	return ""
}
