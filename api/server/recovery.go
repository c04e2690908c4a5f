package server

import (
	"net/http"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

func (s *Server) registerRecoveryRoutes() {
	s.route(api.RoutePasswordForgot.Route, s.handlePasswordForgot)
	s.route(api.RoutePasswordResetCheck.Route, s.handlePasswordResetCheck)
	s.route(api.RoutePasswordReset.Route, s.handlePasswordReset)
	s.route(api.RouteActivationCheck.Route, s.handleActivationCheck)
	s.route(api.RouteActivation.Route, s.handleActivation)
	s.route(api.RouteActivationResend.Route, s.handleActivationResend)
}

// handlePasswordForgot serves POST /api/password/forgot.
func (s *Server) handlePasswordForgot(w http.ResponseWriter, r *http.Request) error {
	var req api.EmailRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	msg, err := s.id.ForgotPassword(r.Context(), req.Email, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, api.Accepted{Message: msg})
	return nil
}

// handlePasswordResetCheck serves POST /api/password/reset/check.
func (s *Server) handlePasswordResetCheck(w http.ResponseWriter, r *http.Request) error {
	var req api.TokenRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	t, err := s.id.CheckResetLink(r.Context(), req.Token)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.LinkInfo{Email: t.Email})
	return nil
}

// handlePasswordReset serves POST /api/password/reset.
func (s *Server) handlePasswordReset(w http.ResponseWriter, r *http.Request) error {
	var req api.ResetPasswordRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	acct, err := s.id.ResetPassword(r.Context(), req.Token, req.NewPassword, s.meta(r))
	if err != nil {
		return err
	}
	if err := s.setToken(w, r, ""); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, identity.LinkView(acct))
	return nil
}

// handleActivationCheck serves POST /api/activation/check.
func (s *Server) handleActivationCheck(w http.ResponseWriter, r *http.Request) error {
	var req api.TokenRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	acct, err := s.id.CheckActivationLink(r.Context(), req.Token)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, identity.LinkView(acct))
	return nil
}

// handleActivation serves POST /api/activation.
func (s *Server) handleActivation(w http.ResponseWriter, r *http.Request) error {
	var req api.ActivateRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	res, err := s.id.Activate(r.Context(), req.Token, req.NewPassword, s.metaWithDevice(w, r))
	if err != nil {
		return err
	}
	return s.finishStep(w, r, res)
}

// handleActivationResend serves POST /api/activation/resend.
func (s *Server) handleActivationResend(w http.ResponseWriter, r *http.Request) error {
	var req api.TokenRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	msg, err := s.id.ResendActivation(r.Context(), req.Token, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, api.Accepted{Message: msg})
	return nil
}
