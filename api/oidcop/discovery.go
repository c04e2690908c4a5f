package oidcop

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// serveDiscovery answers /.well-known/openid-configuration with op's
// document, less what op lists whatever the configuration says and Porta
// does not do: the implicit and hybrid flows, the JWT-bearer grant and
// device authorization. A product's library reads this document to pick
// a flow, so it must name only what works.
func (p *Provider) serveDiscovery(w http.ResponseWriter, r *http.Request) {
	d := op.CreateDiscoveryConfig(op.ContextWithIssuer(r.Context(), p.cfg.Issuer), p.op, &storage{p})
	d.ResponseTypesSupported = []string{string(oidc.ResponseTypeCode)}
	d.GrantTypesSupported = slices.DeleteFunc(d.GrantTypesSupported, func(g oidc.GrantType) bool {
		return g != oidc.GrantTypeCode && g != oidc.GrantTypeRefreshToken && g != oidc.GrantTypeClientCredentials
	})
	d.DeviceAuthorizationEndpoint = ""
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_ = json.NewEncoder(w).Encode(d)
}
