package server

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"

	"github.com/pquerna/otp"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

func (s *Server) registerTwoStepRoutes() {
	s.route(api.RouteSignInTOTP.Route, s.secondStep(s.id.SignInTOTP))
	s.route(api.RouteSignInSMS.Route, s.secondStep(s.id.SignInSMS))
	s.route(api.RouteSignInEmergency.Route, s.secondStep(s.id.SignInEmergency))
	s.route(api.RouteSignInSMSSend.Route, s.handleSigninSMSSend)
	s.route(api.RouteSignInEmergencyAck.Route, s.signinStep(s.id.AckEmergencyCode))
	s.route(api.RouteSignInSetupComplete.Route, s.signinStep(s.id.CompleteSetup))
	s.route(api.RouteSignInStepUp.Route, s.signinStep(s.id.StepUp))

	s.route(api.RouteFactors.Route, s.handleFactors)
	s.route(api.RouteFactorTOTP.Route, s.handleFactorTOTP)
	s.route(api.RouteFactorTOTPQR.Route, s.handleFactorTOTPQR)
	s.route(api.RouteFactorTOTPDone.Route, s.confirmFactor(s.id.ConfirmTOTP))
	s.route(api.RouteFactorSMS.Route, s.handleFactorSMS)
	s.route(api.RouteFactorSMSDone.Route, s.confirmFactor(s.id.ConfirmSMS))
	s.route(api.RouteFactorEmerg.Route, s.handleFactorEmergency)
	s.route(api.RouteFactorRemove.Route, s.handleFactorRemove)
	s.route(api.RouteDevices.Route, s.handleDevices)
	s.route(api.RouteDeviceForget.Route, s.handleDeviceForget)
}

// secondStep serves POST /api/signin/totp, /api/signin/sms and
// /api/signin/emergency: one code for the session's second step.
func (s *Server) secondStep(check func(ctx context.Context, token string, in identity.SecondFactor, m identity.Meta) (identity.SignInResult, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var req api.SecondFactorRequest
		if err := decode(r, &req); err != nil {
			return err
		}
		res, err := check(r.Context(), s.token(r), identity.SecondFactor{Code: req.Code, RememberDevice: req.RememberDevice, DisableTwoStep: req.DisableTwoStep}, s.metaWithDevice(w, r))
		if err != nil {
			return err
		}
		return s.finishStep(w, r, res)
	}
}

// signinStep serves the sign-in steps that take no body.
func (s *Server) signinStep(step func(ctx context.Context, token string, m identity.Meta) (identity.SignInResult, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		res, err := step(r.Context(), s.token(r), s.metaWithDevice(w, r))
		if err != nil {
			return err
		}
		return s.finishStep(w, r, res)
	}
}

// handleSigninSMSSend serves POST /api/signin/sms/send.
func (s *Server) handleSigninSMSSend(w http.ResponseWriter, r *http.Request) error {
	phone, err := s.id.SendSignInSMS(r.Context(), s.token(r), s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.id.CodeSent(phone))
	return nil
}

// authSetup authenticates a complete session or one in the setup step of
// sign-in (the wizard's calls).
func (s *Server) authSetup(r *http.Request) (identity.Auth, error) {
	return s.id.AuthenticateSetup(r.Context(), s.token(r), s.meta(r))
}

// handleFactors serves GET /api/account/factors.
func (s *Server) handleFactors(w http.ResponseWriter, r *http.Request) error {
	auth, err := s.authSetup(r)
	if err != nil {
		return err
	}
	state, err := s.id.TwoStepState(r.Context(), auth.Account.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, identity.TwoStepView(state))
	return nil
}

// handleFactorTOTP serves POST /api/account/factors/totp.
func (s *Server) handleFactorTOTP(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.PasswordConfirm](r, s.authSetup)
	if err != nil {
		return err
	}
	setup, err := s.id.StartTOTP(r.Context(), auth, req.Password, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.TOTPSetup{Key: setup.Key, URI: setup.URI, QRCode: api.RouteFactorTOTPQR.Path})
	return nil
}

// handleFactorTOTPQR serves GET /api/account/factors/totp/qr.png: the
// pending key as a QR code, never cached.
func (s *Server) handleFactorTOTPQR(w http.ResponseWriter, r *http.Request) error {
	auth, err := s.authSetup(r)
	if err != nil {
		return err
	}
	uri, err := s.id.TOTPURI(r.Context(), auth)
	if err != nil {
		return err
	}
	code, err := qrPNG(uri)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(code)
	return err
}

// qrPNG draws an otpauth:// URI as a 240-pixel PNG QR code.
func qrPNG(uri string) ([]byte, error) {
	key, err := otp.NewKeyFromURL(uri)
	if err != nil {
		return nil, fmt.Errorf("totp qr: %w", err)
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return nil, fmt.Errorf("totp qr: %w", err)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("totp qr: %w", err)
	}
	return b.Bytes(), nil
}

// confirmFactor serves the confirm calls of the app and the phone.
func (s *Server) confirmFactor(confirm func(ctx context.Context, auth identity.Auth, code string, m identity.Meta) (api.Factor, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		auth, req, err := authedBody[api.CodeRequest](r, s.authSetup)
		if err != nil {
			return err
		}
		f, err := confirm(r.Context(), auth, req.Code, s.meta(r))
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, f)
		return nil
	}
}

// handleFactorSMS serves POST /api/account/factors/sms.
func (s *Server) handleFactorSMS(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.PhoneRequest](r, s.authSetup)
	if err != nil {
		return err
	}
	phone, err := s.id.StartSMS(r.Context(), auth, req.Phone, req.Password, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.id.CodeSent(phone))
	return nil
}

// handleFactorEmergency serves POST /api/account/factors/emergency.
func (s *Server) handleFactorEmergency(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.PasswordConfirm](r, s.authSetup)
	if err != nil {
		return err
	}
	code, err := s.id.NewEmergencyCode(r.Context(), auth, req.Password, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.EmergencyCode{Code: code})
	return nil
}

// handleFactorRemove serves POST /api/account/factors/remove.
func (s *Server) handleFactorRemove(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.RemoveFactorRequest](r, s.authenticate)
	if err != nil {
		return err
	}
	if err := s.id.RemoveFactor(r.Context(), auth, req.ID, req.Password, s.meta(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleDevices serves GET /api/account/devices.
func (s *Server) handleDevices(w http.ResponseWriter, r *http.Request) error {
	auth, err := s.authenticate(r)
	if err != nil {
		return err
	}
	list, err := s.id.RememberedDevices(r.Context(), auth.Account.ID)
	if err != nil {
		return err
	}
	current := s.metaWithDevice(w, r).DeviceID
	out := api.DeviceList{Devices: make([]api.RememberedDevice, 0, len(list))}
	for _, d := range list {
		out.Devices = append(out.Devices, api.RememberedDevice{ID: d.ID, Device: identity.DescribeDevice(d.UserAgent), LastSeen: d.LastSeen, TrustedUntil: d.TrustedUntil, Current: d.ID == current})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleDeviceForget serves DELETE /api/account/devices/{id}.
func (s *Server) handleDeviceForget(w http.ResponseWriter, r *http.Request) error {
	auth, err := s.authenticate(r)
	if err != nil {
		return err
	}
	if err := s.id.ForgetDevice(r.Context(), auth, r.PathValue("id"), s.meta(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
