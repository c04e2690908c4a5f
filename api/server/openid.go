package server

import (
	"context"

	"net/http"
	"net/url"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

// OpenID is the OpenID Provider as the server sees it: the protocol
// endpoints to mount, and the decisions behind the sign-in screens. The
// provider owns every rule; the server only moves requests and cookies.
type OpenID interface {
	// Handler serves the protocol endpoints, each path of Paths.
	Handler() http.Handler
	// Paths are the ServeMux patterns Handler answers (discovery,
	// authorize, token, userinfo, keys, revocation, introspection,
	// end-session).
	Paths() []string
	// Continue decides where the browser goes next for the authorization
	// request id: a screen of the app, or back to the product. auth is nil
	// without a complete session. It returns a URL, never an error: a
	// request that cannot go back to its product gets the error screen.
	Continue(ctx context.Context, id string, auth *identity.Auth) string
	// Product returns the client of a client-credentials access token and
	// the organization it serves ("" for none); api.CodeUnauthenticated.
	Product(ctx context.Context, accessToken string) (clientID, orgID string, err error)
	// RequestInfo describes a pending request for the screens; ENotFound.
	RequestInfo(ctx context.Context, id string) (api.AuthRequestInfo, error)
	// Consent records the person's answer and says where to go next.
	Consent(ctx context.Context, auth identity.Auth, id string, allow bool, m identity.Meta) (api.Continue, error)
	// Apps lists the products the account has used Porta for.
	Apps(ctx context.Context, accountID string) ([]api.App, error)
	// RevokeApp withdraws the account's consent for a client and ends
	// every token it holds; ENotFound when there is nothing to revoke.
	RevokeApp(ctx context.Context, accountID, clientID string, m identity.Meta) error
}

func (s *Server) registerOpenIDRoutes() {
	op := s.cfg.OpenID
	if op == nil {
		op = noOpenID{}
	}
	h := op.Handler()
	withMeta := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(identity.WithMeta(r.Context(), s.meta(r))))
	})
	for _, p := range op.Paths() {
		s.mux.Handle(p, withMeta)
	}
	s.mux.HandleFunc("GET "+api.ContinuePath, s.handleContinue)
	s.route(api.RouteAuthRequest.Route, s.handleAuthRequest)
	s.route(api.RouteAuthRequestConsent.Route, s.handleAuthRequestConsent)
	s.route(api.RouteApps.Route, s.handleApps)
	s.route(api.RouteAppRevoke.Route, s.handleAppRevoke)
	s.productRoute(api.RouteProductOrgSettings.Route, s.handleProductOrgSettings)
	s.productRoute(api.RouteProductOrgSettingsUpdate.Route, s.handleProductOrgSettingsUpdate)
}

// handleContinue serves GET /oidc/continue?request=…: a redirect to the
// next screen, or back to the product.
func (s *Server) handleContinue(w http.ResponseWriter, r *http.Request) {
	var auth *identity.Auth
	if a, err := s.authenticate(r); err == nil {
		auth = &a
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, s.openID().Continue(r.Context(), r.URL.Query().Get(api.RequestParam), auth), http.StatusSeeOther)
}

// handleAuthRequest serves GET /api/oidc/requests/{id}.
func (s *Server) handleAuthRequest(w http.ResponseWriter, r *http.Request) error {
	info, err := s.openID().RequestInfo(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, info)
	return nil
}

// handleAuthRequestConsent serves POST /api/oidc/requests/{id}/consent.
func (s *Server) handleAuthRequestConsent(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.ConsentRequest](r, s.authenticate)
	if err != nil {
		return err
	}
	next, err := s.openID().Consent(r.Context(), auth, r.PathValue("id"), req.Allow, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, next)
	return nil
}

// handleApps serves GET /api/account/apps.
func (s *Server) handleApps(w http.ResponseWriter, r *http.Request) error {
	auth, err := s.authenticate(r)
	if err != nil {
		return err
	}
	apps, err := s.openID().Apps(r.Context(), auth.Account.ID)
	if err != nil {
		return err
	}
	if apps == nil {
		apps = []api.App{}
	}
	writeJSON(w, http.StatusOK, api.AppList{Apps: apps})
	return nil
}

// handleAppRevoke serves DELETE /api/account/apps/{clientId}.
func (s *Server) handleAppRevoke(w http.ResponseWriter, r *http.Request) error {
	auth, err := s.authenticate(r)
	if err != nil {
		return err
	}
	if err := s.openID().RevokeApp(r.Context(), auth.Account.ID, r.PathValue("clientId"), s.meta(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) openID() OpenID {
	if s.cfg.OpenID == nil {
		return noOpenID{}
	}
	return s.cfg.OpenID
}

// noOpenID stands in when no provider is configured (tests of the rest):
// nothing is pending and nobody has used an app.
type noOpenID struct{}

var errNoRequest = identity.Errorf(api.CodeNotFound, "This sign-in request is unknown or has expired.")

func (noOpenID) Handler() http.Handler { return http.NotFoundHandler() }
func (noOpenID) Paths() []string       { return nil }
func (noOpenID) Product(context.Context, string) (string, string, error) {
	return "", "", identity.Errorf(api.CodeUnauthenticated, "This server signs no products in.")
}

func (noOpenID) Continue(context.Context, string, *identity.Auth) string {
	return api.ErrorScreen + "?" + api.ErrorParam + "=" + url.QueryEscape("expired_request")
}
func (noOpenID) RequestInfo(context.Context, string) (api.AuthRequestInfo, error) {
	return api.AuthRequestInfo{}, errNoRequest
}
func (noOpenID) Consent(context.Context, identity.Auth, string, bool, identity.Meta) (api.Continue, error) {
	return api.Continue{}, errNoRequest
}
func (noOpenID) Apps(context.Context, string) ([]api.App, error) { return nil, nil }
func (noOpenID) RevokeApp(context.Context, string, string, identity.Meta) error {
	return identity.Errorf(api.CodeNotFound, "There is no such app on your account.")
}
