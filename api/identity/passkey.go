package identity

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// passkeyChallengeTTL is how long a passkey ceremony may take, from the
// options the browser gets to the answer it sends back.
const passkeyChallengeTTL = 5 * time.Minute

// Token kinds of the passkey ceremonies under way: the challenge, kept
// once and used once.
const (
	tokenPasskeyAdd    = "passkey_add"
	tokenPasskeySignIn = "passkey_signin"
	tokenPasskeyStep   = "passkey_step"
)

// AuditPasskeyCloned is a passkey whose signature counter went back: a
// copy of the key is in use, and the sign-in was refused.
const AuditPasskeyCloned = "passkey_cloned"

// maxPasskeyName bounds the name a person gives a passkey.
const maxPasskeyName = api.MaxPasskeyName

// PasskeyCeremony is what the browser needs for one passkey ceremony:
// Options for navigator.credentials.create or get (the publicKey member,
// as WebAuthn's JSON), and Ceremony, the one-time secret that names the
// challenge when the answer comes back.
type PasskeyCeremony struct {
	Options  json.RawMessage
	Ceremony string
}

// ceremony is what a passkey challenge token holds: the library's session
// data, and the Porta session the ceremony belongs to ("" for a sign-in,
// which the caller binds to the browser by keeping Ceremony in a cookie).
type ceremony struct {
	Session   webauthn.SessionData `json:"session"`
	SessionID string               `json:"sessionId,omitempty"`
}

// newRelyingParty is Porta as a WebAuthn relying party: its ID is the host
// of the public address (localhost in development), its one origin that
// address.
// WebAuthn takes no IP address for a relying party: Porta at one has no
// passkeys (rp is nil), and says so when asked for them.
func newRelyingParty(baseURL string) (*webauthn.WebAuthn, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("passkeys: the public address %q has no host", baseURL)
	}
	if net.ParseIP(u.Hostname()) != nil {
		return nil, nil
	}
	// The browser gives up when the challenge does; the challenge's expiry
	// is Porta's own (on its clock), not the library's.
	ttl := webauthn.TimeoutConfig{Timeout: passkeyChallengeTTL, TimeoutUVD: passkeyChallengeTTL}
	return webauthn.New(&webauthn.Config{
		RPID:          u.Hostname(),
		RPDisplayName: "Porta",
		RPOrigins:     []string{u.Scheme + "://" + u.Host},
		Timeouts:      webauthn.TimeoutsConfig{Login: ttl, Registration: ttl},
	})
}

// passkeyUser is an account as WebAuthn sees it. Its user handle is the
// account ID: random, and no personal data.
type passkeyUser struct {
	acct    store.Account
	factors []store.Factor
}

func (u passkeyUser) WebAuthnID() []byte   { return []byte(u.acct.ID) }
func (u passkeyUser) WebAuthnName() string { return u.acct.Email }
func (u passkeyUser) WebAuthnDisplayName() string {
	if u.acct.Name != "" {
		return u.acct.Name
	}
	return u.acct.Email
}

func (u passkeyUser) WebAuthnCredentials() []webauthn.Credential {
	var out []webauthn.Credential
	for _, f := range u.factors {
		if f.Kind == store.FactorPasskey && f.Passkey != nil && !f.Pending {
			out = append(out, credentialOf(*f.Passkey))
		}
	}
	return out
}

// credentialOf is a stored passkey as the library reads it.
func credentialOf(p store.Passkey) webauthn.Credential {
	transports := make([]protocol.AuthenticatorTransport, 0, len(p.Transports))
	for _, t := range p.Transports {
		transports = append(transports, protocol.AuthenticatorTransport(t))
	}
	return webauthn.Credential{
		ID: p.CredentialID, PublicKey: p.PublicKey, AttestationType: p.AttestationType, Transport: transports,
		Flags:         webauthn.CredentialFlags{UserPresent: true, UserVerified: p.UserVerified, BackupEligible: p.BackupEligible, BackupState: p.BackupState},
		Authenticator: webauthn.Authenticator{AAGUID: p.AAGUID, SignCount: p.SignCount},
	}
}

// BeginAddPasskey starts adding a passkey to the signed-in account, with
// the rules of every two-step method change (the password again unless
// the sign-in is recent). The ceremony is bound to auth's session.
// Errors: those of canChangeFactors.
func (s *Service) BeginAddPasskey(ctx context.Context, auth Auth, password string, m Meta) (PasskeyCeremony, error) {
	if s.rp == nil {
		return PasskeyCeremony{}, errNoPasskeys()
	}
	if err := s.canChangeFactors(ctx, auth, password, m); err != nil {
		return PasskeyCeremony{}, err
	}
	factors, err := s.confirmedFactors(ctx, auth.Account.ID)
	if err != nil {
		return PasskeyCeremony{}, err
	}
	user := passkeyUser{acct: auth.Account, factors: factors}
	var exclude []protocol.CredentialDescriptor
	for _, c := range user.WebAuthnCredentials() {
		exclude = append(exclude, c.Descriptor())
	}
	creation, session, err := s.rp.BeginRegistration(user,
		// A passkey lives on the authenticator (discoverable), so it signs in
		// with nothing typed; a security key that cannot keep one still
		// serves as a second step after the password.
		webauthn.WithAuthenticatorSelection(protocol.AuthenticatorSelection{
			ResidentKey: protocol.ResidentKeyRequirementPreferred, RequireResidentKey: protocol.ResidentKeyNotRequired(),
			UserVerification: protocol.VerificationPreferred,
		}),
		webauthn.WithExclusions(exclude),
		webauthn.WithConveyancePreference(protocol.PreferNoAttestation))
	if err != nil {
		return PasskeyCeremony{}, fmt.Errorf("add passkey: %w", err)
	}
	return s.startCeremony(ctx, tokenPasskeyAdd, auth.Account.ID, ceremony{Session: *session, SessionID: auth.Session.ID}, creation.Response)
}

// FinishAddPasskey checks the browser's answer to BeginAddPasskey and
// keeps the passkey under name (the platform's name when empty). The
// ceremony works once, for the session that began it. Errors:
// api.CodeInvalidRequest (a name too long), api.CodePasskeyFailed (no
// such ceremony, another session's, expired, or an answer that does not
// check out).
func (s *Service) FinishAddPasskey(ctx context.Context, auth Auth, secret, name string, answer []byte, m Meta) (store.Factor, error) {
	name = strings.TrimSpace(name)
	if len([]rune(name)) > maxPasskeyName {
		return store.Factor{}, Errorf(api.CodeInvalidRequest, "Give the passkey a name of at most %d characters.", maxPasskeyName)
	}
	c, err := s.takeCeremony(ctx, tokenPasskeyAdd, secret)
	if err != nil {
		return store.Factor{}, err
	}
	if c.SessionID != auth.Session.ID || !bytes.Equal(c.Session.UserID, []byte(auth.Account.ID)) {
		return store.Factor{}, errPasskeyFailed()
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(answer)
	if err != nil {
		return store.Factor{}, errPasskeyFailed()
	}
	factors, err := s.confirmedFactors(ctx, auth.Account.ID)
	if err != nil {
		return store.Factor{}, err
	}
	cred, err := s.rp.CreateCredential(passkeyUser{acct: auth.Account, factors: factors}, c.Session, parsed)
	if err != nil {
		s.log.Info("passkey not added", "account", auth.Account.ID, "err", err)
		return store.Factor{}, errPasskeyFailed()
	}
	if name == "" {
		name = platformName(m.UserAgent)
	}
	p := store.Passkey{
		Name: name, CredentialID: cred.ID, PublicKey: cred.PublicKey, AttestationType: cred.AttestationType,
		AAGUID: cred.Authenticator.AAGUID, SignCount: cred.Authenticator.SignCount,
		UserVerified: cred.Flags.UserVerified, BackupEligible: cred.Flags.BackupEligible, BackupState: cred.Flags.BackupState,
	}
	for _, t := range cred.Transport {
		p.Transports = append(p.Transports, string(t))
	}
	f, err := s.factorWithID(store.Factor{AccountID: auth.Account.ID, Kind: store.FactorPasskey, Passkey: &p})
	if err != nil {
		return store.Factor{}, err
	}
	_, err = s.store.UpdateFactors(ctx, auth.Account.ID, func(all []store.Factor) ([]store.Factor, error) {
		if slices.ContainsFunc(all, func(old store.Factor) bool {
			return old.Passkey != nil && bytes.Equal(old.Passkey.CredentialID, p.CredentialID)
		}) {
			return nil, Errorf(api.CodeConflict, "This passkey is already on your account.")
		}
		return append(all, f), nil
	})
	if err != nil {
		return store.Factor{}, fmt.Errorf("add passkey: %w", err)
	}
	s.audit(ctx, AuditFactorChanged, auth.Account.ID, auth.Account.Email, m, "passkey added: "+name)
	s.twoStepNotice(ctx, auth.Account, "passkey-added", m)
	return f, nil
}

// RenamePasskey gives one of the account's passkeys a new name; a name
// says nothing about security, so no password is asked. Errors:
// api.CodeInvalidRequest (empty or too long), api.CodeNotFound.
func (s *Service) RenamePasskey(ctx context.Context, auth Auth, id, name string, m Meta) (store.Factor, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > maxPasskeyName {
		return store.Factor{}, Errorf(api.CodeInvalidRequest, "Give the passkey a name of 1 to %d characters.", maxPasskeyName)
	}
	var renamed store.Factor
	_, err := s.store.UpdateFactors(ctx, auth.Account.ID, func(all []store.Factor) ([]store.Factor, error) {
		i := slices.IndexFunc(all, func(f store.Factor) bool { return f.ID == id && f.Passkey != nil })
		if i < 0 {
			return nil, Errorf(api.CodeNotFound, "That passkey is gone.")
		}
		p := *all[i].Passkey
		p.Name = name
		all[i].Passkey = &p
		renamed = all[i]
		return all, nil
	})
	if err != nil {
		return store.Factor{}, fmt.Errorf("rename passkey: %w", err)
	}
	s.audit(ctx, AuditFactorChanged, auth.Account.ID, auth.Account.Email, m, "passkey renamed: "+name)
	return renamed, nil
}

// BeginPasskeySignIn starts a sign-in with a passkey and nothing typed:
// any passkey of this site may answer (a discoverable credential). The
// caller keeps Ceremony where only this browser sends it back. Each keeps
// a challenge, so a client address may start only so many. Errors:
// api.CodeForbidden (passkeys off), api.CodeTooManyAttempts.
func (s *Service) BeginPasskeySignIn(ctx context.Context, m Meta) (PasskeyCeremony, error) {
	if s.rp == nil {
		return PasskeyCeremony{}, errNoPasskeys()
	}
	if err := s.limiter.Take(ctx, ipChallengeKey(m.IP), s.limits.ipChallenges(), s.now()); err != nil {
		return PasskeyCeremony{}, refusal(err)
	}
	assertion, session, err := s.rp.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationPreferred))
	if err != nil {
		return PasskeyCeremony{}, fmt.Errorf("passkey sign-in: %w", err)
	}
	return s.startCeremony(ctx, tokenPasskeySignIn, "", ceremony{Session: *session}, assertion.Response)
}

// SignInPasskey checks the browser's answer to BeginPasskeySignIn. A
// passkey that verified the person (biometrics, PIN) is a whole sign-in:
// amr hwk or swk, user and mfa; the sign-in then goes on as any other
// (a new password if owed, the setup wizard if required). One that did
// not verify the person cannot sign in alone. Every failure answers the
// same, whether or not the passkey is known, and counts toward the
// account's limit of failed second steps when the account is known.
// Errors: api.CodePasskeyFailed, api.CodeTooManyAttempts.
func (s *Service) SignInPasskey(ctx context.Context, secret string, answer []byte, m Meta) (SignInResult, error) {
	c, err := s.takeCeremony(ctx, tokenPasskeySignIn, secret)
	if err != nil {
		return SignInResult{}, err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(answer)
	if err != nil {
		return SignInResult{}, errPasskeyFailed()
	}
	acct, err := s.store.GetAccount(ctx, string(parsed.Response.UserHandle))
	if errors.Is(err, store.ErrNotFound) {
		return SignInResult{}, errPasskeyFailed()
	} else if err != nil {
		return SignInResult{}, fmt.Errorf("passkey sign-in: %w", err)
	}
	used, err := s.checkPasskey(ctx, acct, c, parsed, true, m)
	if err != nil {
		return SignInResult{}, err
	}
	s.audit(ctx, AuditSignIn, acct.ID, acct.Email, m, "passkey")
	return s.advance(ctx, acct, store.Session{AMR: []string{passkeyAMR(used.Flags.BackupEligible), "user", "mfa"}}, false, m)
}

// BeginPasskeyStep starts a second step with a passkey for the sign-in of
// token, which has passed its password: any of the account's passkeys
// may answer, a security key that does not verify the person too. The
// ceremony is bound to that sign-in. Errors: api.CodeUnauthenticated,
// api.CodeNotFound (no passkey), api.CodeForbidden (passkeys off).
func (s *Service) BeginPasskeyStep(ctx context.Context, token string) (PasskeyCeremony, error) {
	if s.rp == nil {
		return PasskeyCeremony{}, errNoPasskeys()
	}
	sess, acct, err := s.sessionAt(ctx, token, StageSecondFactor)
	if err != nil {
		return PasskeyCeremony{}, err
	}
	factors, err := s.confirmedFactors(ctx, acct.ID)
	if err != nil {
		return PasskeyCeremony{}, err
	}
	user := passkeyUser{acct: acct, factors: factors}
	if len(user.WebAuthnCredentials()) == 0 {
		return PasskeyCeremony{}, Errorf(api.CodeNotFound, "Your account has no passkey.")
	}
	assertion, session, err := s.rp.BeginLogin(user, webauthn.WithUserVerification(protocol.VerificationPreferred))
	if err != nil {
		return PasskeyCeremony{}, fmt.Errorf("passkey step: %w", err)
	}
	return s.startCeremony(ctx, tokenPasskeyStep, acct.ID, ceremony{Session: *session, SessionID: sess.ID}, assertion.Response)
}

// PasskeyStep is what a person sends for a second step with a passkey:
// the ceremony BeginPasskeyStep gave, and the browser's answer.
type PasskeyStep struct {
	Ceremony       string
	Answer         []byte
	RememberDevice bool
}

// SignInPasskeyStep checks the answer to BeginPasskeyStep: the second
// step, amr hwk or swk (and user when the passkey verified the person)
// with mfa. Failures count as failed second steps. Errors:
// api.CodeUnauthenticated, api.CodePasskeyFailed, api.CodeTooManyAttempts.
func (s *Service) SignInPasskeyStep(ctx context.Context, token string, in PasskeyStep, m Meta) (SignInResult, error) {
	sess, acct, err := s.sessionAt(ctx, token, StageSecondFactor)
	if err != nil {
		return SignInResult{}, err
	}
	c, err := s.takeCeremony(ctx, tokenPasskeyStep, in.Ceremony)
	if err != nil {
		return SignInResult{}, err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(in.Answer)
	if err != nil || c.SessionID != sess.ID {
		return SignInResult{}, errPasskeyFailed()
	}
	used, err := s.checkPasskey(ctx, acct, c, parsed, false, m)
	if err != nil {
		return SignInResult{}, err
	}
	amr := []string{passkeyAMR(used.Flags.BackupEligible)}
	if parsed.Response.AuthenticatorData.Flags.HasUserVerified() {
		amr = append(amr, "user")
	}
	return s.passedStep(ctx, sess, acct, in.RememberDevice, append(amr, "mfa"), m)
}

// checkPasskey checks a passkey's answer to ceremony c for acct, under
// the account's limit of failed second steps, and keeps the passkey's new
// counter. A passkey that signs in alone (with nothing typed) is found by
// its answer, and must have verified the person.
// Errors: api.CodePasskeyFailed, api.CodeTooManyAttempts.
func (s *Service) checkPasskey(ctx context.Context, acct store.Account, c ceremony, parsed *protocol.ParsedCredentialAssertionData, alone bool, m Meta) (*webauthn.Credential, error) {
	factors, err := s.confirmedFactors(ctx, acct.ID)
	if err != nil {
		return nil, err
	}
	var used *webauthn.Credential
	g := guard{key: secondStepKey(acct.ID), rule: s.limits.secondStepRule()}
	ok, att, err := s.attempt(ctx, g, m, func() (bool, error) {
		used = s.verifyPasskey(ctx, passkeyUser{acct: acct, factors: factors}, c, parsed, alone, m)
		return used != nil && (!alone || parsed.Response.AuthenticatorData.Flags.HasUserVerified()), nil
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, s.failedStep(ctx, acct, att, "passkey", errPasskeyFailed(), m)
	}
	return used, s.passkeyUsed(ctx, acct.ID, *used)
}

// verifyPasskey checks a passkey's answer to ceremony c as user's, with
// the user named by the answer (discoverable) or known before: the
// passkey used, or nil when the answer does not check out. A signature
// counter that went back means a copy of the key is in use: it is
// refused and audited.
func (s *Service) verifyPasskey(ctx context.Context, user passkeyUser, c ceremony, parsed *protocol.ParsedCredentialAssertionData, discoverable bool, m Meta) *webauthn.Credential {
	var cred *webauthn.Credential
	var err error
	if discoverable {
		cred, err = s.rp.ValidateDiscoverableLogin(func(_, _ []byte) (webauthn.User, error) { return user, nil }, c.Session, parsed)
	} else {
		cred, err = s.rp.ValidateLogin(user, c.Session, parsed)
	}
	if err != nil {
		s.log.Info("passkey refused", "account", user.acct.ID, "err", err)
		return nil
	}
	if cred.Authenticator.CloneWarning {
		s.audit(ctx, AuditPasskeyCloned, user.acct.ID, user.acct.Email, m, "signature counter went back")
		return nil
	}
	return cred
}

// passkeyAMR is the amr value (RFC 8176) of a passkey: swk for one that
// may be synced between devices, hwk for one bound to a single device.
func passkeyAMR(backupEligible bool) string {
	if backupEligible {
		return "swk"
	}
	return "hwk"
}

// passkeyUsed keeps the counter and backup state a sign-in with cred saw,
// and when.
func (s *Service) passkeyUsed(ctx context.Context, accountID string, cred webauthn.Credential) error {
	now := s.now()
	_, err := s.store.UpdateFactors(ctx, accountID, func(all []store.Factor) ([]store.Factor, error) {
		for i, f := range all {
			if f.Passkey != nil && bytes.Equal(f.Passkey.CredentialID, cred.ID) {
				p := *f.Passkey
				p.SignCount, p.BackupState = cred.Authenticator.SignCount, cred.Flags.BackupState
				all[i].Passkey, all[i].LastUsedAt = &p, now
			}
		}
		return all, nil
	})
	if err != nil {
		return fmt.Errorf("passkey used: %w", err)
	}
	return nil
}

// startCeremony keeps c as a one-time challenge of kind and returns the
// options with the secret that names it.
func (s *Service) startCeremony(ctx context.Context, kind, accountID string, c ceremony, options any) (PasskeyCeremony, error) {
	opts, err := json.Marshal(options)
	if err != nil {
		return PasskeyCeremony{}, fmt.Errorf("passkey options: %w", err)
	}
	data, err := json.Marshal(c)
	if err != nil {
		return PasskeyCeremony{}, fmt.Errorf("passkey ceremony: %w", err)
	}
	secret, err := s.newSecret()
	if err != nil {
		return PasskeyCeremony{}, err
	}
	now := s.now()
	t := store.Token{Hash: hashSecretHex(secret), Kind: kind, AccountID: accountID, Data: string(data), CreatedAt: now, ExpiresAt: now.Add(passkeyChallengeTTL)}
	if err := s.store.CreateToken(ctx, t); err != nil {
		return PasskeyCeremony{}, fmt.Errorf("passkey ceremony: %w", err)
	}
	return PasskeyCeremony{Options: opts, Ceremony: secret}, nil
}

// takeCeremony uses the challenge of kind named by secret, once.
func (s *Service) takeCeremony(ctx context.Context, kind, secret string) (ceremony, error) {
	if secret == "" || len(secret) > 128 {
		return ceremony{}, errPasskeyFailed()
	}
	t, err := s.store.ConsumeToken(ctx, kind, hashSecretHex(secret), s.now())
	if errors.Is(err, store.ErrNotFound) {
		return ceremony{}, errPasskeyFailed()
	} else if err != nil {
		return ceremony{}, fmt.Errorf("passkey ceremony: %w", err)
	}
	var c ceremony
	if err := json.Unmarshal([]byte(t.Data), &c); err != nil {
		return ceremony{}, fmt.Errorf("passkey ceremony: %w", err)
	}
	return c, nil
}

func errNoPasskeys() *Error {
	return Errorf(api.CodeForbidden, "Passkeys need Porta at a domain name, not an IP address; sign in another way.")
}

func errPasskeyFailed() *Error {
	return Errorf(api.CodePasskeyFailed, "That passkey did not work. Try again, or sign in another way.")
}

// platformName names a passkey after the browser and system it was made
// on, as the person would: "Chrome on Linux", "Safari on iPhone".
func platformName(userAgent string) string {
	ua := strings.ToLower(userAgent)
	pick := func(pairs [][2]string) string {
		for _, p := range pairs {
			if strings.Contains(ua, p[0]) {
				return p[1]
			}
		}
		return ""
	}
	system := pick([][2]string{{"iphone", "iPhone"}, {"ipad", "iPad"}, {"android", "Android"}, {"windows", "Windows"},
		{"mac os", "Mac"}, {"cros", "ChromeOS"}, {"linux", "Linux"}})
	browser := pick([][2]string{{"edg/", "Edge"}, {"firefox/", "Firefox"}, {"chrome/", "Chrome"}, {"safari/", "Safari"}})
	switch {
	case browser != "" && system != "":
		return browser + " on " + system
	case system != "":
		return system
	case browser != "":
		return browser
	}
	return "Passkey"
}
