package identity

import (
	"context"
	"fmt"

	"github.com/porta-id/porta/api"
)

// OrgProgress counts how far the organization's move to Porta has come:
// its members, those with two-step verification on, and each of its
// products' users by link state. It reads the organization's own
// memberships, factors and product users, never the whole store.
// Errors: api.CodeNotFound.
func (s *Service) OrgProgress(ctx context.Context, slug string) (api.OrgProgress, error) {
	o, err := s.Org(ctx, slug)
	if err != nil {
		return api.OrgProgress{}, err
	}
	ms, err := s.store.ListMembershipsByOrg(ctx, o.ID)
	if err != nil {
		return api.OrgProgress{}, fmt.Errorf("progress: %w", err)
	}
	out := api.OrgProgress{Members: len(ms), Products: []api.ProductProgress{}}
	for _, m := range ms {
		t, err := s.TwoStepState(ctx, m.AccountID)
		if err != nil {
			return api.OrgProgress{}, fmt.Errorf("progress: %w", err)
		}
		if t.Enabled() {
			out.TwoStep++
		}
	}
	clients, err := s.store.ListClients(ctx)
	if err != nil {
		return api.OrgProgress{}, fmt.Errorf("progress: %w", err)
	}
	now := s.now()
	for _, c := range clients {
		if c.OrgID != o.ID {
			continue
		}
		users, err := s.store.ListProductUsers(ctx, c.ID, o.ID)
		if err != nil {
			return api.OrgProgress{}, fmt.Errorf("progress: %w", err)
		}
		p := api.ProductProgress{ClientID: c.ID, Name: c.Name}
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
