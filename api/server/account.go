package server

import (
	"net/http"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

func (s *Server) registerAccountRoutes() {
	s.route(api.RouteAccount.Route, s.handleAccount)
	s.route(api.RouteAccountUpdate.Route, s.handleAccountUpdate)
	s.route(api.RouteAccountPassword.Route, s.handleAccountPassword)
	s.route(api.RouteSessions.Route, s.handleAccountSessions)
	s.route(api.RouteSessionsRevokeOthers.Route, s.handleAccountSessionsRevokeOthers)
	s.route(api.RouteSessionRevoke.Route, s.handleAccountSessionRevoke)
	s.route(api.RouteAccountOrgs.Route, s.handleAccountOrgs)
	s.route(api.RouteAccountOrgSwitch.Route, s.handleAccountOrgSwitch)
	s.route(api.RouteInvitations.Route, s.handleAccountInvitations)
	s.route(api.RouteInvitationAccept.Route, s.handleAccountInvitationAccept)
	s.route(api.RouteInvitationDecline.Route, s.handleAccountInvitationDecline)
}

// handleAccountInvitations serves GET /api/account/invitations.
func (s *Server) handleAccountInvitations(w http.ResponseWriter, r *http.Request) error {
	auth, err := s.authenticate(r)
	if err != nil {
		return err
	}
	list, err := s.id.Invitations(r.Context(), auth.Account.ID)
	if err != nil {
		return err
	}
	out := api.InvitationList{Invitations: make([]api.Invitation, 0, len(list))}
	for _, p := range list {
		out.Invitations = append(out.Invitations, api.Invitation{
			ID: p.ID, Org: orgView(p.Org), Role: p.Role, Inviter: p.Inviter, InvitedAt: p.InvitedAt, ExpiresAt: p.ExpiresAt,
		})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleAccountInvitationAccept serves POST /api/account/invitations/accept.
func (s *Server) handleAccountInvitationAccept(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.InvitationRequest](r, s.authenticate)
	if err != nil {
		return err
	}
	o, err := s.id.AcceptInvitation(r.Context(), auth.Account.ID, req.ID, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, membershipView(o))
	return nil
}

// handleAccountInvitationDecline serves POST /api/account/invitations/decline.
func (s *Server) handleAccountInvitationDecline(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.InvitationRequest](r, s.authenticate)
	if err != nil {
		return err
	}
	if err := s.id.DeclineInvitation(r.Context(), auth.Account.ID, req.ID, s.meta(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleAccountOrgs serves GET /api/account/orgs.
func (s *Server) handleAccountOrgs(w http.ResponseWriter, r *http.Request) error {
	auth, err := s.authenticate(r)
	if err != nil {
		return err
	}
	return s.writeOrgList(w, r, auth.Account.ID)
}

// handleAccountOrgSwitch serves POST /api/account/org.
func (s *Server) handleAccountOrgSwitch(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.SwitchOrgRequest](r, s.authenticate)
	if err != nil {
		return err
	}
	if err := s.id.SwitchOrg(r.Context(), auth, req.Slug); err != nil {
		return err
	}
	return s.writeOrgList(w, r, auth.Account.ID)
}

// writeOrgList answers with the account's organizations and the one it
// switched to.
func (s *Server) writeOrgList(w http.ResponseWriter, r *http.Request, accountID string) error {
	current, err := s.id.CurrentOrg(r.Context(), accountID)
	if err != nil {
		return err
	}
	orgs, err := s.id.AccountOrgs(r.Context(), accountID)
	if err != nil {
		return err
	}
	out := api.OrgList{Orgs: make([]api.OrgMembership, 0, len(orgs))}
	for _, o := range orgs {
		out.Orgs = append(out.Orgs, membershipView(o))
		if o.ID == current {
			out.Current = o.Slug
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleAccount serves GET /api/account.
func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) error {
	auth, err := s.authenticate(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, identity.AccountView(auth.Account))
	return nil
}

// handleAccountUpdate serves PATCH /api/account.
func (s *Server) handleAccountUpdate(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.UpdateProfileRequest](r, s.authenticate)
	if err != nil {
		return err
	}
	a, err := s.id.UpdateProfile(r.Context(), auth.Account.ID, req.Name, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, identity.AccountView(a))
	return nil
}

// handleAccountPassword serves POST /api/account/password.
func (s *Server) handleAccountPassword(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.ChangePasswordRequest](r, s.authenticate)
	if err != nil {
		return err
	}
	if err := s.id.ChangePassword(r.Context(), auth, req.CurrentPassword, req.NewPassword, s.meta(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleAccountSessions serves GET /api/account/sessions.
func (s *Server) handleAccountSessions(w http.ResponseWriter, r *http.Request) error {
	auth, err := s.authenticate(r)
	if err != nil {
		return err
	}
	list, err := s.id.Sessions(r.Context(), auth.Account.ID)
	if err != nil {
		return err
	}
	out := api.SessionList{Sessions: make([]api.SessionInfo, 0, len(list))}
	for _, x := range list {
		out.Sessions = append(out.Sessions, api.SessionInfo{
			ID: x.ID, CreatedAt: x.CreatedAt, LastSeenAt: x.LastSeenAt, IP: x.IP, UserAgent: x.UserAgent,
			Device: identity.DescribeDevice(x.UserAgent), AMR: nonNil(x.AMR), Current: x.ID == auth.Session.ID,
		})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleAccountSessionRevoke serves DELETE /api/account/sessions/{id}.
func (s *Server) handleAccountSessionRevoke(w http.ResponseWriter, r *http.Request) error {
	auth, err := s.authenticate(r)
	if err != nil {
		return err
	}
	if err := s.id.RevokeSession(r.Context(), auth.Account.ID, r.PathValue("id"), s.meta(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleAccountSessionsRevokeOthers serves DELETE /api/account/sessions:
// sign out everywhere else.
func (s *Server) handleAccountSessionsRevokeOthers(w http.ResponseWriter, r *http.Request) error {
	auth, err := s.authenticate(r)
	if err != nil {
		return err
	}
	n, err := s.id.RevokeOtherSessions(r.Context(), auth.Account.ID, auth.Session.ID, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.RevokeResult{Revoked: n})
	return nil
}
