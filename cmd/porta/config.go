package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/oidcop"
	"github.com/porta-id/porta/api/policy"
	"github.com/porta-id/porta/web"
)

// Config is everything `porta serve` can be told.
type Config struct {
	Addr            string
	Data            string
	Store           string
	Dev             bool
	Demo            bool
	PublicURL       string
	TrustProxy      bool
	PasswordPolicy  string
	Argon2          identity.Argon2Params
	SessionIdle     time.Duration
	SessionMax      time.Duration
	SMTP            notify.SMTPConfig
	SMSGatewayURL   string
	SMSGatewayKey   string
	SecretsKeyFile  string
	MFARequiredFrom time.Time
	RememberDevice  time.Duration
	ResetTTL        time.Duration
	// LinkPostpone is how long a product user's "Not right now" hides the banner.
	LinkPostpone   time.Duration
	AuditRetention time.Duration
	Limits         identity.Limits
	// SigningKeyRotation is how often the OpenID Provider's signing keys change.
	SigningKeyRotation time.Duration

	// Set by tests; not flags.
	Now      func() time.Time
	Delivery notify.Delivery
	Web      fs.FS
	Logger   *slog.Logger
}

// DefaultConfig returns the configuration used when nothing is set.
func DefaultConfig() Config {
	return Config{
		Addr:           "127.0.0.1:8080",
		Data:           "./var",
		PasswordPolicy: "porta",
		Argon2:         identity.DefaultArgon2,
		SessionIdle:    identity.DefaultSessionIdle,
		SessionMax:     identity.DefaultSessionMax,
		Web:            web.FS,
	}
}

// parseServeFlags reads flags, with PORTA_* environment variables as
// defaults so a container can be configured either way.
func parseServeFlags(args []string, stderr io.Writer) (Config, error) {
	c := DefaultConfig()
	fs := flag.NewFlagSet("porta serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", env("PORTA_ADDR", c.Addr), "address to listen on (PORTA_ADDR)")
	fs.StringVar(&c.Data, "data", env("PORTA_DATA", c.Data), "data folder: the bbolt store and key files (PORTA_DATA)")
	fs.StringVar(&c.Store, "store", env("PORTA_STORE", ""), "postgres://… to keep data in PostgreSQL (several replicas); default: bbolt in --data (PORTA_STORE)")
	fs.BoolVar(&c.Dev, "dev", envBool("PORTA_DEV"), "development mode: plain-http cookies on localhost, outbox pages (PORTA_DEV)")
	fs.BoolVar(&c.Demo, "demo", envBool("PORTA_DEMO"), "create the demo account if missing and print how to sign in (PORTA_DEMO)")
	fs.StringVar(&c.PublicURL, "public-url", env("PORTA_PUBLIC_URL", ""), "address people use, like https://id.example.com (PORTA_PUBLIC_URL)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", envBool("PORTA_TRUST_PROXY"), "honour X-Forwarded-For/-Proto from a reverse proxy (PORTA_TRUST_PROXY)")
	fs.StringVar(&c.PasswordPolicy, "password-policy", env("PORTA_PASSWORD_POLICY", c.PasswordPolicy), "password rules: porta or nist (PORTA_PASSWORD_POLICY)")
	mem := fs.Uint("argon2-memory", envUint("PORTA_ARGON2_MEMORY", uint(c.Argon2.MemoryKiB)), "argon2id memory in KiB (PORTA_ARGON2_MEMORY)")
	tim := fs.Uint("argon2-time", envUint("PORTA_ARGON2_TIME", uint(c.Argon2.Time)), "argon2id passes (PORTA_ARGON2_TIME)")
	thr := fs.Uint("argon2-threads", envUint("PORTA_ARGON2_THREADS", uint(c.Argon2.Threads)), "argon2id lanes (PORTA_ARGON2_THREADS)")
	fs.DurationVar(&c.SessionIdle, "session-idle", envDuration("PORTA_SESSION_IDLE", c.SessionIdle), "sign out after this long unused (PORTA_SESSION_IDLE)")
	fs.StringVar(&c.SMTP.Host, "smtp-host", env("PORTA_SMTP_HOST", ""), "SMTP server; without it email stays in the outbox (PORTA_SMTP_HOST)")
	smtpPort := fs.Uint("smtp-port", envUint("PORTA_SMTP_PORT", 0), "SMTP port (default 587, 465 for implicit TLS, 25 for none) (PORTA_SMTP_PORT)")
	fs.StringVar(&c.SMTP.TLS, "smtp-tls", env("PORTA_SMTP_TLS", notify.TLSStartTLS), "starttls, implicit or none (PORTA_SMTP_TLS)")
	fs.StringVar(&c.SMTP.Username, "smtp-username", env("PORTA_SMTP_USERNAME", ""), "SMTP user (PORTA_SMTP_USERNAME)")
	c.SMTP.Password = os.Getenv("PORTA_SMTP_PASSWORD")
	fs.StringVar(&c.SMTP.From, "mail-from", env("PORTA_MAIL_FROM", ""), `sender, default "Porta <no-reply@HOST>" from --public-url (PORTA_MAIL_FROM)`)
	fs.StringVar(&c.SMSGatewayURL, "sms-gateway-url", env("PORTA_SMS_GATEWAY_URL", ""), "HTTP gateway for text messages; without it they stay in the outbox (PORTA_SMS_GATEWAY_URL)")
	c.SMSGatewayKey = os.Getenv("PORTA_SMS_GATEWAY_TOKEN")
	fs.StringVar(&c.SecretsKeyFile, "secrets-key-file", env("PORTA_SECRETS_KEY_FILE", ""), "key that seals TOTP secrets, made on first start; default DATA/secrets.key (PORTA_SECRETS_KEY_FILE)")
	mfaFrom := fs.String("mfa-required-from", env("PORTA_MFA_REQUIRED_FROM", ""), "date (YYYY-MM-DD, UTC) from which two-step verification is mandatory (PORTA_MFA_REQUIRED_FROM)")
	fs.DurationVar(&c.RememberDevice, "remember-device", envDuration("PORTA_REMEMBER_DEVICE", identity.DefaultRememberDevice), "how long \"remember this device\" skips the second step (PORTA_REMEMBER_DEVICE)")
	fs.DurationVar(&c.SessionMax, "session-max", envDuration("PORTA_SESSION_MAX", c.SessionMax), "sign out this long after sign-in (PORTA_SESSION_MAX)")
	fs.DurationVar(&c.LinkPostpone, "link-postpone", envDuration("PORTA_LINK_POSTPONE", identity.DefaultLinkPostpone), "how long \"Not right now\" hides a product's linking banner (PORTA_LINK_POSTPONE)")
	fs.DurationVar(&c.ResetTTL, "reset-ttl", envDuration("PORTA_RESET_TTL", identity.DefaultResetTTL), "how long an emailed password-reset link works (PORTA_RESET_TTL)")
	fs.DurationVar(&c.SigningKeyRotation, "signing-key-rotation", envDuration("PORTA_SIGNING_KEY_ROTATION", oidcop.DefaultKeyRotation), "how often a new key signs OpenID tokens; the old one stays published until its tokens expire (PORTA_SIGNING_KEY_ROTATION)")
	fs.DurationVar(&c.AuditRetention, "audit-retention", envDuration("PORTA_AUDIT_RETENTION", identity.DefaultAuditRetention), "how long audit events are kept (PORTA_AUDIT_RETENTION)")
	limitFlags(fs, &c.Limits)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *mem < 8*uint(*thr) || *tim < 1 || *thr < 1 || *thr > 255 || *mem > 4<<20 {
		return c, usageError{"argon2 parameters out of range (memory ≥ 8×threads KiB, time ≥ 1, 1 ≤ threads ≤ 255)"}
	}
	c.Argon2 = identity.Argon2Params{MemoryKiB: uint32(*mem), Time: uint32(*tim), Threads: uint8(*thr)}
	if _, ok := policy.ByName(c.PasswordPolicy); !ok {
		return c, usageError{fmt.Sprintf("unknown password policy %q (want porta or nist)", c.PasswordPolicy)}
	}
	c.SMTP.Port = int(*smtpPort)
	if *mfaFrom != "" {
		t, err := time.Parse("2006-01-02", *mfaFrom)
		if err != nil {
			return c, usageError{fmt.Sprintf("--mfa-required-from %q: want a date like 2026-07-01", *mfaFrom)}
		}
		c.MFARequiredFrom = t
	}
	if c.SessionIdle <= 0 || c.SessionMax <= 0 || c.AuditRetention <= 0 || c.RememberDevice <= 0 || c.ResetTTL <= 0 || c.LinkPostpone <= 0 {
		return c, usageError{"--session-idle, --session-max, --remember-device, --reset-ttl, --link-postpone and --audit-retention must be positive"}
	}
	if err := checkLimits(c.Limits); err != nil {
		return c, err
	}
	return c, nil
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envBool(name string) bool {
	v, _ := strconv.ParseBool(os.Getenv(name))
	return v
}

func envUint(name string, def uint) uint {
	if v, err := strconv.ParseUint(os.Getenv(name), 10, 32); err == nil {
		return uint(v)
	}
	return def
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func envFloat(name string, def float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil {
		return v
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if v, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return v
	}
	return def
}
