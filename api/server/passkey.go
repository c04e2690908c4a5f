package server

import (
	"net/http"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

// passkeyCookie carries a passkey sign-in's ceremony from its start to its
// answer, so only the browser that started it can finish it.
const passkeyCookie = "porta_passkey"

func (s *Server) registerPasskeyRoutes() {
	s.route(api.RouteFactorPasskey.Route, s.handleFactorPasskey)
	s.route(api.RouteFactorPasskeyDone.Route, s.handleFactorPasskeyDone)
	s.route(api.RouteSignInPasskeyBegin.Route, s.handleSigninPasskeyBegin)
	s.route(api.RouteSignInPasskey.Route, s.handleSigninPasskey)
	s.route(api.RouteSignInPasskeyStepBegin.Route, s.handleSigninPasskeyStepBegin)
	s.route(api.RouteSignInPasskeyStep.Route, s.handleSigninPasskeyStep)
	s.route(api.RouteFactorRename.Route, s.handleFactorRename)
}

// handleFactorRename serves PATCH /api/account/factors/{id}.
func (s *Server) handleFactorRename(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.RenameFactorRequest](r, s.authenticate)
	if err != nil {
		return err
	}
	f, err := s.id.RenamePasskey(r.Context(), auth, r.PathValue("id"), req.Name, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, identity.FactorView(f))
	return nil
}

// handleSigninPasskeyStepBegin serves POST /api/signin/passkey/step/begin:
// the options for navigator.credentials.get at the second step.
func (s *Server) handleSigninPasskeyStepBegin(w http.ResponseWriter, r *http.Request) error {
	c, err := s.id.BeginPasskeyStep(r.Context(), s.token(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.PasskeyOptions{PublicKey: c.Options, Ceremony: c.Ceremony})
	return nil
}

// handleSigninPasskeyStep serves POST /api/signin/passkey/step.
func (s *Server) handleSigninPasskeyStep(w http.ResponseWriter, r *http.Request) error {
	var req api.PasskeyAnswer
	if err := decode(r, &req); err != nil {
		return err
	}
	in := identity.PasskeyStep{Ceremony: req.Ceremony, Answer: req.Credential, RememberDevice: req.RememberDevice}
	res, err := s.id.SignInPasskeyStep(r.Context(), s.token(r), in, s.metaWithDevice(w, r))
	if err != nil {
		return err
	}
	return s.finishStep(w, r, res)
}

// handleFactorPasskey serves POST /api/account/factors/passkey: the
// options for navigator.credentials.create.
func (s *Server) handleFactorPasskey(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.PasswordConfirm](r, s.authSetup)
	if err != nil {
		return err
	}
	c, err := s.id.BeginAddPasskey(r.Context(), auth, req.Password, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.PasskeyOptions{PublicKey: c.Options, Ceremony: c.Ceremony})
	return nil
}

// handleFactorPasskeyDone serves POST /api/account/factors/passkey/confirm.
func (s *Server) handleFactorPasskeyDone(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.PasskeyAdd](r, s.authSetup)
	if err != nil {
		return err
	}
	f, err := s.id.FinishAddPasskey(r.Context(), auth, req.Ceremony, req.Name, req.Credential, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, identity.FactorView(f))
	return nil
}

// handleSigninPasskeyBegin serves POST /api/signin/passkey/begin: the
// options for navigator.credentials.get, the ceremony in a cookie.
func (s *Server) handleSigninPasskeyBegin(w http.ResponseWriter, r *http.Request) error {
	c, err := s.id.BeginPasskeySignIn(r.Context(), s.meta(r))
	if err != nil {
		return err
	}
	s.setPasskeyCookie(w, r, c.Ceremony, 5*time.Minute)
	writeJSON(w, http.StatusOK, api.PasskeyOptions{PublicKey: c.Options})
	return nil
}

// handleSigninPasskey serves POST /api/signin/passkey.
func (s *Server) handleSigninPasskey(w http.ResponseWriter, r *http.Request) error {
	var req api.PasskeyAnswer
	if err := decode(r, &req); err != nil {
		return err
	}
	var ceremony string
	if c, err := r.Cookie(passkeyCookie); err == nil {
		ceremony = c.Value
	}
	s.setPasskeyCookie(w, r, "", -1) // one answer per ceremony, whatever it is
	res, err := s.id.SignInPasskey(r.Context(), ceremony, req.Credential, s.metaWithDevice(w, r))
	if err != nil {
		return err
	}
	return s.finishStep(w, r, res)
}

// setPasskeyCookie sets the ceremony cookie for maxAge, or deletes it for
// a negative maxAge.
func (s *Server) setPasskeyCookie(w http.ResponseWriter, r *http.Request, value string, maxAge time.Duration) {
	seconds := int(maxAge.Seconds())
	if maxAge < 0 {
		seconds = -1
	}
	http.SetCookie(w, &http.Cookie{Name: passkeyCookie, Value: value, Path: "/api/signin/passkey", MaxAge: seconds,
		HttpOnly: true, Secure: s.cookies.secure(r), SameSite: http.SameSiteStrictMode})
}
