package server

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
)

// Device cookie names: a long-lived random id per browser, so Porta can
// tell a new device from a known one (notices, later "remember this
// device"). It proves nothing by itself and never signs anyone in.
const (
	deviceCookieSecure = "__Host-porta-device"
	deviceCookieDev    = "porta-device"
	deviceCookieMaxAge = 400 * 24 * time.Hour // the longest browsers keep a cookie
)

type deviceCookies struct {
	codec  *securecookie.SecureCookie
	secure func(*http.Request) bool
}

func newDeviceCookies(hashKey []byte, secure func(*http.Request) bool) *deviceCookies {
	codec := securecookie.New(hashKey, nil)
	codec.MaxAge(int(deviceCookieMaxAge.Seconds()))
	codec.SetSerializer(securecookie.JSONEncoder{})
	return &deviceCookies{codec: codec, secure: secure}
}

func (d *deviceCookies) name(r *http.Request) string {
	if d.secure(r) {
		return deviceCookieSecure
	}
	return deviceCookieDev
}

// ensure returns the browser's device id (the hash of its cookie),
// giving it a new cookie first when it has none.
func (d *deviceCookies) ensure(w http.ResponseWriter, r *http.Request) string {
	name := d.name(r)
	if c, err := r.Cookie(name); err == nil {
		var raw string
		if d.codec.Decode(name, c.Value, &raw) == nil && raw != "" {
			return deviceID(raw)
		}
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return ""
	}
	raw := base64.RawURLEncoding.EncodeToString(b)
	v, err := d.codec.Encode(name, raw)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: v, Path: "/", MaxAge: int(deviceCookieMaxAge.Seconds()),
		Secure: d.secure(r), HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
	return deviceID(raw)
}

func deviceID(raw string) string {
	h := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(h[:])
}
