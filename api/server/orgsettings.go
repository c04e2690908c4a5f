package server

import (
	"net/http"
	"strings"

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
	next, err := s.id.UpdateOrgSettings(r.Context(), o.Slug, settingsChange(req), auth.Account.Email, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, identity.OrgSettingsView(next))
	return nil
}

// productOrg returns the organization of the path when the request's
// Bearer token is a product's that serves it. An organization the product
// does not serve, or that does not exist, is the same api.CodeForbidden:
// a product learns nothing of the others.
func (s *Server) productOrg(r *http.Request) (clientID string, o identity.OrgView, err error) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return "", o, identity.Errorf(api.CodeUnauthenticated, "Send the product's access token (client credentials grant) as \"Authorization: Bearer …\".")
	}
	clientID, orgID, err := s.openID().Product(r.Context(), token)
	if err != nil {
		return "", o, err
	}
	forbidden := identity.Errorf(api.CodeForbidden, "This product does not serve that organization.")
	o, err = s.id.Org(r.Context(), r.PathValue("slug"))
	if identity.ErrorCode(err) == api.CodeNotFound || (err == nil && (orgID == "" || o.ID != orgID)) {
		return "", identity.OrgView{}, forbidden
	}
	return clientID, o, err
}

// handleProductOrgSettings serves GET /api/product/orgs/{slug}/settings.
func (s *Server) handleProductOrgSettings(w http.ResponseWriter, r *http.Request) error {
	_, o, err := s.productOrg(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, identity.OrgSettingsView(o.Org))
	return nil
}

// handleProductOrgSettingsUpdate serves PATCH /api/product/orgs/{slug}/settings.
func (s *Server) handleProductOrgSettingsUpdate(w http.ResponseWriter, r *http.Request) error {
	clientID, o, err := s.productOrg(r)
	if err != nil {
		return err
	}
	var req api.OrgSettings
	if err := decode(r, &req); err != nil {
		return err
	}
	next, err := s.id.UpdateOrgSettings(r.Context(), o.Slug, settingsChange(req), "product "+clientID, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, identity.OrgSettingsView(next))
	return nil
}

func settingsChange(req api.OrgSettings) identity.OrgSettings {
	return identity.OrgSettings{
		Enforce2FA: req.Enforce2FA, AllowRememberDevice: req.AllowRememberDevice,
		TrustedDomains: req.TrustedDomains, SwitchDate: req.SwitchDate,
	}
}
