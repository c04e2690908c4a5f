package identity

import (
	"bytes"
	"context"
	"embed"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/porta-id/porta/api/notify"
)

// email is what every message says, in one shape: a heading, paragraphs,
// an optional list of links, an optional button, and why the person got it.
// One layout renders it as text and as HTML.
type email struct {
	Subject    string
	Heading    string
	Paragraphs []string
	Links      []emailLink
	Action     *emailLink
	Why        string
	Product    string
}

type emailLink struct {
	Label string
	URL   string
}

//go:embed templates/email.txt.tmpl templates/email.html.tmpl
var templateFS embed.FS

var (
	textLayout = texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/email.txt.tmpl"))
	htmlLayout = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/email.html.tmpl"))
)

// renderEmail returns the text and HTML parts of e.
func renderEmail(e email) (text, html string, err error) {
	if e.Product == "" {
		e.Product = productName
	}
	var tb, hb bytes.Buffer
	if err := textLayout.Execute(&tb, e); err != nil {
		return "", "", err
	}
	if err := htmlLayout.Execute(&hb, e); err != nil {
		return "", "", err
	}
	return strings.TrimSpace(tb.String()) + "\n", hb.String(), nil
}

// sendEmail renders and queues an email.
func (s *Service) sendEmail(ctx context.Context, to string, e email) error {
	text, html, err := renderEmail(e)
	if err != nil {
		return err
	}
	return s.queue.SendEmail(ctx, notify.Email{To: to, Subject: e.Subject, Text: text, HTML: html})
}
