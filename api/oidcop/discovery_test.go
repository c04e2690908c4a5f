package oidcop_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
)

// TestDiscoveryNamesOnlyWhatWorks: the discovery document offers the code
// flow, refresh and client credentials — no implicit or hybrid flow, no
// device flow — and its endpoints are under the issuer.
func TestDiscoveryNamesOnlyWhatWorks(t *testing.T) {
	e := mustPorta(t)
	resp, err := http.Get(e.url + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var d struct {
		Issuer           string   `json:"issuer"`
		Authorization    string   `json:"authorization_endpoint"`
		Token            string   `json:"token_endpoint"`
		JWKS             string   `json:"jwks_uri"`
		EndSession       string   `json:"end_session_endpoint"`
		Device           string   `json:"device_authorization_endpoint"`
		ResponseTypes    []string `json:"response_types_supported"`
		GrantTypes       []string `json:"grant_types_supported"`
		CodeChallenge    []string `json:"code_challenge_methods_supported"`
		SigningAlgs      []string `json:"id_token_signing_alg_values_supported"`
		ScopesSupported  []string `json:"scopes_supported"`
		ClaimsSupported  []string `json:"claims_supported"`
		TokenAuthMethods []string `json:"token_endpoint_auth_methods_supported"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
		t.Fatal(err)
	}
	if d.Issuer != e.url || d.Authorization != e.url+"/authorize" || d.Token != e.url+"/oauth/token" || d.JWKS != e.url+"/keys" || d.EndSession != e.url+"/end_session" {
		t.Errorf("endpoints: %+v", d)
	}
	if !slices.Equal(d.ResponseTypes, []string{"code"}) || !slices.Equal(d.GrantTypes, []string{"authorization_code", "refresh_token", "client_credentials"}) || d.Device != "" {
		t.Errorf("flows offered: response types %v, grants %v, device %q", d.ResponseTypes, d.GrantTypes, d.Device)
	}
	if !slices.Equal(d.CodeChallenge, []string{"S256"}) || !slices.Contains(d.SigningAlgs, "RS256") || !slices.Contains(d.ScopesSupported, "orgs") || !slices.Contains(d.ClaimsSupported, "acr") {
		t.Errorf("document: %+v", d)
	}
}
