package server

import (
	"net/http"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

// handleOrgSettings serves GET /api/orgs/{slug}/settings, for the
// organization's admins.
func (s *Server) handleOrgSettings(w http.ResponseWriter, r *http.Request) error {
	_, o, err := s.authenticateOrgAdmin(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, identity.OrgSettingsView(o.Org))
	return nil
}

// handleOrgSettingsUpdate serves PATCH /api/orgs/{slug}/settings.
func (s *Server) handleOrgSettingsUpdate(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.OrgSettings](r, s.authenticate)
	if err != nil {
		return err
	}
	o, err := s.orgAdmin(r, auth)
	if err != nil {
		return err
	}
	next, err := s.id.UpdateOrgSettings(r.Context(), o.Slug, identity.OrgSettings{
		Enforce2FA: req.Enforce2FA, AllowRememberDevice: req.AllowRememberDevice,
		TrustedDomains: req.TrustedDomains, SwitchDate: req.SwitchDate,
	}, auth.Account.Email, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, identity.OrgSettingsView(next))
	return nil
}
