package oidcop_test

import (
	"context"
	"slices"
	"testing"

	"golang.org/x/oauth2"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/oidcop"
)

// TestRequestInfo: the sign-in screens learn from the request what the
// product asked: its name, the email to suggest, the languages.
func TestRequestInfo(t *testing.T) {
	e := mustPorta(t)
	p := e.mustProduct(t, oidcop.NewClient{Name: "Acme CRM"})
	b := e.browser()
	at := b.visit(t, p.authorizeURL("s", "n", newPKCE(),
		oauth2.SetAuthURLParam("login_hint", "ann@example.com"), oauth2.SetAuthURLParam("ui_locales", "nl-NL en")))
	id := at.Query().Get(api.RequestParam)
	info, err := b.api.AuthRequest(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if info.ID != id || info.Client != "Acme CRM" || info.LoginHint != "ann@example.com" ||
		!slices.Equal(info.UILocales, []string{"nl-NL", "en"}) || info.ContinueURL != api.ContinueURL(id) ||
		!slices.Equal(info.Scopes, []string{"openid", "email", "profile"}) {
		t.Errorf("request info = %+v", info)
	}
	if _, err := b.api.AuthRequest(context.Background(), "nobody"); api.ErrorCode(err) != api.CodeNotFound {
		t.Errorf("an unknown request: %v, want %s", err, api.CodeNotFound)
	}
}
