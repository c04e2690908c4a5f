package identity_test

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store"
)

// TestInvitePerOrganization: one organization's invite, re-invite or
// withdrawal never touches another organization's invitation.
func TestInvitePerOrganization(t *testing.T) {
	ctx := context.Background()
	t.Run("ExistingAccount", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		mustOrg(t, e, "acme", "Acme Inc.")
		mustOrg(t, e, "beta", "Beta GmbH")
		ann := e.MustAccount(t, "ann@example.com", goodPassword)
		e.MustInvite(t, "ann@example.com", "beta", api.RoleAdmin)
		beta := e.MustInvitations(t, ann.ID)["beta"]
		e.MustInvite(t, "ann@example.com", "acme", "")
		first := e.MustInvitations(t, ann.ID)["acme"]
		e.MustInvite(t, "ann@example.com", "acme", api.RoleAdmin)
		all := e.MustInvitations(t, ann.ID)
		if len(all) != 2 || all["acme"].ID == first.ID || all["acme"].Role != api.RoleAdmin || !reflect.DeepEqual(all["beta"], beta) {
			t.Fatalf("after acme's second invite: %+v", all)
		}
		_, err := e.svc.AcceptInvitation(ctx, ann.ID, first.ID, meta)
		wantCode(t, err, api.CodeNotFound)
		if err := e.svc.WithdrawInvitation(ctx, "acme", "ann@example.com", "ann@example.com", meta); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.WithdrawInvitation(ctx, "acme", "zed@example.com", "ann@example.com", meta); err != nil {
			t.Fatalf("withdrawing nothing: %v", err)
		}
		all = e.MustInvitations(t, ann.ID)
		if len(all) != 1 || !reflect.DeepEqual(all["beta"], beta) {
			t.Fatalf("after acme's withdrawal: %+v", all)
		}
		if _, err := e.svc.AcceptInvitation(ctx, ann.ID, beta.ID, meta); err != nil {
			t.Fatal(err)
		}
		if got := memberships(t, e, ann.ID); len(got) != 1 || got["beta"] != api.RoleAdmin {
			t.Fatalf("memberships = %v", got)
		}
	})
	t.Run("NewAccount", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		mustOrg(t, e, "acme", "Acme Inc.")
		mustOrg(t, e, "beta", "Beta GmbH")
		e.MustInvite(t, "new@example.com", "beta", "")
		e.MustDeliver(t)
		betaLink := tokenIn(t, e.MustLatestMail(t, "new@example.com", "Activate your account"))
		e.clock.Advance(time.Minute)
		e.MustInvite(t, "new@example.com", "acme", "")
		e.MustDeliver(t)
		acmeLink := tokenIn(t, e.MustLatestMail(t, "new@example.com", "Activate your account"))
		e.clock.Advance(time.Minute)
		e.MustInvite(t, "new@example.com", "acme", api.RoleAdmin)
		e.MustDeliver(t)
		_, err := e.svc.CheckActivationLink(ctx, acmeLink)
		wantCode(t, err, api.CodeInvalidLink)
		if _, err := e.svc.CheckActivationLink(ctx, betaLink); err != nil {
			t.Fatalf("acme's re-invite voided beta's link: %v", err)
		}
		acmeLink = tokenIn(t, e.MustLatestMail(t, "new@example.com", "Activate your account"))
		if err := e.svc.WithdrawInvitation(ctx, "acme", "new@example.com", "ann@example.com", meta); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.CheckActivationLink(ctx, acmeLink)
		wantCode(t, err, api.CodeInvalidLink)
		e.MustInvite(t, "new@example.com", "acme", api.RoleAdmin)
		res, err := e.svc.Activate(ctx, betaLink, "Battery-Staple-9", meta)
		if err != nil {
			t.Fatalf("beta's link after acme's invites and withdrawal: %v", err)
		}
		id := res.Session.AccountID
		if got := memberships(t, e, id); len(got) != 1 || got["beta"] != api.RoleMember {
			t.Fatalf("activating with beta's link: %v", got)
		}
		acme, ok := e.MustInvitations(t, id)["acme"]
		if !ok || acme.Role != api.RoleAdmin {
			t.Fatalf("acme's invitation should wait on the account page: %+v", e.MustInvitations(t, id))
		}
		if _, err := e.svc.AcceptInvitation(ctx, id, acme.ID, meta); err != nil {
			t.Fatal(err)
		}
		if got := memberships(t, e, id); len(got) != 2 || got["acme"] != api.RoleAdmin {
			t.Fatalf("memberships = %v", got)
		}
	})
	t.Run("ConcurrentInvites", func(t *testing.T) {
		// Two organizations invite at once: the record of one account's
		// invitations is updated atomically, so neither invitation is lost.
		e := MustEnv(t, withBaseURL)
		ann := e.MustAccount(t, "ann@example.com", goodPassword)
		slugs := []string{"a1", "a2", "a3", "a4", "a5", "a6"}
		for _, s := range slugs {
			mustOrg(t, e, s, "Org "+s)
		}
		done := make(chan struct{})
		for _, s := range slugs {
			go func() {
				defer func() { done <- struct{}{} }()
				e.MustInvite(t, "ann@example.com", s, "")
			}()
		}
		for range slugs {
			<-done
		}
		if got := e.MustInvitations(t, ann.ID); len(got) != len(slugs) {
			t.Fatalf("concurrent invites kept %d of %d", len(got), len(slugs))
		}
	})
}

// linkish finds what a mail program could turn into a link: a scheme or
// a dotted name.
var linkish = regexp.MustCompile(`(?i)[a-z][a-z0-9+.-]*:/|[\p{L}\p{N}][.。．｡][\p{L}\p{N}]`)

func TestInviteEmailHostileText(t *testing.T) {
	const (
		orgName = `<script>alert(1)</script> Win a prize at evil.example/claim`
		inviter = `"><a href="http://evil.example/x">Click</a> http://evil`
	)
	check := func(t *testing.T, m store.Message) {
		t.Helper()
		for _, bad := range []string{"<script", `"><a href="http://evil`, `<a href="http://evil`, "evil.example", "http://evil"} {
			if strings.Contains(m.HTML, bad) {
				t.Errorf("HTML part holds %q:\n%s", bad, m.HTML)
			}
		}
		if !strings.Contains(m.HTML, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(m.HTML, "&#34;&gt;&lt;a href=&#34;http[:]//evil[.]example/x&#34;&gt;Click&lt;/a&gt;") {
			t.Errorf("HTML part does not show the text as typed, escaped and defanged:\n%s", m.HTML)
		}
		ours := regexp.MustCompile(`http://porta\.test/[^\s"<]*`)
		text := strings.ReplaceAll(ours.ReplaceAllString(m.Text, ""), m.To, "")
		if found := linkish.FindAllString(text, -1); len(found) != 0 {
			t.Errorf("text part has linkable user text %q:\n%s", found, m.Text)
		}
		if found := linkish.FindAllString(ours.ReplaceAllString(m.Subject, ""), -1); len(found) != 0 {
			t.Errorf("subject has linkable user text %q: %s", found, m.Subject)
		}
		if !strings.Contains(m.Text, "Win a prize at evil[.]example/claim") || !strings.Contains(m.Text, `"><a href="http[:]//evil[.]example/x">Click</a> http[:]//evil`) {
			t.Errorf("text part does not keep the names readable:\n%s", m.Text)
		}
	}
	e := MustEnv(t, withBaseURL)
	mustOrg(t, e, "evil", orgName)
	e.MustAccount(t, "ann@example.com", goodPassword)
	for _, to := range []string{"ann@example.com", "new@example.com"} {
		if _, err := e.svc.Invite(context.Background(), identity.Invitation{Email: to, OrgSlug: "evil", Inviter: inviter}, meta); err != nil {
			t.Fatal(err)
		}
	}
	e.MustDeliver(t)
	t.Run("ExistingAccount", func(t *testing.T) {
		mails := e.mail(t, "ann@example.com")
		if len(mails) != 1 || !strings.HasPrefix(mails[0].Subject, "Join ") {
			t.Fatalf("mails = %+v", mails)
		}
		check(t, mails[0])
	})
	t.Run("NewAccount", func(t *testing.T) {
		check(t, e.MustLatestMail(t, "new@example.com", "Activate your account"))
	})
}

func TestCreateOrgName(t *testing.T) {
	e := MustEnv(t)
	o, err := e.svc.CreateOrg(context.Background(), "acme", "  Acme\u00a0 Inc.  ")
	if err != nil || o.Name != "Acme Inc." {
		t.Fatalf("create = %+v %v", o, err)
	}
	_, err = e.svc.CreateOrg(context.Background(), "beta", "Beta\u2066 GmbH")
	wantCode(t, err, api.CodeInvalidRequest)
	if !strings.Contains(err.Error(), "The organization's name contains characters that are not allowed.") {
		t.Fatalf("message = %q", err)
	}
}
