package server

import (
	"context"
	"net/http"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

func (s *Server) registerOrgRoutes() {
	s.route(api.RouteEnvironmentsFind.Route, s.handleEnvironmentsFind)
	s.route(api.RouteOrg.Route, s.handleOrg)
	s.route(api.RouteOrgInvite.Route, s.handleOrgInvite)
	s.route(api.RouteOrgInviteWithdraw.Route, s.handleOrgInviteWithdraw)
	s.route(api.RouteOrgInvites.Route, s.handleOrgInvites)
	s.route(api.RouteOrgInviteResend.Route, s.handleOrgInviteResend)
	s.registerMemberRoutes()
}

// handleEnvironmentsFind serves POST /api/environments/find.
func (s *Server) handleEnvironmentsFind(w http.ResponseWriter, r *http.Request) error {
	var req api.EmailRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	msg, err := s.id.FindEnvironments(r.Context(), req.Email, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, api.Accepted{Message: msg})
	return nil
}

// handleOrg serves GET /api/orgs/{slug}: an organization's public face,
// for its sign-in page.
func (s *Server) handleOrg(w http.ResponseWriter, r *http.Request) error {
	o, err := s.id.Org(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, orgView(o))
	return nil
}

// handleOrgInvite serves POST /api/orgs/{slug}/invites, for the
// organization's admins. The answer is the same whether or not the email
// has an account.
func (s *Server) handleOrgInvite(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.InviteRequest](r, s.authenticate)
	if err != nil {
		return err
	}
	o, err := s.orgAdmin(r, auth)
	if err != nil {
		return err
	}
	inviter := auth.Account.Name
	if inviter == "" {
		inviter = auth.Account.Email
	}
	status, err := s.id.Invite(r.Context(), identity.Invitation{
		Email: req.Email, Name: req.Name, OrgSlug: o.Slug, Role: req.Role, Inviter: inviter, By: auth.Account.Email,
	}, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, api.InviteResult{Status: status})
	return nil
}

// handleOrgInviteWithdraw serves POST /api/orgs/{slug}/invites/withdraw,
// for the organization's admins: 204 whether or not there was an invitation.
func (s *Server) handleOrgInviteWithdraw(w http.ResponseWriter, r *http.Request) error {
	return s.onInvite(w, r, s.id.WithdrawInvitation)
}

// handleOrgInviteResend serves POST /api/orgs/{slug}/invites/resend.
func (s *Server) handleOrgInviteResend(w http.ResponseWriter, r *http.Request) error {
	return s.onInvite(w, r, s.id.ResendInvitation)
}

// onInvite runs do, as the signed-in admin of the organization {slug},
// on the pending invitation of the body's email; 204 when done.
func (s *Server) onInvite(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, slug, email, by string, m identity.Meta) error) error {
	auth, req, err := authedBody[api.EmailRequest](r, s.authenticate)
	if err != nil {
		return err
	}
	o, err := s.orgAdmin(r, auth)
	if err != nil {
		return err
	}
	if err := do(r.Context(), o.Slug, req.Email, auth.Account.Email, s.meta(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleOrgInvites serves GET /api/orgs/{slug}/invites.
func (s *Server) handleOrgInvites(w http.ResponseWriter, r *http.Request) error {
	_, o, err := s.authenticateOrgAdmin(r)
	if err != nil {
		return err
	}
	list, more, err := s.id.PendingInvites(r.Context(), o.Slug)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.PendingInviteList{Invites: list, More: more})
	return nil
}

// authenticateOrgAdmin is authenticate, then orgAdmin: the signed-in
// admin of the organization {slug}, for calls without a body.
func (s *Server) authenticateOrgAdmin(r *http.Request) (identity.Auth, identity.OrgView, error) {
	auth, err := s.authenticate(r)
	if err != nil {
		return auth, identity.OrgView{}, err
	}
	o, err := s.orgAdmin(r, auth)
	return auth, o, err
}

// orgAdmin returns the organization of the path when auth administers it.
func (s *Server) orgAdmin(r *http.Request, auth identity.Auth) (identity.OrgView, error) {
	o, err := s.id.Org(r.Context(), r.PathValue("slug"))
	if err != nil {
		return identity.OrgView{}, err
	}
	admin, err := s.id.IsOrgAdmin(r.Context(), o.ID, auth.Account.ID)
	if err != nil {
		return identity.OrgView{}, err
	}
	if !admin {
		return identity.OrgView{}, identity.Errorf(api.CodeForbidden, "Only admins of %s can do that.", o.Name)
	}
	return o, nil
}

func orgView(o identity.OrgView) api.Org {
	return api.Org{Slug: o.Slug, Name: o.Name, SignInURL: o.SignInURL}
}

// membershipView is what the API shows of one of the account's
// organizations: the organization and the account's role in it.
func membershipView(o identity.OrgView) api.OrgMembership {
	return api.OrgMembership{Org: orgView(o), Role: o.Role}
}
