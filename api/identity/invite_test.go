package identity_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store"
)

func mustOrg(tb testing.TB, e *env, slug, name string) {
	tb.Helper()
	if _, err := e.svc.CreateOrg(context.Background(), slug, name); err != nil {
		tb.Fatal(err)
	}
}

// MustInvite invites email to the organization slug and expects the one
// answer every invite gets.
func (e *env) MustInvite(tb testing.TB, email, slug, role string) {
	tb.Helper()
	status, err := e.svc.Invite(context.Background(), identity.Invitation{Email: email, OrgSlug: slug, Role: role, Inviter: "Ann Admin"}, meta)
	if err != nil || status != identity.InviteSent {
		tb.Fatalf("invite %s to %s = %q %v", email, slug, status, err)
	}
}

// MustInvitations returns the account's pending invitations by org slug.
func (e *env) MustInvitations(tb testing.TB, accountID string) map[string]identity.PendingInvitation {
	tb.Helper()
	list, err := e.svc.Invitations(context.Background(), accountID)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]identity.PendingInvitation{}
	for _, p := range list {
		out[p.Org.Slug] = p
	}
	return out
}

// mustPendingInvite returns a service where ann@example.com has an
// account and a pending invitation p to Acme Inc. (acme) with role.
func mustPendingInvite(tb testing.TB, role string) (*env, store.Account, identity.PendingInvitation) {
	tb.Helper()
	e := MustEnv(tb, withBaseURL)
	mustOrg(tb, e, "acme", "Acme Inc.")
	ann := e.MustAccount(tb, "ann@example.com", goodPassword)
	e.MustInvite(tb, "ann@example.com", "acme", role)
	p, ok := e.MustInvitations(tb, ann.ID)["acme"]
	if !ok {
		tb.Fatal("no pending invitation to acme")
	}
	return e, ann, p
}

func memberships(tb testing.TB, e *env, accountID string) map[string]string {
	tb.Helper()
	orgs, err := e.svc.AccountOrgs(context.Background(), accountID)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]string{}
	for _, o := range orgs {
		out[o.Slug] = o.Role
	}
	return out
}

func TestInvite(t *testing.T) {
	ctx := context.Background()
	t.Run("ActivateSignsInAndJoins", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		mustOrg(t, e, "acme", "Acme Inc.")
		status, err := e.svc.Invite(ctx, identity.Invitation{Email: "new@example.com", Name: "Nia", OrgSlug: "acme", Role: api.RoleAdmin}, meta)
		if err != nil || status != identity.InviteSent {
			t.Fatalf("invite = %q %v", status, err)
		}
		e.MustDeliver(t)
		m := e.MustLatestMail(t, "new@example.com", "Activate your account")
		tok := tokenIn(t, m)
		_, err = e.svc.SignInPassword(ctx, "new@example.com", "anything", meta)
		wantCode(t, err, api.CodeInvalidCredentials)
		a, err := e.svc.CheckActivationLink(ctx, tok)
		if err != nil || a.Name != "Nia" {
			t.Fatalf("check = %+v %v", a, err)
		}
		res, err := e.svc.Activate(ctx, tok, "Battery-Staple-9", meta)
		if err != nil || res.Next != api.NextDone {
			t.Fatalf("activate = %+v %v", res, err)
		}
		auth, err := e.svc.Authenticate(ctx, res.Token, meta)
		if err != nil || !auth.Account.EmailVerified {
			t.Fatalf("after activation: %+v %v", auth.Account, err)
		}
		orgs, _ := e.svc.AccountOrgs(ctx, auth.Account.ID)
		if len(orgs) != 1 || orgs[0].Slug != "acme" || orgs[0].Role != api.RoleAdmin || orgs[0].SignInURL != "http://porta.test/o/acme" {
			t.Fatalf("orgs = %+v", orgs)
		}
		if left := e.MustInvitations(t, auth.Account.ID); len(left) != 0 {
			t.Fatalf("the accepted invitation is still pending: %+v", left)
		}
		_, err = e.svc.Activate(ctx, tok, "Battery-Staple-10", meta)
		wantCode(t, err, api.CodeInvalidLink)
	})
	t.Run("EnforcedOrgRunsTheWizard", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		mustOrg(t, e, "acme", "Acme Inc.")
		e.svc.SetEnforce2FA(ctx, "acme", true, meta)
		e.svc.Invite(ctx, identity.Invitation{Email: "new@example.com", OrgSlug: "acme"}, meta)
		e.MustDeliver(t)
		res, err := e.svc.Activate(ctx, tokenIn(t, e.MustLatestMail(t, "new@example.com", "Activate your account")), "Battery-Staple-9", meta)
		if err != nil || res.Next != api.NextSetupSecondFactor {
			t.Fatalf("activation in an enforcing organization: %+v %v", res.Next, err)
		}
	})
	t.Run("ExpiredThenResent", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		mustOrg(t, e, "acme", "Acme Inc.")
		e.MustInvite(t, "new@example.com", "acme", "")
		e.MustDeliver(t)
		old := tokenIn(t, e.MustLatestMail(t, "new@example.com", "Activate your account"))
		e.clock.Advance(24 * time.Hour)
		_, err := e.svc.CheckActivationLink(ctx, old)
		wantCode(t, err, api.CodeExpiredLink)
		_, err = e.svc.Activate(ctx, old, "Battery-Staple-9", meta)
		wantCode(t, err, api.CodeExpiredLink)
		if _, err := e.svc.ResendActivation(ctx, old, meta); err != nil {
			t.Fatal(err)
		}
		e.MustDeliver(t)
		m := e.MustLatestMail(t, "new@example.com", "Activate your account")
		if !strings.Contains(m.Text, "Ann Admin (Acme Inc.) invited you") {
			t.Fatalf("the new link does not say who invited:\n%s", m.Text)
		}
		fresh := tokenIn(t, m)
		if fresh == old {
			t.Fatal("the same link was sent again")
		}
		res, err := e.svc.Activate(ctx, fresh, "Battery-Staple-9", meta)
		if err != nil {
			t.Fatal(err)
		}
		if got := memberships(t, e, res.Session.AccountID); got["acme"] != api.RoleMember {
			t.Fatalf("the resent link did not join acme: %v", got)
		}
		_, err = e.svc.ResendActivation(ctx, old, meta)
		wantCode(t, err, api.CodeInvalidLink)
	})
	t.Run("OperatorWithoutOrg", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		e.MustAccount(t, "ann@example.com", goodPassword)
		_, err := e.svc.Invite(ctx, identity.Invitation{Email: "ann@example.com"}, meta)
		wantCode(t, err, api.CodeConflict)
	})
	t.Run("ErrUnknownOrg", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		_, err := e.svc.Invite(ctx, identity.Invitation{Email: "new@example.com", OrgSlug: "nope"}, meta)
		wantCode(t, err, api.CodeNotFound)
	})
	t.Run("ErrHostileName", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		mustOrg(t, e, "acme", "Acme Inc.")
		_, err := e.svc.Invite(ctx, identity.Invitation{Email: "new@example.com", Name: "Nia\u202Emoc.live", OrgSlug: "acme"}, meta)
		wantCode(t, err, api.CodeInvalidRequest)
		if !strings.Contains(err.Error(), "The name contains characters that are not allowed.") {
			t.Fatalf("message = %q", err)
		}
	})
}

func TestInviteExistingAccount(t *testing.T) {
	ctx := context.Background()
	t.Run("SameAnswerKnownOrNot", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		mustOrg(t, e, "acme", "Acme Inc.")
		e.MustAccount(t, "ann@example.com", goodPassword)
		inv := identity.Invitation{OrgSlug: "acme", Role: api.RoleAdmin, Inviter: "Bo"}
		inv.Email = "ann@example.com"
		known, err1 := e.svc.Invite(ctx, inv, meta)
		inv.Email = "zed@example.com"
		unknown, err2 := e.svc.Invite(ctx, inv, meta)
		if err1 != nil || err2 != nil || known != unknown || known != identity.InviteSent {
			t.Fatalf("answers differ: %q %v / %q %v", known, err1, unknown, err2)
		}
	})
	t.Run("MemberOnlyAfterAccept", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		mustOrg(t, e, "acme", "Acme Inc.")
		ann := e.MustAccount(t, "ann@example.com", goodPassword)
		e.MustInvite(t, "ann@example.com", "acme", api.RoleAdmin)
		if got := memberships(t, e, ann.ID); len(got) != 0 {
			t.Fatalf("a member before accepting: %v", got)
		}
		if admin, _ := e.svc.IsOrgAdmin(ctx, orgID(t, e, "acme"), ann.ID); admin {
			t.Fatal("an admin before accepting")
		}
		e.MustDeliver(t)
		m := e.MustLatestMail(t, "ann@example.com", "Join Acme Inc. on Porta")
		if !strings.Contains(m.Text, "http://porta.test/account#invitations") || !strings.Contains(m.HTML, `href="http://porta.test/account#invitations"`) {
			t.Fatalf("the email does not lead to the account page:\n%s", m.Text)
		}
		if !strings.Contains(m.Text, "Ann Admin (Acme Inc.) invited your Porta account ann@example.com to join Acme Inc.") {
			t.Fatalf("email:\n%s", m.Text)
		}
		p, ok := e.MustInvitations(t, ann.ID)["acme"]
		if !ok || p.Org.Name != "Acme Inc." || p.Inviter != "Ann Admin" || p.Role != api.RoleAdmin || p.ID == "" {
			t.Fatalf("pending = %+v", p)
		}
		o, err := e.svc.AcceptInvitation(ctx, ann.ID, p.ID, meta)
		if err != nil || o.Slug != "acme" {
			t.Fatalf("accept = %+v %v", o, err)
		}
		if got := memberships(t, e, ann.ID); got["acme"] != api.RoleAdmin {
			t.Fatalf("memberships after accepting = %v", got)
		}
		_, err = e.svc.AcceptInvitation(ctx, ann.ID, p.ID, meta)
		wantCode(t, err, api.CodeNotFound)
		if left := e.MustInvitations(t, ann.ID); len(left) != 0 {
			t.Fatalf("still pending: %+v", left)
		}
	})
	t.Run("Decline", func(t *testing.T) {
		e, ann, p := mustPendingInvite(t, "")
		if err := e.svc.DeclineInvitation(ctx, ann.ID, p.ID, meta); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.AcceptInvitation(ctx, ann.ID, p.ID, meta)
		wantCode(t, err, api.CodeNotFound)
		if got := memberships(t, e, ann.ID); len(got) != 0 {
			t.Fatalf("a member after declining: %v", got)
		}
	})
	t.Run("ErrForeignAccount", func(t *testing.T) {
		e, ann, p := mustPendingInvite(t, api.RoleAdmin)
		bob := e.MustAccount(t, "bob@example.com", goodPassword)
		_, err := e.svc.AcceptInvitation(ctx, bob.ID, p.ID, meta)
		wantCode(t, err, api.CodeNotFound)
		wantCode(t, e.svc.DeclineInvitation(ctx, bob.ID, p.ID, meta), api.CodeNotFound)
		_, err = e.svc.AcceptInvitation(ctx, bob.ID, "", meta)
		wantCode(t, err, api.CodeNotFound)
		if got := memberships(t, e, bob.ID); len(got) != 0 {
			t.Fatalf("bob joined with ann's invitation: %v", got)
		}
		if _, ok := e.MustInvitations(t, ann.ID)["acme"]; !ok {
			t.Fatal("bob's attempts voided ann's invitation")
		}
	})
	t.Run("MemberInvitedAgain", func(t *testing.T) {
		e := MustEnv(t, withBaseURL)
		mustOrg(t, e, "acme", "Acme Inc.")
		ann := e.MustAccount(t, "ann@example.com", goodPassword)
		e.MustInvite(t, "ann@example.com", "acme", api.RoleAdmin)
		e.svc.AcceptInvitation(ctx, ann.ID, e.MustInvitations(t, ann.ID)["acme"].ID, meta)
		e.MustInvite(t, "ann@example.com", "acme", api.RoleMember)
		if left := e.MustInvitations(t, ann.ID); len(left) != 0 {
			t.Fatalf("a member got an invitation: %+v", left)
		}
		if got := memberships(t, e, ann.ID); got["acme"] != api.RoleAdmin {
			t.Fatalf("the role changed: %v", got)
		}
	})
	t.Run("Expires", func(t *testing.T) {
		e, ann, p := mustPendingInvite(t, "")
		e.clock.Advance(30 * 24 * time.Hour)
		if left := e.MustInvitations(t, ann.ID); len(left) != 0 {
			t.Fatalf("expired but listed: %+v", left)
		}
		_, err := e.svc.AcceptInvitation(ctx, ann.ID, p.ID, meta)
		wantCode(t, err, api.CodeNotFound)
	})
}
