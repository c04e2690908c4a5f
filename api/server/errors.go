package server

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strconv"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

// statusOf maps every error code of the api contract to its HTTP status.
// The code itself goes on the wire unchanged.
var statusOf = map[string]int{
	api.CodeInvalidRequest:       http.StatusBadRequest,
	api.CodeInvalidCredentials:   http.StatusUnauthorized,
	api.CodeUnauthenticated:      http.StatusUnauthorized,
	api.CodeWrongPassword:        http.StatusBadRequest,
	api.CodeWeakPassword:         http.StatusBadRequest,
	api.CodeTooManyAttempts:      http.StatusTooManyRequests,
	api.CodeNotFound:             http.StatusNotFound,
	api.CodeInvalidLink:          http.StatusBadRequest,
	api.CodeExpiredLink:          http.StatusBadRequest,
	api.CodeForbidden:            http.StatusForbidden,
	api.CodeInvalidCode:          http.StatusBadRequest,
	api.CodePasskeyFailed:        http.StatusBadRequest,
	api.CodePasswordRequired:     http.StatusForbidden,
	api.CodeConflict:             http.StatusConflict,
	api.CodeInternal:             http.StatusInternalServerError,
	api.CodeUnsupportedMediaType: http.StatusUnsupportedMediaType,
	api.CodeForbiddenOrigin:      http.StatusForbidden,
	api.CodeMethodNotAllowed:     http.StatusMethodNotAllowed,
	codeMisdirected:              http.StatusMisdirectedRequest,
}

// codeMisdirected answers a request for a host name that is not Porta's.
// Porta's own pages never see it, so it is not part of the api contract.
const codeMisdirected = "misdirected_request"

// handlerFunc is an HTTP handler that returns its error for writeError.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// writeError writes {"error":{…}} for err. Errors without a code are
// internal: they are logged and the client sees only a generic message.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *identity.Error
	if !errors.As(err, &e) {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		e = &identity.Error{Code: api.CodeInternal, Message: "Something went wrong on our side. Try again."}
	}
	status, ok := statusOf[e.Code]
	if !ok {
		status = http.StatusBadRequest
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	writeJSON(w, status, api.ErrorBody{Error: &api.Error{Code: e.Code, Message: e.Message, Rules: e.Rules, RetryAfter: e.RetryAfter}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// maxBody bounds every JSON request body.
const maxBody = 64 << 10

// decode reads exactly one JSON object of type T from the body.
// Errors: unsupported_media_type, invalid_request.
func decode(r *http.Request, v any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return &identity.Error{Code: api.CodeUnsupportedMediaType, Message: "Send the request body as application/json."}
	}
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return identity.Errorf(api.CodeInvalidRequest, "The request body is too large.")
		}
		return identity.Errorf(api.CodeInvalidRequest, "The request body is not valid JSON for this call: %s.", jsonProblem(err))
	}
	if dec.More() {
		return identity.Errorf(api.CodeInvalidRequest, "The request body must be a single JSON object.")
	}
	return nil
}

// authedBody authenticates the request with authenticate and decodes its
// JSON body: the first two steps of every signed-in call that takes a body.
func authedBody[T any](r *http.Request, authenticate func(*http.Request) (identity.Auth, error)) (identity.Auth, T, error) {
	var req T
	auth, err := authenticate(r)
	if err != nil {
		return auth, req, err
	}
	return auth, req, decode(r, &req)
}

// jsonProblem turns a decoding error into words safe to show.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return "malformed JSON at byte " + strconv.FormatInt(syn.Offset, 10)
	case errors.As(err, &typ):
		return "field " + strconv.Quote(typ.Field) + " has the wrong type"
	case err.Error() == "EOF":
		return "the body is empty"
	}
	if msg := err.Error(); len(msg) < 120 {
		return msg
	}
	return "unreadable"
}
