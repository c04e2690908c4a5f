package app

import (
	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// linkedProvidersSection lists the organizations' identity providers the
// person signs in with. Most people have none, and then it shows nothing.
type linkedProvidersSection struct {
	ga.Compo
	providers []api.LinkedProvider
	load      call
}

func (s *linkedProvidersSection) OnMount(ctx ga.Context) {
	request(ctx, &s.load, (*api.Client).LinkedProviders, func(_ ga.Context, l api.LinkedProviderList) {
		s.providers = l.Providers
	}, nil)
}

func (s *linkedProvidersSection) Render() ga.UI {
	if len(s.providers) == 0 && s.load.err == "" {
		return ga.Div().Hidden(true)
	}
	items := make([]ga.UI, 0, len(s.providers))
	for _, p := range s.providers {
		meta := tr(msgLinkedMeta, p.Org, p.Email, when(p.LinkedAt))
		if !p.LastUsedAt.IsZero() {
			meta = tr(msgLinkedMetaUsed, p.Org, p.Email, when(p.LastUsedAt))
		}
		items = append(items, item(p.Name, meta, nil))
	}
	return section("linked-title", msgLinkedTitle,
		ga.P().Class("hint").Text(tr(msgLinkedLead)),
		ga.Ul().Class("sessions").Body(items...),
		s.load.feedback(),
	)
}
