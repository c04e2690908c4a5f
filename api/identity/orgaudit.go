package identity

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// orgAuditPageSize is how many events one page of an organization's log
// shows.
const orgAuditPageSize = 50

// OrgAudit returns a page of the organization's log, newest first,
// narrowed by f. Errors: api.CodeNotFound, api.CodeInvalidRequest (a
// filter or cursor that is not one).
func (s *Service) OrgAudit(ctx context.Context, slug string, f api.OrgAuditFilter) (api.OrgAudit, error) {
	o, err := s.Org(ctx, slug)
	if err != nil {
		return api.OrgAudit{}, err
	}
	q := store.OrgAuditQuery{OrgID: o.ID, Type: f.Kind, Limit: orgAuditPageSize}
	if f.Kind != "" && !slices.Contains(api.OrgAuditKinds, f.Kind) {
		return api.OrgAudit{}, Errorf(api.CodeInvalidRequest, "There is no kind of event called %q.", f.Kind)
	}
	if f.Person != "" {
		if q.Person, err = NormalizeEmail(f.Person); err != nil {
			return api.OrgAudit{}, err
		}
	}
	if q.Before, err = parseAuditCursor(f.Before); err != nil {
		return api.OrgAudit{}, err
	}
	events, next, err := s.store.ListOrgAudit(ctx, q)
	if err != nil {
		return api.OrgAudit{}, fmt.Errorf("organization log: %w", err)
	}
	out := api.OrgAudit{Events: make([]api.AuditEntry, 0, len(events)), Next: formatAuditCursor(next)}
	for _, e := range events {
		out.Events = append(out.Events, api.AuditEntry{Time: e.Time, Kind: e.Type, Person: e.Email, Actor: e.Actor, Detail: e.Detail, IP: e.IP})
	}
	return out, nil
}

// formatAuditCursor writes c as OrgAudit's Next: the time in Unix
// nanoseconds, a dot, the event ID.
func formatAuditCursor(c store.AuditCursor) string {
	if c.IsZero() {
		return ""
	}
	return strconv.FormatInt(c.Time.UnixNano(), 10) + "." + c.ID
}

// parseAuditCursor reads what formatAuditCursor wrote; "" is the start.
func parseAuditCursor(s string) (store.AuditCursor, error) {
	if s == "" {
		return store.AuditCursor{}, nil
	}
	nanos, id, ok := strings.Cut(s, ".")
	n, err := strconv.ParseInt(nanos, 10, 64)
	if !ok || err != nil || id == "" || len(id) > 64 {
		return store.AuditCursor{}, Errorf(api.CodeInvalidRequest, "That is not a place in the log; start again from the newest events.")
	}
	return store.AuditCursor{Time: time.Unix(0, n).UTC(), ID: id}, nil
}
