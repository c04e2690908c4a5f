package server

import (
	"net/http"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

func (s *Server) registerMemberRoutes() {
	s.route(api.RouteOrgMembers.Route, s.handleOrgMembers)
	s.route(api.RouteOrgMemberRole.Route, s.handleOrgMemberRole)
	s.route(api.RouteOrgMemberRemove.Route, s.handleOrgMemberRemove)
	s.route(api.RouteOrgSettings.Route, s.handleOrgSettings)
	s.route(api.RouteOrgSettingsUpdate.Route, s.handleOrgSettingsUpdate)
	s.route(api.RouteOrgProgress.Route, s.handleOrgProgress)
	s.route(api.RouteOrgAudit.Route, s.handleOrgAudit)
}

// handleOrgProgress serves GET /api/orgs/{slug}/progress, the admins'
// progress board.
func (s *Server) handleOrgProgress(w http.ResponseWriter, r *http.Request) error {
	_, o, err := s.authenticateOrgAdmin(r)
	if err != nil {
		return err
	}
	p, err := s.id.OrgProgress(r.Context(), o.Slug)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// handleOrgMembers serves GET /api/orgs/{slug}/members?q=…, for the
// organization's admins.
func (s *Server) handleOrgMembers(w http.ResponseWriter, r *http.Request) error {
	_, o, err := s.authenticateOrgAdmin(r)
	if err != nil {
		return err
	}
	q := r.URL.Query().Get("q")
	if len(q) > api.MaxNameLength {
		return identity.Errorf(api.CodeInvalidRequest, "Search for at most %d characters.", api.MaxNameLength)
	}
	ms, more, err := s.id.Members(r.Context(), o.Slug, q)
	if err != nil {
		return err
	}
	list := api.MemberList{Members: make([]api.Member, len(ms)), More: more}
	for i, m := range ms {
		list.Members[i] = memberView(m)
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// handleOrgMemberRole serves POST /api/orgs/{slug}/members/{id}/role.
func (s *Server) handleOrgMemberRole(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.RoleRequest](r, s.authenticate)
	if err != nil {
		return err
	}
	o, err := s.orgAdmin(r, auth)
	if err != nil {
		return err
	}
	m, err := s.id.SetMemberRole(r.Context(), o.Slug, r.PathValue("id"), req.Role, auth.Account.Email, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, memberView(m))
	return nil
}

// handleOrgMemberRemove serves DELETE /api/orgs/{slug}/members/{id}.
func (s *Server) handleOrgMemberRemove(w http.ResponseWriter, r *http.Request) error {
	auth, o, err := s.authenticateOrgAdmin(r)
	if err != nil {
		return err
	}
	if err := s.id.RemoveMember(r.Context(), o.Slug, r.PathValue("id"), auth.Account.Email, s.meta(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func memberView(m identity.MemberView) api.Member {
	return api.Member{AccountID: m.AccountID, Email: m.Email, Name: m.Name, Role: m.Role, Since: m.Since, Activated: m.Activated}
}
