package storetest

import (
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// MustCreateAccount creates a in s or fails tb.
func MustCreateAccount(tb testing.TB, s store.Store, a store.Account) {
	tb.Helper()
	if err := s.CreateAccount(tb.Context(), a); err != nil {
		tb.Fatalf("CreateAccount(%q): %v", a.ID, err)
	}
}

// MustGetAccount returns the account with id or fails tb.
func MustGetAccount(tb testing.TB, s store.Store, id string) store.Account {
	tb.Helper()
	a, err := s.GetAccount(tb.Context(), id)
	if err != nil {
		tb.Fatalf("GetAccount(%q): %v", id, err)
	}
	return a
}

// MustCreateSession creates sess in s or fails tb.
func MustCreateSession(tb testing.TB, s store.Store, sess store.Session) {
	tb.Helper()
	if err := s.CreateSession(tb.Context(), sess); err != nil {
		tb.Fatalf("CreateSession(%q): %v", sess.ID, err)
	}
}

// MustGetSession returns the session with id or fails tb.
func MustGetSession(tb testing.TB, s store.Store, id string) store.Session {
	tb.Helper()
	sess, err := s.GetSession(tb.Context(), id)
	if err != nil {
		tb.Fatalf("GetSession(%q): %v", id, err)
	}
	return sess
}

// MustListSessions returns the account's sessions or fails tb.
func MustListSessions(tb testing.TB, s store.Store, accountID string) []store.Session {
	tb.Helper()
	list, err := s.ListSessions(tb.Context(), accountID)
	if err != nil {
		tb.Fatalf("ListSessions(%q): %v", accountID, err)
	}
	return list
}

// MustGetFailures returns the counter for key or fails tb.
func MustGetFailures(tb testing.TB, s store.Store, key string) store.Failures {
	tb.Helper()
	f, err := s.GetFailures(tb.Context(), key)
	if err != nil {
		tb.Fatalf("GetFailures(%q): %v", key, err)
	}
	return f
}

// MustUpdateFailures sets the counter for f.Key to f or fails tb.
func MustUpdateFailures(tb testing.TB, s store.Store, f store.Failures) {
	tb.Helper()
	if _, err := s.UpdateFailures(tb.Context(), f.Key, setFailures(f)); err != nil {
		tb.Fatalf("UpdateFailures(%q): %v", f.Key, err)
	}
}

// MustCreateToken creates tok in s or fails tb.
func MustCreateToken(tb testing.TB, s store.Store, tok store.Token) {
	tb.Helper()
	if err := s.CreateToken(tb.Context(), tok); err != nil {
		tb.Fatalf("CreateToken(%q): %v", tok.Hash, err)
	}
}

// MustConsumeToken consumes the token with kind and hash at now or fails tb.
func MustConsumeToken(tb testing.TB, s store.Store, kind, hash string, now time.Time) store.Token {
	tb.Helper()
	tok, err := s.ConsumeToken(tb.Context(), kind, hash, now)
	if err != nil {
		tb.Fatalf("ConsumeToken(%q, %q): %v", kind, hash, err)
	}
	return tok
}

// MustAppendAudit appends e to s or fails tb.
func MustAppendAudit(tb testing.TB, s store.Store, e store.AuditEvent) {
	tb.Helper()
	if err := s.AppendAudit(tb.Context(), e); err != nil {
		tb.Fatalf("AppendAudit(%q): %v", e.ID, err)
	}
}

// MustListAudit returns the account's newest events, at most limit, or fails tb.
func MustListAudit(tb testing.TB, s store.Store, accountID string, limit int) []store.AuditEvent {
	tb.Helper()
	list, err := s.ListAudit(tb.Context(), accountID, limit)
	if err != nil {
		tb.Fatalf("ListAudit(%q, %d): %v", accountID, limit, err)
	}
	return list
}

// MustSecret returns the named secret, generating it with gen, or fails tb.
func MustSecret(tb testing.TB, s store.Store, name string, gen func() ([]byte, error)) []byte {
	tb.Helper()
	b, err := s.Secret(tb.Context(), name, gen)
	if err != nil {
		tb.Fatalf("Secret(%q): %v", name, err)
	}
	return b
}

// MustCreateOrg creates o in s or fails tb.
func MustCreateOrg(tb testing.TB, s store.Store, o store.Org) {
	tb.Helper()
	if err := s.CreateOrg(tb.Context(), o); err != nil {
		tb.Fatalf("CreateOrg(%q): %v", o.ID, err)
	}
}

// MustEnqueueMessage enqueues m in s or fails tb.
func MustEnqueueMessage(tb testing.TB, s store.Store, m store.Message) {
	tb.Helper()
	if err := s.EnqueueMessage(tb.Context(), m); err != nil {
		tb.Fatalf("EnqueueMessage(%q): %v", m.ID, err)
	}
}

// MustGetMessage returns the message with id or fails tb.
func MustGetMessage(tb testing.TB, s store.Store, id string) store.Message {
	tb.Helper()
	m, err := s.GetMessage(tb.Context(), id)
	if err != nil {
		tb.Fatalf("GetMessage(%q): %v", id, err)
	}
	return m
}

// MustClaimMessage claims a due message for owner at now until leaseUntil
// or fails tb.
func MustClaimMessage(tb testing.TB, s store.Store, owner string, now, leaseUntil time.Time) store.Message {
	tb.Helper()
	m, err := s.ClaimMessage(tb.Context(), owner, now, leaseUntil)
	if err != nil {
		tb.Fatalf("ClaimMessage(%q, %v): %v", owner, now, err)
	}
	return m
}

// MustListMessages returns the newest messages, at most limit, or fails tb.
func MustListMessages(tb testing.TB, s store.Store, limit int) []store.Message {
	tb.Helper()
	list, err := s.ListMessages(tb.Context(), limit)
	if err != nil {
		tb.Fatalf("ListMessages(%d): %v", limit, err)
	}
	return list
}

// MustListDevices returns the account's devices or fails tb.
func MustListDevices(tb testing.TB, s store.Store, accountID string) []store.Device {
	tb.Helper()
	list, err := s.ListDevices(tb.Context(), accountID)
	if err != nil {
		tb.Fatalf("ListDevices(%q): %v", accountID, err)
	}
	return list
}

// MustCreateFactor creates f in s or fails tb.
func MustCreateFactor(tb testing.TB, s store.Store, f store.Factor) {
	tb.Helper()
	if err := s.CreateFactor(tb.Context(), f); err != nil {
		tb.Fatalf("CreateFactor(%q, %q): %v", f.AccountID, f.ID, err)
	}
}

// MustListFactors returns the account's factors or fails tb.
func MustListFactors(tb testing.TB, s store.Store, accountID string) []store.Factor {
	tb.Helper()
	list, err := s.ListFactors(tb.Context(), accountID)
	if err != nil {
		tb.Fatalf("ListFactors(%q): %v", accountID, err)
	}
	return list
}

// MustCreateClient creates c in s or fails tb.
func MustCreateClient(tb testing.TB, s store.Store, c store.Client) {
	tb.Helper()
	if err := s.CreateClient(tb.Context(), c); err != nil {
		tb.Fatalf("CreateClient(%q): %v", c.ID, err)
	}
}

// MustListClients returns every client or fails tb.
func MustListClients(tb testing.TB, s store.Store) []store.Client {
	tb.Helper()
	list, err := s.ListClients(tb.Context())
	if err != nil {
		tb.Fatalf("ListClients: %v", err)
	}
	return list
}

// MustCreateAuthRequest creates r in s or fails tb.
func MustCreateAuthRequest(tb testing.TB, s store.Store, r store.AuthRequest) {
	tb.Helper()
	if err := s.CreateAuthRequest(tb.Context(), r); err != nil {
		tb.Fatalf("CreateAuthRequest(%q): %v", r.ID, err)
	}
}

// MustCreateGrant creates g in s or fails tb.
func MustCreateGrant(tb testing.TB, s store.Store, g store.Grant) {
	tb.Helper()
	if err := s.CreateGrant(tb.Context(), g); err != nil {
		tb.Fatalf("CreateGrant(%q): %v", g.ID, err)
	}
}

// MustListGrants returns the account's grants or fails tb.
func MustListGrants(tb testing.TB, s store.Store, accountID string) []store.Grant {
	tb.Helper()
	list, err := s.ListGrants(tb.Context(), accountID)
	if err != nil {
		tb.Fatalf("ListGrants(%q): %v", accountID, err)
	}
	return list
}

// MustListSigningKeys returns every signing key or fails tb.
func MustListSigningKeys(tb testing.TB, s store.Store) []store.SigningKey {
	tb.Helper()
	list, err := s.ListSigningKeys(tb.Context())
	if err != nil {
		tb.Fatalf("ListSigningKeys: %v", err)
	}
	return list
}

// MustListConsents returns the account's consents or fails tb.
func MustListConsents(tb testing.TB, s store.Store, accountID string) []store.Consent {
	tb.Helper()
	list, err := s.ListConsents(tb.Context(), accountID)
	if err != nil {
		tb.Fatalf("ListConsents(%q): %v", accountID, err)
	}
	return list
}

// MustPutIdentityProvider puts p in s or fails tb.
func MustPutIdentityProvider(tb testing.TB, s store.Store, p store.IdentityProvider) {
	tb.Helper()
	if err := s.PutIdentityProvider(tb.Context(), p); err != nil {
		tb.Fatalf("PutIdentityProvider(%q): %v", p.ID, err)
	}
}

// MustListIdentityProviders returns the organization's providers or fails tb.
func MustListIdentityProviders(tb testing.TB, s store.Store, orgID string) []store.IdentityProvider {
	tb.Helper()
	list, err := s.ListIdentityProviders(tb.Context(), orgID)
	if err != nil {
		tb.Fatalf("ListIdentityProviders(%q): %v", orgID, err)
	}
	return list
}

// MustListExternalIdentities returns the account's links or fails tb.
func MustListExternalIdentities(tb testing.TB, s store.Store, accountID string) []store.ExternalIdentity {
	tb.Helper()
	list, err := s.ListExternalIdentities(tb.Context(), accountID)
	if err != nil {
		tb.Fatalf("ListExternalIdentities(%q): %v", accountID, err)
	}
	return list
}
