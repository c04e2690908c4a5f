package app

import (
	"context"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// auditSection is the organization's log for its admins: newest first,
// narrowed by person and kind, with older pages added below on request.
type auditSection struct {
	ga.Compo
	Slug   string
	filter api.OrgAuditFilter
	events []api.AuditEntry
	next   string
	loaded bool
	load   call
}

// auditKinds names each kind of event as the log shows it.
var auditKinds = map[string]msg{
	api.AuditOrgCreated:          msgAuditOrgCreated,
	api.AuditOrgChanged:          msgAuditOrgChanged,
	api.AuditMemberAdded:         msgAuditMemberAdded,
	api.AuditRoleChanged:         msgAuditRoleChanged,
	api.AuditMemberRemoved:       msgAuditMemberRemoved,
	api.AuditInvited:             msgAuditInvited,
	api.AuditInvitationDeclined:  msgAuditInvitationDeclined,
	api.AuditInvitationWithdrawn: msgAuditInvitationWithdrawn,
	api.AuditProductLinked:       msgAuditProductLinked,
	api.AuditSSOLinked:           msgAuditSSOLinked,
	api.AuditSSOSignIn:           msgAuditSSOSignIn,
}

func (s *auditSection) OnMount(ctx ga.Context) { s.read(ctx, "") }

// read loads the page of the log older than before ("" for the newest);
// a first page replaces what is shown, an older one adds to it.
func (s *auditSection) read(ctx ga.Context, before string) {
	slug, f := s.Slug, s.filter
	f.Before = before
	request(ctx, &s.load, func(c *api.Client, cx context.Context) (api.OrgAudit, error) { return c.OrgAudit(cx, slug, f) },
		func(_ ga.Context, page api.OrgAudit) {
			if before == "" {
				s.events = nil
			}
			s.events, s.next, s.loaded = append(s.events, page.Events...), page.Next, true
		}, map[string]msg{api.CodeForbidden: msgNotOrgAdmin})
}

func (s *auditSection) submit(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	s.read(ctx, "")
}

func (s *auditSection) Render() ga.UI {
	kinds := []ga.UI{ga.Option().Value("").Text(tr(msgAuditAllKinds))}
	for _, k := range api.OrgAuditKinds {
		kinds = append(kinds, ga.Option().Value(k).Selected(k == s.filter.Kind).Text(tr(auditKinds[k])))
	}
	items := make([]ga.UI, 0, len(s.events))
	for _, e := range s.events {
		items = append(items, auditItem(e))
	}
	var after ga.UI
	switch {
	case s.next != "":
		after = button(msgAuditOlder, func(ctx ga.Context, _ ga.Event) { s.read(ctx, s.next) }).ID("audit-older").Disabled(s.load.busy)
	case s.loaded && len(items) == 0:
		after = ga.P().Class("hint").Text(tr(msgAuditEmpty))
	}
	return section("audit-title", msgAuditTitle,
		ga.Form().Class("search").Method("get").Role("search").Aria("label", tr(msgAuditFilter)).OnSubmit(s.submit).Body(
			field{id: "audit-person", label: tr(msgAuditPerson), kind: "search", value: s.filter.Person,
				maxLength: api.MaxEmailLength, optional: true, onInput: bind(&s.filter.Person)}.ui(),
			ga.Div().Class("field").Body(label("audit-kind", tr(msgAuditKind)),
				ga.Select().Class("input").ID("audit-kind").Name("kind").Body(kinds...).
					OnChange(func(ctx ga.Context, _ ga.Event) { s.filter.Kind = ctx.JSSrc().Get("value").String() })),
			submitButton(msgAuditShow, msgNone, s.load.busy && s.next == ""),
		),
		s.load.feedback(),
		ga.Ol().Class("sessions audit").Body(items...),
		after,
	)
}

// auditItem is one event: what happened and to whom, then when, by whom
// and the detail.
func auditItem(e api.AuditEntry) ga.UI {
	name := e.Kind // a kind newer than this app
	if m, ok := auditKinds[e.Kind]; ok {
		name = tr(m)
	}
	if e.Person != "" {
		name = tr(msgAuditAbout, name, e.Person)
	}
	meta := []string{when(e.Time)}
	if e.Actor != "" {
		meta = append(meta, tr(msgAuditBy, e.Actor))
	}
	if e.Detail != "" {
		meta = append(meta, e.Detail)
	}
	return item(name, strings.Join(meta, " · "), nil)
}
