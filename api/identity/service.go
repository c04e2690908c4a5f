// Package identity is Porta's domain: accounts, passwords, sign-in,
// sessions, abuse limits and the audit log. It knows no HTTP and no SQL:
// it works on the store.Store interface, and time and randomness are
// injected so tests control them.
package identity

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/porta-id/porta/api/limit"
	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/policy"
	"github.com/porta-id/porta/api/store"
)

// Config configures a Service. Zero values take the defaults below.
type Config struct {
	Store  store.Store
	Now    func() time.Time
	Rand   io.Reader
	Logger *slog.Logger

	Argon2 Argon2Params
	// HashConcurrency bounds simultaneous argon2id calls (default: cores).
	HashConcurrency int
	Policy          policy.Policy

	// SessionIdle ends a session that was not used for this long.
	SessionIdle time.Duration
	// SessionMax ends a session this long after sign-in, used or not.
	SessionMax time.Duration

	Limits Limits

	// BaseURL is the address people use, like https://id.example.com;
	// emailed links start with it.
	BaseURL string
	// Email and SMS deliver messages; nil keeps them in the outbox.
	Email    notify.EmailSender
	SMS      notify.SMSSender
	Delivery notify.Delivery

	// SecretsKey seals TOTP keys at rest (SecretsKeySize bytes). It must
	// live outside the database; without it a random key is made, which
	// is only good for tests.
	SecretsKey []byte
	// MFARequiredFrom makes two-step verification mandatory for everyone
	// from this moment; before it, people see a reminder.
	MFARequiredFrom time.Time
	// RememberDevice is how long "remember this device" skips the second step.
	RememberDevice time.Duration
	// ResetTTL is how long an emailed password-reset link works.
	ResetTTL time.Duration
	// AuditRetention is how long audit events are kept (default 400 days).
	AuditRetention time.Duration
	// LinkPostpone is how long "Not right now" hides a product's banner
	// (default DefaultLinkPostpone).
	LinkPostpone time.Duration
}

// Limits are the abuse limits.
type Limits struct {
	// FreeFailures is how many consecutive failures an email gets before
	// each further attempt must wait (the wait doubles from 1 s).
	FreeFailures int
	// MaxDelay caps that wait.
	MaxDelay time.Duration
	// MaxFailures locks the email after this many consecutive failures.
	MaxFailures int
	// LockDuration is how long a lock lasts; it ends by itself.
	LockDuration time.Duration
	// MaxSecondStepFailures locks an account's second step after this
	// many consecutive wrong codes (of every method together) until the
	// owner resets the password by email. A correct password does not
	// reset this count; only a passed second step does.
	MaxSecondStepFailures int
	// ForgetFailures drops a counter that saw no attempt for this long.
	ForgetFailures time.Duration
	// HashesPerAddress caps the password checks one client address may
	// have running or queued at once, so a few addresses cannot fill the
	// hashing queue.
	HashesPerAddress int
	// IPFailuresPerMinute and IPFailureBurst shape the per-IP bucket that
	// failed attempts draw from.
	IPFailuresPerMinute float64
	IPFailureBurst      int
	// IPSendsPerMinute and IPSendBurst shape the per-IP bucket of calls
	// that send email or text messages.
	IPSendsPerMinute float64
	IPSendBurst      int
	// IPChallengesPerMinute and IPChallengeBurst shape the per-IP bucket of
	// passkey sign-ins started: each keeps a challenge for a few minutes,
	// and the sign-in page starts one on every visit.
	IPChallengesPerMinute float64
	IPChallengeBurst      int
	// SendsPerAddress caps the emails of one kind to one address per hour;
	// extra requests are answered the same but send nothing.
	SendsPerAddress int
}

// DefaultLimits are the limits used when Config.Limits is zero.
var DefaultLimits = Limits{
	FreeFailures:          5,
	MaxDelay:              15 * time.Minute,
	MaxFailures:           100,
	LockDuration:          time.Hour,
	MaxSecondStepFailures: 100,
	ForgetFailures:        24 * time.Hour,
	HashesPerAddress:      2,
	IPFailuresPerMinute:   10,
	IPFailureBurst:        30,
	IPSendsPerMinute:      2,
	IPSendBurst:           10,
	IPChallengesPerMinute: 20,
	IPChallengeBurst:      60,
	SendsPerAddress:       3,
}

// withDefaults fills every zero limit from DefaultLimits, so a caller can
// set one figure and keep the rest.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	orDefault(&l.FreeFailures, d.FreeFailures)
	orDefault(&l.MaxDelay, d.MaxDelay)
	orDefault(&l.MaxFailures, d.MaxFailures)
	orDefault(&l.LockDuration, d.LockDuration)
	orDefault(&l.MaxSecondStepFailures, d.MaxSecondStepFailures)
	orDefault(&l.ForgetFailures, d.ForgetFailures)
	orDefault(&l.HashesPerAddress, d.HashesPerAddress)
	orDefault(&l.IPFailuresPerMinute, d.IPFailuresPerMinute)
	orDefault(&l.IPFailureBurst, d.IPFailureBurst)
	orDefault(&l.IPSendsPerMinute, d.IPSendsPerMinute)
	orDefault(&l.IPSendBurst, d.IPSendBurst)
	orDefault(&l.IPChallengesPerMinute, d.IPChallengesPerMinute)
	orDefault(&l.IPChallengeBurst, d.IPChallengeBurst)
	orDefault(&l.SendsPerAddress, d.SendsPerAddress)
	return l
}

func orDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// The defaults of the policy values people see; cmd/porta's flags start
// from these, and screens and emails show the value in force.
const (
	DefaultSessionIdle    = 24 * time.Hour
	DefaultSessionMax     = 14 * 24 * time.Hour
	DefaultRememberDevice = 30 * 24 * time.Hour
	DefaultResetTTL       = time.Hour
)

// SessionMax is how long a session lasts after sign-in, used or not.
func (s *Service) SessionMax() time.Duration { return s.max }

// DefaultAuditRetention is how long audit events are kept by default.
const DefaultAuditRetention = 400 * 24 * time.Hour

// Service is the identity domain.
type Service struct {
	store   store.Store
	now     func() time.Time
	rand    io.Reader
	log     *slog.Logger
	hasher  *Hasher
	policy  policy.Policy
	idle    time.Duration
	max     time.Duration
	limits  Limits
	limiter *limit.Limiter

	baseURL string
	// queue holds emails, text messages and the jobs below until delivered.
	queue *notify.Queue

	box *secretBox
	// rp is Porta as a WebAuthn relying party, for passkeys.
	rp          *webauthn.WebAuthn
	mfaFrom     time.Time
	rememberFor time.Duration
	resetTTL    time.Duration
	// linkPostpone is how long "Not right now" hides the banner.
	linkPostpone time.Duration
	// auditRetention is how long Sweep keeps audit events.
	auditRetention time.Duration
	// dummyHash is verified for unknown emails so they cost what known ones do.
	dummyHash string
}

// Jobs are work identity queues for later, so that the answer to a
// request costs the same whatever the work.
const (
	jobResetLink = "job:reset"
	jobFindOrgs  = "job:find"
)

// New returns a Service.
func New(ctx context.Context, c Config) (*Service, error) {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Rand == nil {
		c.Rand = rand.Reader
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Argon2 == (Argon2Params{}) {
		c.Argon2 = DefaultArgon2
	}
	if c.HashConcurrency == 0 {
		c.HashConcurrency = runtime.NumCPU()
	}
	if c.Policy.Name == "" {
		c.Policy = policy.Porta()
	}
	orDefault(&c.SessionIdle, DefaultSessionIdle)
	orDefault(&c.SessionMax, DefaultSessionMax)
	orDefault(&c.RememberDevice, DefaultRememberDevice)
	orDefault(&c.ResetTTL, DefaultResetTTL)
	orDefault(&c.LinkPostpone, DefaultLinkPostpone)
	c.Limits = c.Limits.withDefaults()
	if c.BaseURL == "" {
		c.BaseURL = "http://localhost:8080"
	}
	s := &Service{
		store:   c.Store,
		now:     c.Now,
		rand:    c.Rand,
		log:     c.Logger,
		hasher:  NewHasher(c.Argon2, c.HashConcurrency, c.Limits.HashesPerAddress, c.Rand),
		policy:  c.Policy,
		idle:    c.SessionIdle,
		max:     c.SessionMax,
		limits:  c.Limits,
		limiter: limit.New(c.Store),

		baseURL: strings.TrimRight(c.BaseURL, "/"),
	}
	var err error
	s.queue, err = notify.NewQueue(notify.QueueConfig{
		Store: c.Store, Email: c.Email, SMS: c.SMS, Delivery: c.Delivery,
		Jobs: map[string]notify.Job{jobResetLink: s.runResetJob, jobFindOrgs: s.runFindJob},
		Now:  c.Now, NewID: s.newID, Logger: c.Logger,
	})
	if err != nil {
		return nil, err
	}
	if c.SecretsKey == nil {
		if c.SecretsKey, err = s.randomBytes(SecretsKeySize); err != nil {
			return nil, err
		}
	}
	if s.box, err = newSecretBox(c.SecretsKey, c.Rand); err != nil {
		return nil, err
	}
	if s.rp, err = newRelyingParty(s.baseURL); err != nil {
		return nil, err
	} else if s.rp == nil {
		s.log.Warn("passkeys are off: the public address is an IP address, and WebAuthn needs a domain name", "url", s.baseURL)
	}
	s.mfaFrom, s.rememberFor, s.resetTTL = c.MFARequiredFrom, c.RememberDevice, c.ResetTTL
	s.linkPostpone = c.LinkPostpone

	s.auditRetention = c.AuditRetention
	if s.auditRetention == 0 {
		s.auditRetention = DefaultAuditRetention
	}
	pw, err := s.newSecret()
	if err != nil {
		return nil, err
	}
	if s.dummyHash, err = s.hasher.Hash(ctx, pw); err != nil {
		return nil, err
	}
	return s, nil
}

// Messages returns the queue of emails, text messages and jobs, for the
// worker that delivers them and the outbox.
func (s *Service) Messages() *notify.Queue { return s.queue }

// Policy returns the password policy in force.
func (s *Service) Policy() policy.Policy { return s.policy }

// Meta describes the request behind an operation, for sessions and audit.
type Meta struct {
	IP        string
	UserAgent string
	// DeviceID identifies the browser (the hash of its device cookie).
	DeviceID string
}
