package main

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/porta-id/porta/api"
)

// TestBrowserOrgSwitcher: a person in two organizations switches between
// them from the header; the choice is kept on the account.
func TestBrowserOrgSwitcher(t *testing.T) {
	m := MustPorta(t, func(c *Config) { c.Demo = true })
	bg := context.Background()
	if _, err := m.Identity.CreateOrg(bg, "globex", "Globex"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Identity.AddMember(bg, "globex", demoEmail, api.RoleMember); err != nil {
		t.Fatal(err)
	}
	ctx := MustBrowser(t)
	signIn(t, ctx, m, demoEmail, demoPassword)
	waitPath(t, ctx, "/account")
	if err := poll(ctx, `document.querySelectorAll("#org-switch option").length === 3`, 20e9); err != nil {
		t.Fatalf("no switcher with both organizations in the header: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`(() => { const s = document.getElementById("org-switch");
		s.value = "globex"; s.dispatchEvent(new Event("change", {bubbles: true})); })()`)); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, "You are now working in Globex.")
	screenshots(t, ctx, "org-switcher")
	if a, err := m.Store.GetAccountByEmail(bg, demoEmail); err != nil || a.CurrentOrgID == "" {
		t.Fatalf("the choice was not kept: %+v, %v", a, err)
	}

	open(t, ctx, m.URL()+"/account")
	if err := poll(ctx, `(document.getElementById("org-switch") || {}).value === "globex"`, 20e9); err != nil {
		t.Fatalf("after a reload the header does not show Globex: %v", err)
	}
	// The organization's admin page has the same header.
	open(t, ctx, m.URL()+"/o/"+demoOrgSlug+"/admin")
	if err := poll(ctx, `(document.getElementById("org-switch") || {}).value === "globex"`, 20e9); err != nil {
		t.Fatalf("the admin page's header does not show the switcher: %v", err)
	}
}
