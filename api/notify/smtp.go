package notify

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"time"

	"github.com/wneessen/go-mail"
)

// TLS modes for SMTP.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS (required)
	TLSImplicit = "implicit" // TLS from the first byte (SMTPS, usually port 465)
	TLSNone     = "none"     // no TLS: only for a relay on localhost
)

// SMTPConfig says how to reach the mail server.
type SMTPConfig struct {
	Host     string
	Port     int
	TLS      string
	Username string
	Password string
	// From is the sender, like "Porta <no-reply@example.com>".
	From    string
	Timeout time.Duration
}

// SMTP sends email through an SMTP server. Each message opens its own
// connection: mail is rare and queued, so pooling would only hold sockets.
type SMTP struct {
	cfg SMTPConfig
}

var _ EmailSender = (*SMTP)(nil)

// NewSMTP checks cfg and returns a sender.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	if cfg.Host == "" {
		return nil, errors.New("smtp: no host")
	}
	switch cfg.TLS {
	case "":
		cfg.TLS = TLSStartTLS
	case TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return nil, fmt.Errorf("smtp: unknown TLS mode %q (want starttls, implicit or none)", cfg.TLS)
	}
	if cfg.Port == 0 {
		cfg.Port = map[string]int{TLSStartTLS: 587, TLSImplicit: 465, TLSNone: 25}[cfg.TLS]
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.From == "" {
		return nil, errors.New("smtp: no from address")
	}
	return &SMTP{cfg: cfg}, nil
}

// SendEmail implements EmailSender.
func (s *SMTP) SendEmail(ctx context.Context, e Email) error {
	m := mail.NewMsg()
	if err := m.From(s.cfg.From); err != nil {
		return Permanent{fmt.Errorf("smtp: from: %w", err)}
	}
	if err := m.To(e.To); err != nil {
		return Permanent{fmt.Errorf("smtp: to: %w", err)}
	}
	m.Subject(e.Subject)
	m.SetMessageID()
	m.SetDate()
	m.SetBodyString(mail.TypeTextPlain, e.Text)
	if e.HTML != "" {
		m.AddAlternativeString(mail.TypeTextHTML, e.HTML)
	}
	c, err := mail.NewClient(s.cfg.Host, s.options()...)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		if permanentSMTP(err) {
			return Permanent{fmt.Errorf("smtp: %w", err)}
		}
		return fmt.Errorf("smtp: %w", err)
	}
	return nil
}

func (s *SMTP) options() []mail.Option {
	opts := []mail.Option{mail.WithPort(s.cfg.Port), mail.WithTimeout(s.cfg.Timeout)}
	switch s.cfg.TLS {
	case TLSImplicit:
		opts = append(opts, mail.WithSSL())
	case TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(s.cfg.Username), mail.WithPassword(s.cfg.Password))
	}
	return opts
}

// permanentSMTP reports a 5xx answer: the server refuses for good.
func permanentSMTP(err error) bool {
	var te *textproto.Error
	return errors.As(err, &te) && te.Code >= 500 && te.Code < 600
}
