package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
	"github.com/porta-id/porta/api/testkit"
)

func TestCopy(t *testing.T) {
	ctx := context.Background()
	from, to := testkit.MustBolt(t), testkit.MustBolt(t)
	now := time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.UTC)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(from.CreateAccount(ctx, store.Account{ID: "a1", Email: "ann@example.com", PasswordHash: "$argon2id$x", CreatedAt: now}))
	must(from.CreateSession(ctx, store.Session{ID: "s1", AccountID: "a1", SecretHash: []byte{1, 2}, AMR: []string{"pwd"}, CreatedAt: now, ExpiresAt: now.Add(time.Hour),
		PasswordChangeOwed: true}))
	must(from.PutDevice(ctx, store.Device{AccountID: "a1", ID: "d1", FirstSeen: now, LastSeen: now}))
	must(from.CreateFactor(ctx, store.Factor{AccountID: "a1", ID: "f1", Kind: store.FactorTOTP, Pending: true,
		Secret: []byte{0, 1, 0xff}, LastStep: 59_000_000, CreatedAt: now, LastUsedAt: now}))
	must(from.CreateFactor(ctx, store.Factor{AccountID: "a1", ID: "f2", Kind: store.FactorEmergency, CodeHash: "$argon2id$y", CreatedAt: now}))
	must(from.AppendAudit(ctx, store.AuditEvent{ID: "e1", AccountID: "a1", Type: "signin", Time: now}))
	must(from.AppendAudit(ctx, store.AuditEvent{ID: "e2", Email: "zed@example.com", Type: "signin_failed", Time: now}))
	_, err := from.UpdateFailures(ctx, "email:zed@example.com", func(f store.Failures) (store.Failures, error) {
		f.Count, f.LastFailure, f.ExpiresAt = 3, now, now.Add(time.Hour)
		return f, nil
	})
	must(err)
	must(from.CreateToken(ctx, store.Token{Hash: "h1", Kind: "reset", AccountID: "a1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}))
	must(from.CreateOrg(ctx, store.Org{ID: "o1", Slug: "acme", Name: "Acme", Enforce2FA: true, CreatedAt: now}))
	must(from.PutMembership(ctx, store.Membership{OrgID: "o1", AccountID: "a1", Role: "admin", CreatedAt: now}))
	must(from.EnqueueMessage(ctx, store.Message{ID: "m1", Kind: "email", To: "ann@example.com", Status: store.MessagePending, NextAttemptAt: now, CreatedAt: now}))
	_, err = from.Secret(ctx, "session-cookie-hmac", func() ([]byte, error) { return []byte("key"), nil })
	must(err)
	must(from.CreateClient(ctx, store.Client{ID: "c1", Name: "Shop", SecretHash: "ab12", RedirectURIs: []string{"https://shop.example.com/cb"},
		OrgID: "o1", FirstParty: true, CreatedAt: now}))
	must(from.CreateGrant(ctx, store.Grant{ID: "g1", AccountID: "a1", ClientID: "c1", Scopes: []string{"openid"}, AMR: []string{"pwd"},
		RefreshHash: "r0", CreatedAt: now, ExpiresAt: now.Add(24 * time.Hour)}))
	must(from.PutConsent(ctx, store.Consent{AccountID: "a1", ClientID: "c1", Scopes: []string{"openid", "email"}, CreatedAt: now}))
	_, err = from.UpdateSigningKeys(ctx, func([]store.SigningKey) ([]store.SigningKey, error) {
		return []store.SigningKey{
			{ID: "k1", Algorithm: "ES256", Private: []byte{0, 1, 0xff}, Public: []byte{2, 3}, CreatedAt: now, RetiredAt: now, ExpiresAt: now.Add(time.Hour)},
			{ID: "k2", Algorithm: "RS256", Private: []byte{4}, Public: []byte{5}, CreatedAt: now.Add(time.Minute)},
		}, nil
	})
	must(err)
	must(from.PutIdentityProvider(ctx, store.IdentityProvider{ID: "p1", OrgID: "o1", Name: "Entra", Preset: "microsoft",
		ClientSecret: []byte{9, 0}, Domains: []string{"acme.com", "acme.org"}, TrustMFA: true, CreatedAt: now}))
	must(from.PutExternalIdentity(ctx, store.ExternalIdentity{ProviderID: "p1", Subject: "sub-1", AccountID: "a1", Email: "ann@acme.com", CreatedAt: now}))
	_, err = from.UpdateProductUser(ctx, "c1", "o1", "emp-7", func(u store.ProductUser) (store.ProductUser, error) {
		u.DisplayName, u.Emails, u.AccountID, u.LinkedAt, u.CreatedAt = "Ann", []string{"ann@acme.com"}, "a1", now, now
		return u, nil
	})
	must(err)
	must(from.PutProgressSnapshot(ctx, store.ProgressSnapshot{OrgID: "o1", Day: "2026-12-01", Members: 3, TwoStep: 1,
		Products: []store.ProductCounts{{ClientID: "c1", Linked: 1, NotStarted: 2}}}))
	// Auth requests last minutes and are left behind.
	must(from.CreateAuthRequest(ctx, store.AuthRequest{ID: "r1", ClientID: "c1", CreatedAt: now, ExpiresAt: now.Add(10 * time.Minute)}))

	counts, err := store.Copy(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	want := store.Counts{"accounts": 1, "sessions": 1, "devices": 1, "factors": 2, "audit events": 2, "failure counters": 1,
		"tokens": 1, "organizations": 1, "memberships": 1, "messages": 1, "secrets": 1,
		"clients": 1, "grants": 1, "consents": 1, "signing keys": 2, "identity providers": 1, "external identities": 1,
		"product users": 1, "progress snapshots": 1}
	if counts.String() != want.String() {
		t.Fatalf("counts = %v, want %v", counts, want)
	}
	t.Run("ErrNotEmpty", func(t *testing.T) {
		if _, err := store.Copy(ctx, from, to); err == nil {
			t.Fatal("copied into a store that has data")
		}
	})
	t.Run("VerifyNoticesAFactor", func(t *testing.T) {
		setStep := func(step int64) {
			t.Helper()
			_, err := to.UpdateFactor(ctx, "a1", "f1", func(f store.Factor) (store.Factor, error) { f.LastStep = step; return f, nil })
			must(err)
		}
		setStep(59_000_001)
		if err := store.Verify(ctx, from, to); err == nil || !strings.Contains(err.Error(), "factors") {
			t.Fatalf("Verify = %v; want the factors to differ", err)
		}
		setStep(59_000_000)
		must(store.Verify(ctx, from, to))
	})
	t.Run("NewFieldsArrive", func(t *testing.T) {
		sess, err := to.GetSession(ctx, "s1")
		must(err)
		f, err := to.GetFailures(ctx, "email:zed@example.com")
		must(err)
		if !sess.PasswordChangeOwed || !f.ExpiresAt.Equal(now.Add(time.Hour)) {
			t.Fatalf("copied PasswordChangeOwed = %v, ExpiresAt = %v; want true, %v", sess.PasswordChangeOwed, f.ExpiresAt, now.Add(time.Hour))
		}
		_, err = to.UpdateSession(ctx, "s1", func(s store.Session) (store.Session, error) { s.PasswordChangeOwed = false; return s, nil })
		must(err)
		if err := store.Verify(ctx, from, to); err == nil || !strings.Contains(err.Error(), "sessions") {
			t.Fatalf("Verify = %v; want the sessions to differ", err)
		}
		_, err = to.UpdateSession(ctx, "s1", func(s store.Session) (store.Session, error) { s.PasswordChangeOwed = true; return s, nil })
		must(err)
		must(store.Verify(ctx, from, to))
	})
	t.Run("OpenIDRecordsArrive", func(t *testing.T) {
		p, err := to.GetIdentityProviderByDomain(ctx, "acme.org")
		must(err)
		if p.ID != "p1" {
			t.Errorf("acme.org is served by %q in the copy, want p1", p.ID)
		}
		if _, err := to.GetAuthRequest(ctx, "r1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetAuthRequest in the copy = %v; want ErrNotFound", err)
		}
		setRefresh := func(hash string) {
			t.Helper()
			_, err := to.UpdateGrant(ctx, "g1", func(g store.Grant) (store.Grant, error) { g.RefreshHash = hash; return g, nil })
			must(err)
		}
		setRefresh("r1")
		if err := store.Verify(ctx, from, to); err == nil || !strings.Contains(err.Error(), "grants") {
			t.Fatalf("Verify = %v; want the grants to differ", err)
		}
		setRefresh("r0")
		must(store.Verify(ctx, from, to))
	})
	t.Run("VerifyNoticesADifference", func(t *testing.T) {
		must(to.CreateAccount(ctx, store.Account{ID: "a2", Email: "extra@example.com"}))
		if err := store.Verify(ctx, from, to); err == nil {
			t.Fatal("Verify missed an extra account")
		}
	})
}
