package server

import (
	"net/http"

	"github.com/porta-id/porta/api"
)

// handleOrgAudit serves GET /api/orgs/{slug}/audit?person=&kind=&before=,
// a page of the organization's log for its admins.
func (s *Server) handleOrgAudit(w http.ResponseWriter, r *http.Request) error {
	_, o, err := s.authenticateOrgAdmin(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page, err := s.id.OrgAudit(r.Context(), o.Slug, api.OrgAuditFilter{Person: q.Get("person"), Kind: q.Get("kind"), Before: q.Get("before")})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}
