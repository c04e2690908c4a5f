package identity

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// maxTrustedDomains caps an organization's trusted email domains.
const maxTrustedDomains = 50

// OrgSettings are the settings an organization's admins change; a nil
// field stays as it is.
type OrgSettings struct {
	Enforce2FA          *bool
	AllowRememberDevice *bool
	TrustedDomains      *[]string
	// SwitchDate is when the products start to use Porta sign-in; the
	// zero time clears it.
	SwitchDate *time.Time
}

// UpdateOrgSettings changes the organization's settings in one update and
// records each change in the audit log, naming by.
// Errors: api.CodeNotFound, api.CodeInvalidRequest (a domain).
func (s *Service) UpdateOrgSettings(ctx context.Context, slug string, in OrgSettings, by string, m Meta) (store.Org, error) {
	o, err := s.Org(ctx, slug)
	if err != nil {
		return store.Org{}, err
	}
	var domains []string
	if in.TrustedDomains != nil {
		if domains, err = normalizeDomains(*in.TrustedDomains); err != nil {
			return store.Org{}, err
		}
	}
	now := s.now()
	var changes []string
	org, err := s.store.UpdateOrg(ctx, o.ID, func(old store.Org) (store.Org, error) {
		changes = nil
		next := old
		if in.Enforce2FA != nil {
			next.Enforce2FA = *in.Enforce2FA
		}
		if in.AllowRememberDevice != nil {
			next.ForbidRememberDevice = !*in.AllowRememberDevice
		}
		if in.TrustedDomains != nil {
			next.TrustedDomains = domains
		}
		if in.SwitchDate != nil {
			next.SwitchDate = in.SwitchDate.UTC().Truncate(time.Second)
		}
		changes = settingChanges(old, next)
		next.UpdatedAt = now
		return next, nil
	})
	if err != nil {
		return store.Org{}, fmt.Errorf("organization settings: %w", err)
	}
	for _, c := range changes {
		s.record(ctx, store.AuditEvent{Type: AuditOrgChanged, OrgID: org.ID, Actor: by, Detail: c}, m)
	}
	return org, nil
}

// settingChanges says in words what differs from old to next.
func settingChanges(old, next store.Org) []string {
	var out []string
	if old.Enforce2FA != next.Enforce2FA {
		out = append(out, fmt.Sprintf("enforce two-step verification %t", next.Enforce2FA))
	}
	if old.ForbidRememberDevice != next.ForbidRememberDevice {
		out = append(out, fmt.Sprintf("allow remember this device %t", !next.ForbidRememberDevice))
	}
	if !slices.Equal(old.TrustedDomains, next.TrustedDomains) {
		out = append(out, "trusted domains "+strings.Join(next.TrustedDomains, " "))
	}
	if !old.SwitchDate.Equal(next.SwitchDate) {
		out = append(out, "switch date "+next.SwitchDate.Format(time.DateOnly))
	}
	return out
}

// normalizeDomains checks and lower-cases domains, sorted, each once.
func normalizeDomains(in []string) ([]string, error) {
	if len(in) > maxTrustedDomains {
		return nil, Errorf(api.CodeInvalidRequest, "An organization trusts at most %d domains.", maxTrustedDomains)
	}
	out := make([]string, 0, len(in))
	for _, d := range in {
		n, err := NormalizeDomain(d)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// OrgSettingsView is what the API shows of the organization's settings.
func OrgSettingsView(o store.Org) api.OrgSettings {
	allow, domains := !o.ForbidRememberDevice, append([]string{}, o.TrustedDomains...)
	v := api.OrgSettings{Enforce2FA: &o.Enforce2FA, AllowRememberDevice: &allow, TrustedDomains: &domains}
	if !o.SwitchDate.IsZero() {
		v.SwitchDate = &o.SwitchDate
	}
	return v
}
