package identity_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

func TestUpdateOrgSettings(t *testing.T) {
	ctx := context.Background()
	e := MustEnv(t)
	mustOrg(t, e, "acme", "Acme Inc.")
	on, off := true, false
	domains := []string{"ACME.example", "@acme-eu.example", "acme.example"}
	switchAt := time.Date(2027, 3, 1, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	o, err := e.svc.UpdateOrgSettings(ctx, "acme", identity.OrgSettings{
		Enforce2FA: &on, AllowRememberDevice: &off, TrustedDomains: &domains, SwitchDate: &switchAt,
	}, "ann@example.com", meta)
	if err != nil {
		t.Fatal(err)
	}
	if !o.Enforce2FA || !o.ForbidRememberDevice || !slices.Equal(o.TrustedDomains, []string{"acme-eu.example", "acme.example"}) ||
		!o.SwitchDate.Equal(switchAt) || o.SwitchDate.Location() != time.UTC {
		t.Fatalf("settings = %+v", o)
	}
	// A nil field stays; one change leaves the rest.
	o, err = e.svc.UpdateOrgSettings(ctx, "acme", identity.OrgSettings{Enforce2FA: &off}, "ann@example.com", meta)
	if err != nil || o.Enforce2FA || !o.ForbidRememberDevice || len(o.TrustedDomains) != 2 {
		t.Fatalf("after turning enforcement off: %+v, %v", o, err)
	}
	none, zero := []string{}, time.Time{}
	if o, err = e.svc.UpdateOrgSettings(ctx, "acme", identity.OrgSettings{TrustedDomains: &none, SwitchDate: &zero}, "ann@example.com", meta); err != nil || o.TrustedDomains != nil || !o.SwitchDate.IsZero() {
		t.Fatalf("clearing domains and date: %+v, %v", o, err)
	}
	for _, bad := range [][]string{{"not a domain"}, {"example"}, {"ann@example.com"}, {"-x.example"}} {
		_, err := e.svc.UpdateOrgSettings(ctx, "acme", identity.OrgSettings{TrustedDomains: &bad}, "ann@example.com", meta)
		wantCode(t, err, api.CodeInvalidRequest)
	}
	_, err = e.svc.UpdateOrgSettings(ctx, "nowhere", identity.OrgSettings{Enforce2FA: &on}, "x", meta)
	wantCode(t, err, api.CodeNotFound)
}
