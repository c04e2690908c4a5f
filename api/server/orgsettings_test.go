package server_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
)

// TestOrgSettingsAPI: an organization's admin reads and changes its
// settings; a PATCH changes only what it names; members may not.
func TestOrgSettingsAPI(t *testing.T) {
	ctx := context.Background()
	e := MustServer(t)
	if _, err := e.svc.CreateOrg(ctx, "acme", "Acme Inc."); err != nil {
		t.Fatal(err)
	}
	ann := e.MustSignIn(t)
	_, err := ann.OrgSettings(ctx, "acme")
	wantAPIError(t, err, 403, api.CodeForbidden)
	if _, err := e.svc.AddMember(ctx, "acme", annEmail, api.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	s, err := ann.OrgSettings(ctx, "acme")
	if err != nil || *s.Enforce2FA || !*s.AllowRememberDevice || len(*s.TrustedDomains) != 0 || s.SwitchDate != nil {
		t.Fatalf("new organization's settings = %+v, %v", s, err)
	}
	on, domains, at := true, []string{"Acme.example"}, time.Date(2027, 1, 4, 8, 0, 0, 0, time.UTC)
	s, err = ann.UpdateOrgSettings(ctx, "acme", api.OrgSettings{Enforce2FA: &on, TrustedDomains: &domains, SwitchDate: &at})
	if err != nil || !*s.Enforce2FA || !*s.AllowRememberDevice || !slices.Equal(*s.TrustedDomains, []string{"acme.example"}) || !s.SwitchDate.Equal(at) {
		t.Fatalf("after the PATCH = %+v, %v", s, err)
	}
	off := false
	if s, err = ann.UpdateOrgSettings(ctx, "acme", api.OrgSettings{AllowRememberDevice: &off}); err != nil || *s.AllowRememberDevice || !*s.Enforce2FA || s.SwitchDate == nil {
		t.Fatalf("a PATCH of one field = %+v, %v", s, err)
	}
	bad := []string{"not a domain"}
	_, err = ann.UpdateOrgSettings(ctx, "acme", api.OrgSettings{TrustedDomains: &bad})
	wantAPIError(t, err, 400, api.CodeInvalidRequest)
}
