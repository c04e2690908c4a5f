package identity

import (
	"context"
	"fmt"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/store"
)

// dayLayout is how a progress snapshot names its day.
const dayLayout = time.DateOnly

// OrgProgress counts how far the organization's move to Porta has come:
// its members, those with two-step verification on, and each of its
// products' users by link state, with the board of each of the last
// api.ProgressDays days. It reads the organization's own memberships,
// factors, product users and snapshots, never the whole store, and keeps
// what it counted as today's snapshot. Errors: api.CodeNotFound.
func (s *Service) OrgProgress(ctx context.Context, slug string) (api.OrgProgress, error) {
	o, err := s.Org(ctx, slug)
	if err != nil {
		return api.OrgProgress{}, err
	}
	clients, err := s.orgClients(ctx, o.ID)
	if err != nil {
		return api.OrgProgress{}, err
	}
	now := s.now()
	today, err := s.countProgress(ctx, o.ID, clients, now)
	if err != nil {
		return api.OrgProgress{}, err
	}
	if err := s.store.PutProgressSnapshot(ctx, today); err != nil {
		return api.OrgProgress{}, fmt.Errorf("progress: %w", err)
	}
	days, err := s.store.ListProgressSnapshots(ctx, o.ID, now.UTC().AddDate(0, 0, 1-api.ProgressDays).Format(dayLayout))
	if err != nil {
		return api.OrgProgress{}, fmt.Errorf("progress: %w", err)
	}
	board := progressDay(today, clients)
	out := api.OrgProgress{Members: board.Members, TwoStep: board.TwoStep, Products: board.Products, History: make([]api.ProgressDay, 0, len(days))}
	for _, d := range days {
		out.History = append(out.History, progressDay(d, clients))
	}
	return out, nil
}

// RecordProgress keeps today's progress board of every organization that
// has none yet, so the boards' history has a point a day even when no
// admin looks. The server runs it with the sweep; it reads each
// organization's own records, once a day. It returns how many it kept.
func (s *Service) RecordProgress(ctx context.Context) (int, error) {
	orgs, err := s.store.ListOrgs(ctx)
	if err != nil {
		return 0, fmt.Errorf("record progress: %w", err)
	}
	now := s.now()
	day, kept := now.UTC().Format(dayLayout), 0
	for _, o := range orgs {
		if have, err := s.store.ListProgressSnapshots(ctx, o.ID, day); err != nil || len(have) > 0 {
			if err != nil {
				return kept, fmt.Errorf("record progress: %w", err)
			}
			continue
		}
		clients, err := s.orgClients(ctx, o.ID)
		if err != nil {
			return kept, err
		}
		p, err := s.countProgress(ctx, o.ID, clients, now)
		if err == nil {
			err = s.store.PutProgressSnapshot(ctx, p)
		}
		if err != nil {
			return kept, fmt.Errorf("record progress: %w", err)
		}
		kept++
	}
	return kept, nil
}

// orgClients are the products limited to the organization.
func (s *Service) orgClients(ctx context.Context, orgID string) ([]store.Client, error) {
	all, err := s.store.ListClients(ctx)
	if err != nil {
		return nil, fmt.Errorf("progress: %w", err)
	}
	var out []store.Client
	for _, c := range all {
		if c.OrgID == orgID {
			out = append(out, c)
		}
	}
	return out, nil
}

// countProgress counts the organization's board as it stands at now.
func (s *Service) countProgress(ctx context.Context, orgID string, clients []store.Client, now time.Time) (store.ProgressSnapshot, error) {
	ms, err := s.store.ListMembershipsByOrg(ctx, orgID)
	if err != nil {
		return store.ProgressSnapshot{}, fmt.Errorf("progress: %w", err)
	}
	out := store.ProgressSnapshot{OrgID: orgID, Day: now.UTC().Format(dayLayout), Members: len(ms)}
	for _, m := range ms {
		t, err := s.TwoStepState(ctx, m.AccountID)
		if err != nil {
			return store.ProgressSnapshot{}, fmt.Errorf("progress: %w", err)
		}
		if t.Enabled() {
			out.TwoStep++
		}
	}
	for _, c := range clients {
		users, err := s.store.ListProductUsers(ctx, c.ID, orgID)
		if err != nil {
			return store.ProgressSnapshot{}, fmt.Errorf("progress: %w", err)
		}
		p := store.ProductCounts{ClientID: c.ID}
		for _, u := range users {
			switch linkState(u, now) {
			case api.LinkLinked:
				p.Linked++
			case api.LinkPostponed:
				p.Postponed++
			default:
				p.NotStarted++
			}
		}
		out.Products = append(out.Products, p)
	}
	return out, nil
}

// progressDay is a snapshot as the board shows it, its products named.
func progressDay(p store.ProgressSnapshot, clients []store.Client) api.ProgressDay {
	names := map[string]string{}
	for _, c := range clients {
		names[c.ID] = c.Name
	}
	d := api.ProgressDay{Day: p.Day, Members: p.Members, TwoStep: p.TwoStep, Products: make([]api.ProductProgress, 0, len(p.Products))}
	for _, c := range p.Products {
		d.Products = append(d.Products, api.ProductProgress{ClientID: c.ClientID, Name: names[c.ClientID],
			Linked: c.Linked, Postponed: c.Postponed, NotStarted: c.NotStarted})
	}
	return d
}
