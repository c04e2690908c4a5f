package server

import (
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// Cookie names. Browsers accept __Host- cookies only when Secure, with
// Path=/ and no Domain, so a sibling subdomain cannot plant or read them.
// On plain-http localhost in dev mode the prefix drops.
const (
	cookieSecure = "__Host-porta"
	cookieDev    = "porta"
)

// cookieStore implements sessions.Store over Porta's own session records:
// the cookie holds only the signed opaque token ("id.secret") as the
// session's ID; everything else lives in the store, where sessions can be
// listed and revoked.
type cookieStore struct {
	codec  *securecookie.SecureCookie
	maxAge time.Duration
	// secure says whether a request gets the Secure __Host- cookie.
	secure func(r *http.Request) bool
}

var _ sessions.Store = (*cookieStore)(nil)

func newCookieStore(hashKey []byte, maxAge time.Duration, secure func(*http.Request) bool) *cookieStore {
	codec := securecookie.New(hashKey, nil)
	codec.MaxAge(int(maxAge.Seconds()))
	codec.SetSerializer(securecookie.JSONEncoder{})
	return &cookieStore{codec: codec, maxAge: maxAge, secure: secure}
}

func (c *cookieStore) name(r *http.Request) string {
	if c.secure(r) {
		return cookieSecure
	}
	return cookieDev
}

// Get returns the request's session, cached per request by gorilla.
func (c *cookieStore) Get(r *http.Request, _ string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(c, c.name(r))
}

// New decodes the cookie, if any; a bad signature just means no session.
func (c *cookieStore) New(r *http.Request, name string) (*sessions.Session, error) {
	s := sessions.NewSession(c, name)
	s.IsNew = true
	s.Options = c.options(r)
	if ck, err := r.Cookie(name); err == nil {
		var token string
		if c.codec.Decode(name, ck.Value, &token) == nil {
			s.ID, s.IsNew = token, false
		}
	}
	return s, nil
}

// Save writes the token cookie, or deletes it when MaxAge < 0 or ID is empty.
func (c *cookieStore) Save(r *http.Request, w http.ResponseWriter, s *sessions.Session) error {
	if s.Options.MaxAge < 0 || s.ID == "" {
		http.SetCookie(w, sessions.NewCookie(s.Name(), "", &sessions.Options{Path: "/", MaxAge: -1, Secure: s.Options.Secure, HttpOnly: true, SameSite: http.SameSiteLaxMode}))
		return nil
	}
	v, err := c.codec.Encode(s.Name(), s.ID)
	if err != nil {
		return err
	}
	http.SetCookie(w, sessions.NewCookie(s.Name(), v, s.Options))
	return nil
}

func (c *cookieStore) options(r *http.Request) *sessions.Options {
	return &sessions.Options{
		Path:     "/",
		MaxAge:   int(c.maxAge.Seconds()),
		Secure:   c.secure(r),
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	}
}

// token returns the session token the request carries, or "".
func (s *Server) token(r *http.Request) string {
	sess, _ := s.cookies.Get(r, "")
	return sess.ID
}

// setToken replaces the session cookie with token ("" deletes it).
func (s *Server) setToken(w http.ResponseWriter, r *http.Request, token string) error {
	sess, _ := s.cookies.Get(r, "")
	sess.ID = token
	if token == "" {
		sess.Options.MaxAge = -1
	}
	return sess.Save(r, w)
}
