package main

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/porta-id/porta/api"
)

// TestBrowserOrgAdmin: an organization's admin goes from the account page
// to the organization's admin page, finds a member, makes them an admin,
// removes another after confirming, invites someone new, changes the
// settings, and reads it all back in the audit log.
func TestBrowserOrgAdmin(t *testing.T) {
	m := MustPorta(t, func(c *Config) { c.Demo = true })
	bg := context.Background()
	for _, p := range []struct{ email, name string }{{"bo@example.com", "Bo Builder"}, {"cy@example.com", "Cy Cutter"}} {
		if _, err := m.Identity.CreateAccount(bg, p.email, "Bob-Builds-2026!", p.name); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Identity.AddMember(bg, demoOrgSlug, p.email, api.RoleMember); err != nil {
			t.Fatal(err)
		}
	}
	ctx := MustBrowser(t)
	signIn(t, ctx, m, demoEmail, demoPassword)
	waitPath(t, ctx, "/account")
	do(t, ctx, chromedp.Click(chromedp.CSS(`a[aria-label="Manage `+demoOrgName+`"]`)))
	waitPath(t, ctx, "/o/"+demoOrgSlug+"/admin")
	waitText(t, ctx, "cy@example.com · member")
	screenshot(t, ctx, "org-admin")

	do(t, ctx, chromedp.SendKeys(chromedp.CSS(`#member-search`), "builder"), chromedp.Click(chromedp.CSS(`form.search button[type=submit]`)))
	if err := poll(ctx, `!document.querySelector('[aria-labelledby="members-title"]').innerText.includes("cy@example.com")`, 20e9); err != nil {
		t.Fatalf("the search did not narrow the list: %v", err)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[aria-label="Make admin: bo@example.com"]`)))
	waitText(t, ctx, "bo@example.com is now admin.")

	clear(t, ctx, "member-search")
	do(t, ctx, chromedp.Click(chromedp.CSS(`form.search button[type=submit]`)))
	waitText(t, ctx, "cy@example.com · member")
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[aria-label="Remove cy@example.com"]`)))
	waitText(t, ctx, "Remove cy@example.com from "+demoOrgName+"? Their Porta account stays.")
	screenshot(t, ctx, "org-admin-remove")
	do(t, ctx, chromedp.Click(chromedp.CSS(`.actions button.primary[value]`)))
	waitText(t, ctx, "Removed cy@example.com from "+demoOrgName)

	do(t, ctx, chromedp.SendKeys(chromedp.CSS(`#invite-email`), "nia@example.com"), chromedp.Click(chromedp.CSS(`#invite-admin`)),
		chromedp.Click(chromedp.CSS(`[aria-labelledby="invite-title"] button[type=submit]`)))
	waitText(t, ctx, "Invitation sent to nia@example.com.")
	MustMail(t, m, "nia@example.com", "Activate your account")
	// Nia is pending; sent again, she has a second email.
	waitText(t, ctx, "Pending invitations")
	if err := poll(ctx, `document.querySelector('[aria-labelledby="pending-title"]').innerText.includes("nia@example.com")`, 20e9); err != nil {
		t.Fatalf("Nia is not among the pending invitations: %v", err)
	}
	screenshots(t, ctx, "org-admin-pending")
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[aria-label="Resend the invitation to nia@example.com"]`)))
	waitText(t, ctx, "Sent the invitation to nia@example.com again.")
	sent := 0
	for _, msg := range outbox(t, m) {
		if msg.To == "nia@example.com" && msg.Subject == "Activate your account" {
			sent++
		}
	}
	if sent != 2 {
		t.Fatalf("%d invitation emails to Nia, want 2", sent)
	}

	do(t, ctx, chromedp.Click(chromedp.CSS(`#enforce-2fa`)), chromedp.SendKeys(chromedp.CSS(`#trusted-domains`), "acme.example"),
		chromedp.Click(chromedp.CSS(`[aria-labelledby="settings-title"] button[type=submit]`)))
	if err := poll(ctx, `document.querySelector('[aria-labelledby="settings-title"]').innerText.includes("Saved")`, 20e9); err != nil {
		t.Fatalf("the settings were not saved: %v", err)
	}
	screenshot(t, ctx, "org-admin-settings")
	if o, err := m.Identity.Org(bg, demoOrgSlug); err != nil || !o.Enforce2FA || len(o.TrustedDomains) != 1 || o.TrustedDomains[0] != "acme.example" {
		t.Fatalf("settings after saving: %+v, %v", o, err)
	}

	roles := map[string]string{}
	for _, email := range []string{"bo@example.com", "cy@example.com"} {
		orgs, err := m.Identity.AccountOrgs(bg, mustAccountID(t, m, email))
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range orgs {
			roles[email] = o.Role
		}
	}
	if roles["bo@example.com"] != api.RoleAdmin || roles["cy@example.com"] != "" {
		t.Fatalf("roles after the admin's changes: %v", roles)
	}
	// Withdrawn, Nia's invitation leaves the list.
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[aria-label="Withdraw the invitation to nia@example.com"]`)))
	waitText(t, ctx, "Withdrew the invitation to nia@example.com to join "+demoOrgName+".")
	waitText(t, ctx, "Every invitation has been answered.")

	// The admin's actions are in the audit log, by the admin; narrowed to
	// one kind, the log shows that kind alone.
	open(t, ctx, m.URL()+"/o/"+demoOrgSlug+"/admin")
	waitText(t, ctx, "Member removed: cy@example.com")
	waitText(t, ctx, "by "+demoEmail+" · member → admin")
	screenshots(t, ctx, "org-admin-audit")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`(() => { const k = document.getElementById("audit-kind");
		k.value = "invited"; k.dispatchEvent(new Event("change", {bubbles: true})); })()`)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[aria-labelledby="audit-title"] button[type=submit]`)))
	if err := poll(ctx, `(() => { const log = document.querySelector("ol.audit").innerText;
		return log.includes("Invited: nia@example.com") && !log.includes("Member removed"); })()`, 20e9); err != nil {
		t.Fatalf("the log was not narrowed to invitations: %v", err)
	}
}
