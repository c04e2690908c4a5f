package server

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/porta-id/porta/api"
)

func (s *Server) registerLinkRoutes() {
	s.productRoute(api.RouteProductLinkUsers.Route, s.handleProductLinkUsers)
	s.productRoute(api.RouteProductLinkStates.Route, s.handleProductLinkStates)
	s.productRoute(api.RouteProductLinkPostpone.Route, s.handleProductLinkPostpone)
	s.route(api.RouteLinkBanner.Route, s.handleLinkBanner)
	s.route(api.RouteLinkInfo.Route, s.handleLinkInfo)
	s.route(api.RouteLinkPostpone.Route, s.handleLinkPostpone)
	s.route(api.RouteLinkSend.Route, s.handleLinkSend)
	s.route(api.RouteLinkVerify.Route, s.handleLinkVerify)
}

// handleProductLinkUsers serves POST /api/product/orgs/{slug}/link-users.
func (s *Server) handleProductLinkUsers(w http.ResponseWriter, r *http.Request) error {
	clientID, o, err := s.productOrg(r)
	if err != nil {
		return err
	}
	var req api.LinkCandidates
	if err := decode(r, &req); err != nil {
		return err
	}
	out, err := s.id.UpsertLinkCandidates(r.Context(), clientID, o.Org, req.Users)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleProductLinkStates serves POST /api/product/orgs/{slug}/link-users/states.
func (s *Server) handleProductLinkStates(w http.ResponseWriter, r *http.Request) error {
	clientID, o, err := s.productOrg(r)
	if err != nil {
		return err
	}
	var req api.LinkUserIDs
	if err := decode(r, &req); err != nil {
		return err
	}
	out, err := s.id.LinkStates(r.Context(), clientID, o.Org, req.UserIDs)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleProductLinkPostpone serves POST /api/product/orgs/{slug}/link-users/{id}/postpone.
func (s *Server) handleProductLinkPostpone(w http.ResponseWriter, r *http.Request) error {
	clientID, o, err := s.productOrg(r)
	if err != nil {
		return err
	}
	out, err := s.id.PostponeLink(r.Context(), clientID, o.Org, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleLinkBanner serves GET /api/link/banner?ticket=…
func (s *Server) handleLinkBanner(w http.ResponseWriter, r *http.Request) error {
	out, err := s.id.LinkBanner(r.Context(), r.URL.Query().Get("ticket"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleLinkInfo serves POST /api/link/info.
func (s *Server) handleLinkInfo(w http.ResponseWriter, r *http.Request) error {
	var req api.TicketRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	out, err := s.id.LinkPage(r.Context(), req.Ticket)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleLinkPostpone serves POST /api/link/postpone: the banner's "Not right now".
func (s *Server) handleLinkPostpone(w http.ResponseWriter, r *http.Request) error {
	var req api.TicketRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	out, err := s.id.PostponeLinkByTicket(r.Context(), req.Ticket)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleLinkSend serves POST /api/link/send.
func (s *Server) handleLinkSend(w http.ResponseWriter, r *http.Request) error {
	var req api.LinkEmailRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	out, err := s.id.SendLinkCode(r.Context(), req.Ticket, req.Email, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleLinkVerify serves POST /api/link/verify.
func (s *Server) handleLinkVerify(w http.ResponseWriter, r *http.Request) error {
	var req api.LinkCodeRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	out, err := s.id.VerifyLinkCode(r.Context(), req.Ticket, req.Code, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// bannerFrameAncestors is who may frame the banner page of r: the origins
// of the redirect URIs of the product whose ticket r carries. Nobody, for
// any other page or a ticket that does not verify.
func (s *Server) bannerFrameAncestors(r *http.Request) []string {
	if r.URL.Path != api.PathLinkBanner || r.Method != http.MethodGet {
		return nil
	}
	c, ok := s.id.LinkTicketClient(r.Context(), r.URL.Query().Get("ticket"))
	if !ok {
		return nil
	}
	var origins []string
	for _, uri := range c.RedirectURIs {
		u, err := url.Parse(uri)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(u.Host, " ;,'") {
			continue
		}
		if o := u.Scheme + "://" + u.Host; !slices.Contains(origins, o) {
			origins = append(origins, o)
		}
	}
	return origins
}
