package main

import (
	"net/url"

	"github.com/porta-id/porta/api/notify"
)

type senders struct {
	email notify.EmailSender
	sms   notify.SMSSender
}

// newSenders builds the configured email and SMS senders; what is not
// configured stays nil, which keeps its messages in the outbox.
func newSenders(c Config) (senders, error) {
	var s senders
	if c.SMTP.Host != "" {
		cfg := c.SMTP
		if cfg.From == "" {
			cfg.From = "Porta <no-reply@" + mailDomain(c) + ">"
		}
		smtp, err := notify.NewSMTP(cfg)
		if err != nil {
			return s, err
		}
		s.email = smtp
	}
	if c.SMSGatewayURL != "" {
		s.sms = &notify.SMSGateway{URL: c.SMSGatewayURL, Token: c.SMSGatewayKey}
	}
	return s, nil
}

// mailDomain is the host of the public URL, or of the SMTP server.
func mailDomain(c Config) string {
	if u, err := url.Parse(c.PublicURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return c.SMTP.Host
}
