// Package notify delivers messages to people: email over SMTP and SMS
// through an HTTP gateway. It knows nothing of Porta's domain; the
// identity package queues messages in the store and hands each one to a
// Sender here when it is due.
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
