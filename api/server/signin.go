package server

import (
	"net/http"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

func (s *Server) registerSigninRoutes() {
	s.route(api.RouteSignInIdentify.Route, s.handleSigninIdentify)
	s.route(api.RouteSignInPassword.Route, s.handleSigninPassword)
	s.route(api.RouteSignInChangePassword.Route, s.handleSigninChangePassword)
	s.route(api.RouteSignOut.Route, s.handleSignout)
	s.route(api.RouteSession.Route, s.handleSession)
	s.route(api.RoutePasswordPolicy.Route, s.handlePasswordPolicy)
}

// handleSigninIdentify serves POST /api/signin/identify.
func (s *Server) handleSigninIdentify(w http.ResponseWriter, r *http.Request) error {
	var req api.IdentifyRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	res, err := s.id.Identify(r.Context(), req.Email)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// handleSigninPassword serves POST /api/signin/password.
func (s *Server) handleSigninPassword(w http.ResponseWriter, r *http.Request) error {
	var req api.PasswordSignInRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	res, err := s.id.SignInPassword(r.Context(), req.Email, req.Password, s.metaWithDevice(w, r))
	if err != nil {
		return err
	}
	return s.finishStep(w, r, res)
}

// handleSigninChangePassword serves POST /api/signin/change-password.
func (s *Server) handleSigninChangePassword(w http.ResponseWriter, r *http.Request) error {
	var req api.NewPasswordRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	res, err := s.id.CompletePasswordChange(r.Context(), s.token(r), req.NewPassword, s.meta(r))
	if err != nil {
		return err
	}
	return s.finishStep(w, r, res)
}

// finishStep sets the new session cookie of a sign-in step and answers
// with the next step.
func (s *Server) finishStep(w http.ResponseWriter, r *http.Request, res identity.SignInResult) error {
	if res.Token != "" {
		if err := s.setToken(w, r, res.Token); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusOK, api.SignInResponse{
		Next: res.Next, Methods: res.Methods, Default: res.Default,
		CanRememberDevice: res.CanRememberDevice, RememberDeviceSeconds: int(res.RememberDevice.Seconds()),
		EmergencyCode: res.EmergencyCode,
	})
	return nil
}

// handleSignout serves POST /api/signout.
func (s *Server) handleSignout(w http.ResponseWriter, r *http.Request) error {
	if err := s.id.SignOut(r.Context(), s.token(r), s.meta(r)); err != nil {
		return err
	}
	if err := s.setToken(w, r, ""); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleSession serves GET /api/session.
func (s *Server) handleSession(w http.ResponseWriter, r *http.Request) error {
	auth, err := s.authenticate(r)
	if err != nil {
		return err
	}
	state, err := s.id.TwoStepState(r.Context(), auth.Account.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.Session{
		TwoStep:         identity.TwoStepView(state),
		Account:         identity.AccountView(auth.Account),
		SessionID:       auth.Session.ID,
		AuthenticatedAt: auth.Session.AuthenticatedAt,
		ExpiresAt:       auth.Session.ExpiresAt,
		AMR:             nonNil(auth.Session.AMR),
	})
	return nil
}

// handlePasswordPolicy serves GET /api/password/policy.
func (s *Server) handlePasswordPolicy(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.id.Policy())
	return nil
}

func (s *Server) authenticate(r *http.Request) (identity.Auth, error) {
	return s.id.Authenticate(r.Context(), s.token(r), s.meta(r))
}

func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}
