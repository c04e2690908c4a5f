package server

import (
	"html/template"
	"net/http"

	"github.com/porta-id/porta/api"
)

// registerDevRoutes adds the outbox pages; they exist only in dev mode.
func (s *Server) registerDevRoutes() {
	s.mux.HandleFunc("GET /dev/outbox.json", s.wrap(s.handleOutboxJSON))
	s.mux.HandleFunc("GET /dev/outbox", s.wrap(s.handleOutboxPage))
}

const outboxLimit = 200

func (s *Server) outbox(r *http.Request) ([]api.OutboxMessage, error) {
	msgs, err := s.id.Messages().Outbox(r.Context(), outboxLimit)
	if err != nil {
		return nil, err
	}
	out := make([]api.OutboxMessage, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, api.OutboxMessage{ID: m.ID, Kind: m.Kind, To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML, CreatedAt: m.CreatedAt})
	}
	return out, nil
}

// handleOutboxJSON serves GET /dev/outbox.json, newest first.
func (s *Server) handleOutboxJSON(w http.ResponseWriter, r *http.Request) error {
	out, err := s.outbox(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// outboxPage shows each message's text with its links clickable. The HTML
// part is not rendered inline: the page keeps Porta's strict CSP.
var outboxPage = template.Must(template.New("outbox").Funcs(template.FuncMap{"linkify": linkify}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Outbox · Porta (dev)</title><link rel="stylesheet" href="/web/porta.css"></head>
<body><div class="shell"><header class="topbar"><span class="brand">Porta</span></header>
<main class="card outbox"><h1>Outbox</h1>
<p class="lead">Development mode: email and text messages stay here instead of going out. Newest first.</p>
{{range .}}<article class="section message" id="m-{{.ID}}">
<h2>{{.Subject}}{{if not .Subject}}Text message{{end}}</h2>
<p class="meta">{{.Kind}} to <strong>{{.To}}</strong> · {{.CreatedAt.Format "2006-01-02 15:04:05 UTC"}}</p>
<pre class="message-text">{{linkify .Text}}</pre>
</article>{{else}}<p>No messages yet.</p>{{end}}
</main></div></body></html>`))

// handleOutboxPage serves GET /dev/outbox.
func (s *Server) handleOutboxPage(w http.ResponseWriter, r *http.Request) error {
	out, err := s.outbox(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	return outboxPage.Execute(w, out)
}
