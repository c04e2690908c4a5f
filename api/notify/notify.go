// Package notify delivers messages to people. It words and lays out
// Porta's emails (Compose, from typed data, defanging what people typed),
// keeps a durable queue of emails, text messages and jobs in the store
// (Queue), and hands each one when due to a sender: email over SMTP, SMS
// through an HTTP gateway, or the outbox. It knows nothing of Porta's
// domain: identity gives it the data of each email and the jobs to run.
package notify

import "context"

// Email is one message with a plain-text and an HTML part.
type Email struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// SMS is one text message to an E.164 number.
type SMS struct {
	To   string
	Text string
}

// EmailSender sends email. An error means the message was not accepted and
// may be retried.
type EmailSender interface {
	SendEmail(ctx context.Context, e Email) error
}

// SMSSender sends text messages. An error means the message was not
// accepted and may be retried.
type SMSSender interface {
	SendSMS(ctx context.Context, s SMS) error
}

// Permanent marks an error that retrying cannot fix (a rejected address,
// a refused credential), so the queue gives up at once.
type Permanent struct{ Err error }

func (p Permanent) Error() string { return p.Err.Error() }
func (p Permanent) Unwrap() error { return p.Err }
