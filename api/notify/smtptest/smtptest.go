// Package smtptest runs a real SMTP server (emersion/go-smtp) in process
// for tests: it accepts every message on 127.0.0.1 and keeps it to be read.
package smtptest

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one received message, parsed.
type Message struct {
	From    string
	To      []string
	Subject string
	Text    string
	HTML    string
	Raw     []byte
}

// Server is an in-process SMTP server.
type Server struct {
	srv      *smtp.Server
	ln       net.Listener
	addr     string
	mu       sync.Mutex
	messages []Message
	arrived  chan struct{}
}

// Start starts a server on a free port of 127.0.0.1 and stops it with tb.
func Start(tb testing.TB) *Server {
	tb.Helper()
	return StartOn(tb, "127.0.0.1:0")
}

// StartOn starts a server on addr (tests of "the server comes back" reuse
// the address of one they stopped).
func StartOn(tb testing.TB, addr string) *Server {
	tb.Helper()
	s := &Server{arrived: make(chan struct{}, 100)}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{srv: s}, nil
	}))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout = 10 * time.Second
	s.srv.WriteTimeout = 10 * time.Second
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	s.ln, s.addr = ln, ln.Addr().String()
	go func() { _ = s.srv.Serve(ln) }()
	tb.Cleanup(s.Close)
	return s
}

// Addr is host:port.
func (s *Server) Addr() string { return s.addr }

// Host and Port split Addr.
func (s *Server) Host() string { h, _, _ := net.SplitHostPort(s.addr); return h }

// Port is the listening port.
func (s *Server) Port() int {
	_, p, _ := net.SplitHostPort(s.addr)
	n, _ := strconv.Atoi(p)
	return n
}

// Close stops the server. It closes the listener itself too: Serve may not
// have registered it with the server yet.
func (s *Server) Close() {
	_ = s.ln.Close()
	_ = s.srv.Close()
}

// Messages returns what arrived so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Wait blocks until n messages have arrived or the timeout passes, and
// returns what arrived.
func (s *Server) Wait(n int, timeout time.Duration) []Message {
	deadline := time.After(timeout)
	for len(s.Messages()) < n {
		select {
		case <-s.arrived:
		case <-deadline:
			return s.Messages()
		}
	}
	return s.Messages()
}

// MustResetEmail waits up to 5 s for the one message the server should
// receive and fails tb unless it is a password reset for to whose text
// and HTML both link to http://porta.test/reset.
func (s *Server) MustResetEmail(tb testing.TB, to string) {
	tb.Helper()
	got := s.Wait(1, 5*time.Second)
	if len(got) != 1 {
		tb.Fatalf("received %d messages", len(got))
	}
	m := got[0]
	if m.To[0] != to || m.Subject != "Reset your password" ||
		!strings.Contains(m.Text, "http://porta.test/reset?token=") || !strings.Contains(m.HTML, `href="http://porta.test/reset?token=`) {
		tb.Fatalf("message: to %v subject %q\ntext %s\nhtml %s", m.To, m.Subject, m.Text, m.HTML)
	}
}

type session struct {
	srv  *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := parse(raw)
	m.From, m.To = x.from, append([]string(nil), x.to...)
	x.srv.mu.Lock()
	x.srv.messages = append(x.srv.messages, m)
	x.srv.mu.Unlock()
	x.srv.arrived <- struct{}{}
	return nil
}

// parse reads the subject and the text and HTML parts of a message.
func parse(raw []byte) Message {
	m := Message{Raw: raw}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return m
	}
	dec := new(mime.WordDecoder)
	m.Subject, _ = dec.DecodeHeader(msg.Header.Get("Subject"))
	collectParts(&m, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	return m
}

func collectParts(m *Message, contentType, encoding string, body io.Reader) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				return
			}
			collectParts(m, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p)
		}
	}
	b, _ := io.ReadAll(decodeTransfer(encoding, body))
	switch mt {
	case "text/plain":
		m.Text = string(b)
	case "text/html":
		m.HTML = string(b)
	}
}

// decodeTransfer undoes a Content-Transfer-Encoding.
func decodeTransfer(encoding string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}
