package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

// Federation is organization SSO as the server sees it: the trip to an
// organization's identity provider and back, and its administration. It
// owns every rule; the server moves the browser and the flow's cookie.
type Federation interface {
	// Start returns the provider's authorization address and the sealed
	// flow the browser keeps until the callback. Errors: api.SSOErr….
	Start(ctx context.Context, providerID, request string) (authURL, sealed string, err error)
	// Finish checks the provider's answer (query) against the flow and
	// signs the person in. It returns the product's request the sign-in
	// is for, also when it fails.
	Finish(ctx context.Context, sealed string, query url.Values, m identity.Meta) (identity.SignInResult, string, error)
	// AddProvider adds a provider; verified says the operator vouches
	// for its domains (never true from the admin API).
	AddProvider(ctx context.Context, slug string, n api.NewSSOProvider, verified bool, by string, m identity.Meta) (api.SSOProviderInfo, error)
	Providers(ctx context.Context, slug string) ([]api.SSOProviderInfo, error)
	RemoveProvider(ctx context.Context, slug, id, by string, m identity.Meta) error
}

// ssoCookie carries the sealed flow from the start to the callback. It is
// SameSite=Lax: the provider's redirect back is a cross-site navigation.
const ssoCookie = "porta_sso"

func (s *Server) registerSSORoutes() {
	s.mux.HandleFunc("GET "+api.SSOStartPath, s.handleSSOStart)
	s.mux.HandleFunc("GET "+api.SSOCallbackPath, s.handleSSOCallback)
	s.route(api.RouteLinkedProviders.Route, s.handleLinkedProviders)
	s.route(api.RouteOrgSSOProviders.Route, s.handleOrgSSOProviders)
	s.route(api.RouteOrgSSOAdd.Route, s.handleOrgSSOAdd)
	s.route(api.RouteOrgSSORemove.Route, s.handleOrgSSORemove)
}

// handleSSOStart serves GET /sso/{provider}/start?request=…: off to the
// organization's provider, with the flow in a cookie.
func (s *Server) handleSSOStart(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	request := r.URL.Query().Get(api.RequestParam)
	authURL, sealed, err := s.federation().Start(r.Context(), r.PathValue("provider"), request)
	if err != nil {
		s.ssoFailed(w, r, err, request)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: sealed, Path: "/sso/", HttpOnly: true,
		Secure: s.cookies.secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, authURL, http.StatusSeeOther)
}

// handleSSOCallback serves GET /sso/callback, where the provider sends
// the browser back: the sign-in goes on at api.SSOScreen with its next
// step, or says why it failed there.
func (s *Server) handleSSOCallback(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	var sealed string
	if c, err := r.Cookie(ssoCookie); err == nil {
		sealed = c.Value
	}
	// One flow, one return: the cookie goes whatever happens.
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Path: "/sso/", MaxAge: -1, HttpOnly: true,
		Secure: s.cookies.secure(r), SameSite: http.SameSiteLaxMode})
	res, request, err := s.federation().Finish(r.Context(), sealed, r.URL.Query(), s.metaWithDevice(w, r))
	if err == nil && res.Token != "" {
		err = s.setToken(w, r, res.Token)
	}
	if err != nil {
		s.ssoFailed(w, r, err, request)
		return
	}
	q := url.Values{api.SSONextParam: {res.Next}}
	if len(res.Methods) > 0 {
		q.Set(api.SSOMethodsParam, strings.Join(res.Methods, ","))
		q.Set(api.SSODefaultParam, res.Default)
	}
	if res.CanRememberDevice {
		q.Set(api.SSORememberParam, strconv.Itoa(int(res.RememberDevice.Seconds())))
	}
	if request != "" {
		q.Set(api.RequestParam, request)
	}
	http.Redirect(w, r, api.SSOScreen+"?"+q.Encode(), http.StatusSeeOther)
}

// ssoFailed sends the browser to api.SSOScreen with why; an error that is
// not one of SSO's own is logged and shown as the provider being
// unavailable.
func (s *Server) ssoFailed(w http.ResponseWriter, r *http.Request, err error, request string) {
	code := identity.ErrorCode(err)
	switch code {
	case api.SSOErrState, api.SSOErrToken, api.SSOErrEmail, api.SSOErrDenied, api.SSOErrUnavailable:
		s.log.Info("sso: sign-in failed", "code", code, "err", err)
	default:
		s.log.Error("sso: sign-in failed", "code", code, "err", err)
		code = api.SSOErrUnavailable
	}
	q := url.Values{api.ErrorParam: {code}}
	if request != "" {
		q.Set(api.RequestParam, request)
	}
	http.Redirect(w, r, api.SSOScreen+"?"+q.Encode(), http.StatusSeeOther)
}

// handleLinkedProviders serves GET /api/account/sso.
func (s *Server) handleLinkedProviders(w http.ResponseWriter, r *http.Request) error {
	auth, err := s.authenticate(r)
	if err != nil {
		return err
	}
	ps, err := s.id.LinkedProviders(r.Context(), auth.Account.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.LinkedProviderList{Providers: ps})
	return nil
}

// handleOrgSSOProviders serves GET /api/orgs/{slug}/sso, for admins.
func (s *Server) handleOrgSSOProviders(w http.ResponseWriter, r *http.Request) error {
	_, o, err := s.authenticateOrgAdmin(r)
	if err != nil {
		return err
	}
	ps, err := s.federation().Providers(r.Context(), o.Slug)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.SSOProviderList{Providers: ps})
	return nil
}

// handleOrgSSOAdd serves POST /api/orgs/{slug}/sso, for admins. The
// provider waits for the operator to confirm its domains.
func (s *Server) handleOrgSSOAdd(w http.ResponseWriter, r *http.Request) error {
	auth, req, err := authedBody[api.NewSSOProvider](r, s.authenticate)
	if err != nil {
		return err
	}
	o, err := s.orgAdmin(r, auth)
	if err != nil {
		return err
	}
	p, err := s.federation().AddProvider(r.Context(), o.Slug, req, false, auth.Account.Email, s.meta(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

// handleOrgSSORemove serves DELETE /api/orgs/{slug}/sso/{id}, for admins.
func (s *Server) handleOrgSSORemove(w http.ResponseWriter, r *http.Request) error {
	auth, o, err := s.authenticateOrgAdmin(r)
	if err != nil {
		return err
	}
	if err := s.federation().RemoveProvider(r.Context(), o.Slug, r.PathValue("id"), auth.Account.Email, s.meta(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) federation() Federation {
	if s.cfg.Federation == nil {
		return noFederation{}
	}
	return s.cfg.Federation
}

// noFederation stands in when organization SSO is not configured.
type noFederation struct{}

var errNoFederation = identity.Errorf(api.SSOErrUnavailable, "Organization sign-in services are not set up here.")

func (noFederation) Start(context.Context, string, string) (string, string, error) {
	return "", "", errNoFederation
}
func (noFederation) Finish(context.Context, string, url.Values, identity.Meta) (identity.SignInResult, string, error) {
	return identity.SignInResult{}, "", errNoFederation
}
func (noFederation) AddProvider(context.Context, string, api.NewSSOProvider, bool, string, identity.Meta) (api.SSOProviderInfo, error) {
	return api.SSOProviderInfo{}, identity.Errorf(api.CodeNotFound, "Organization sign-in services are not set up here.")
}
func (noFederation) Providers(context.Context, string) ([]api.SSOProviderInfo, error) {
	return []api.SSOProviderInfo{}, nil
}
func (noFederation) RemoveProvider(context.Context, string, string, string, identity.Meta) error {
	return identity.Errorf(api.CodeNotFound, "This organization has no such identity provider.")
}
