package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"testing"

	"github.com/porta-id/porta/api"
)

var tokenPattern = regexp.MustCompile(`\?token=([A-Za-z0-9_-]+)`)

// MustOutbox delivers what is due and reads GET /dev/outbox.json.
func (e *env) MustOutbox(tb testing.TB) []api.OutboxMessage {
	tb.Helper()
	if _, err := e.svc.Messages().DeliverDue(context.Background()); err != nil {
		tb.Fatal(err)
	}
	r := e.raw(tb, "GET", "/dev/outbox.json", "", "", "")
	var out []api.OutboxMessage
	if r.status != 200 || json.Unmarshal([]byte(r.body), &out) != nil {
		tb.Fatalf("outbox: %d %s", r.status, r.body)
	}
	return out
}

// MustToken returns the token in the newest email to addr with subject.
func (e *env) MustToken(tb testing.TB, addr, subject string) string {
	tb.Helper()
	for _, m := range e.MustOutbox(tb) {
		if m.To == addr && m.Subject == subject {
			if sm := tokenPattern.FindStringSubmatch(m.Text); sm != nil {
				tok, _ := url.QueryUnescape(sm[1])
				return tok
			}
		}
	}
	tb.Fatalf("no %q email with a link to %s", subject, addr)
	return ""
}

func TestForgotAndReset(t *testing.T) {
	ctx := context.Background()
	e := MustServer(t)
	t.Run("NoEnumeration", func(t *testing.T) {
		known := e.raw(t, "POST", api.RoutePasswordForgot.Path, "application/json", e.url, `{"email":"ann@example.com"}`)
		unknown := e.raw(t, "POST", api.RoutePasswordForgot.Path, "application/json", e.url, `{"email":"zed@example.com"}`)
		if known.status != http.StatusAccepted || known.status != unknown.status || known.body != unknown.body {
			t.Fatalf("answers differ: %+v / %+v", known, unknown)
		}
	})
	t.Run("ResetOnceThenSignIn", func(t *testing.T) {
		c := e.MustClient(t)
		tok := e.MustToken(t, annEmail, "Reset your password")
		info, err := c.CheckResetLink(ctx, tok)
		if err != nil || info.Email != annEmail {
			t.Fatalf("check = %+v %v", info, err)
		}
		var wg sync.WaitGroup
		codes := make(chan string, 8)
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.MustClient(t).ResetPassword(ctx, tok, "Battery-Staple-9")
				codes <- api.ErrorCode(err)
			}()
		}
		wg.Wait()
		close(codes)
		wins := 0
		for code := range codes {
			switch code {
			case "":
				wins++
			case api.CodeInvalidLink:
			default:
				t.Errorf("unexpected error code %q", code)
			}
		}
		if wins != 1 {
			t.Fatalf("%d resets succeeded, want 1", wins)
		}
		_, err = c.CheckResetLink(ctx, tok)
		wantAPIError(t, err, 400, api.CodeInvalidLink)
		if _, err := c.SignInPassword(ctx, annEmail, "Battery-Staple-9"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrBadToken", func(t *testing.T) {
		c := e.MustClient(t)
		_, err := c.ResetPassword(ctx, "nonsense", "Battery-Staple-9")
		wantAPIError(t, err, 400, api.CodeInvalidLink)
		_, err = c.CheckActivationLink(ctx, "")
		wantAPIError(t, err, 400, api.CodeInvalidLink)
	})
}

func TestInviteAndActivate(t *testing.T) {
	ctx := context.Background()
	e := MustServer(t)
	if _, err := e.svc.CreateOrg(ctx, "acme", "Acme Inc."); err != nil {
		t.Fatal(err)
	}
	ann := e.MustSignIn(t)
	_, err := ann.Invite(ctx, "acme", api.InviteRequest{Email: "new@example.com"})
	wantAPIError(t, err, 403, api.CodeForbidden)
	if _, err := e.svc.AddMember(ctx, "acme", annEmail, api.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	res, err := ann.Invite(ctx, "acme", api.InviteRequest{Email: "new@example.com", Name: "Nia"})
	if err != nil || res.Status != api.InviteSent {
		t.Fatalf("invite = %+v %v", res, err)
	}
	_, err = ann.Invite(ctx, "nope", api.InviteRequest{Email: "x@example.com"})
	wantAPIError(t, err, 404, api.CodeNotFound)

	nia := e.MustClient(t)
	tok := e.MustToken(t, "new@example.com", "Activate your account")
	info, err := nia.CheckActivationLink(ctx, tok)
	if err != nil || info.Name != "Nia" || info.Email != "new@example.com" {
		t.Fatalf("check = %+v %v", info, err)
	}
	_, err = nia.Activate(ctx, tok, "weak")
	wantAPIError(t, err, 400, api.CodeWeakPassword)
	if r, err := nia.Activate(ctx, tok, "Battery-Staple-9"); err != nil || r.Next != api.NextDone {
		t.Fatalf("activate = %+v %v", r, err)
	}
	s, err := nia.Session(ctx)
	if err != nil || s.Account.Email != "new@example.com" {
		t.Fatalf("session after activation = %+v %v", s, err)
	}
	orgs, err := nia.AccountOrgs(ctx)
	if err != nil || len(orgs.Orgs) != 1 || orgs.Orgs[0].Slug != "acme" || orgs.Orgs[0].Role != api.RoleMember {
		t.Fatalf("orgs = %+v %v", orgs, err)
	}
	o, err := nia.Org(ctx, "acme")
	if err != nil || o.Name != "Acme Inc." || o.SignInURL == "" {
		t.Fatalf("org = %+v %v", o, err)
	}
}

func TestFindEnvironmentsAPI(t *testing.T) {
	e := MustServer(t)
	known := e.raw(t, "POST", api.RouteEnvironmentsFind.Path, "application/json", e.url, `{"email":"ann@example.com"}`)
	unknown := e.raw(t, "POST", api.RouteEnvironmentsFind.Path, "application/json", e.url, `{"email":"zed@example.com"}`)
	if known.status != http.StatusAccepted || known.body != unknown.body {
		t.Fatalf("answers differ: %+v / %+v", known, unknown)
	}
	found := false
	for _, m := range e.MustOutbox(t) {
		found = found || (m.To == annEmail && m.Subject == "Your sign-in addresses")
		if m.To == "zed@example.com" {
			t.Fatal("an unknown address got email")
		}
	}
	if !found {
		t.Fatal("no email to the known address")
	}
}
