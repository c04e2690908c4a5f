package app

import (
	"context"
	"strings"
	"time"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// orgSettingsSection shows an organization's settings to its admins and
// saves them: two-step verification for everyone, "remember this
// device", the trusted email domains and the switch date.
type orgSettingsSection struct {
	ga.Compo
	Slug                string
	enforce, allow      bool
	domains, switchDate string // as typed: domains comma-separated, the date YYYY-MM-DD
	loaded              bool
	load, save          call
}

func (s *orgSettingsSection) OnMount(ctx ga.Context) {
	slug := s.Slug
	request(ctx, &s.load, func(c *api.Client, cx context.Context) (api.OrgSettings, error) { return c.OrgSettings(cx, slug) },
		func(_ ga.Context, o api.OrgSettings) { s.show(o) }, map[string]msg{api.CodeForbidden: msgNotOrgAdmin})
}

// show puts the server's settings into the form.
func (s *orgSettingsSection) show(o api.OrgSettings) {
	s.enforce, s.allow, s.loaded = *o.Enforce2FA, *o.AllowRememberDevice, true
	s.domains, s.switchDate = strings.Join(*o.TrustedDomains, ", "), ""
	if o.SwitchDate != nil {
		s.switchDate = o.SwitchDate.UTC().Format(time.DateOnly)
	}
}

func (s *orgSettingsSection) Render() ga.UI {
	if !s.loaded {
		return section("settings-title", msgOrgSettingsTitle, s.load.feedback())
	}
	return section("settings-title", msgOrgSettingsTitle,
		form(s.submit,
			checkbox("enforce-2fa", tr(msgEnforce2FA), tr(msgEnforce2FAHint), s.enforce, false, check(&s.enforce)),
			checkbox("allow-remember", tr(msgAllowRemember), tr(msgAllowRememberHint), s.allow, false, check(&s.allow)),
			field{id: "trusted-domains", label: tr(msgTrustedDomains), kind: "text", autocomplete: "off", value: s.domains,
				hint: tr(msgTrustedDomainsHint), optional: true, onInput: bind(&s.domains)}.ui(),
			field{id: "switch-date", label: tr(msgSwitchDate), kind: "date", value: s.switchDate,
				hint: tr(msgSwitchDateHint), optional: true, onInput: bind(&s.switchDate)}.ui(),
			s.save.feedback(),
			submitButton(msgSave, msgSaving, s.save.busy),
		))
}

// check keeps *b equal to a checkbox as the person ticks it.
func check(b *bool) ga.EventHandler {
	return func(ctx ga.Context, e ga.Event) { *b = ctx.JSSrc().Get("checked").Bool() }
}

func (s *orgSettingsSection) submit(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	var day time.Time
	if s.switchDate != "" {
		var err error
		if day, err = time.Parse(time.DateOnly, s.switchDate); err != nil {
			s.save.fail(msgBadDate)
			return
		}
	}
	domains := strings.FieldsFunc(s.domains, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' })
	in := api.OrgSettings{Enforce2FA: &s.enforce, AllowRememberDevice: &s.allow, TrustedDomains: &domains, SwitchDate: &day}
	slug := s.Slug
	request(ctx, &s.save, func(c *api.Client, cx context.Context) (api.OrgSettings, error) {
		return c.UpdateOrgSettings(cx, slug, in)
	},
		func(_ ga.Context, o api.OrgSettings) { s.show(o); s.save.ok = tr(msgSaved) }, map[string]msg{api.CodeForbidden: msgNotOrgAdmin})
}
