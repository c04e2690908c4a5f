package notify

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

// letter is what every email says, in one shape: a heading, paragraphs,
// an optional list of links, an optional button, and why the person got it.
// One layout renders it as text and as HTML.
type letter struct {
	Subject    string
	Heading    string
	Paragraphs []string
	// Code is a one-time code, set apart so it is easy to read and copy.
	Code    string
	Links   []letterLink
	Action  *letterLink
	Why     string
	Product string
}

type letterLink struct {
	Label string
	URL   string
}

//go:embed templates/email.txt.tmpl templates/email.html.tmpl
var templateFS embed.FS

var (
	textLayout = texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/email.txt.tmpl"))
	htmlLayout = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/email.html.tmpl"))
)

// renderLetter returns the text and HTML parts of e.
func renderLetter(e letter) (text, html string, err error) {
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
