package app

import (
	"context"
	"slices"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// appsSection lists the products the account has signed in to with Porta,
// what each sees and since when, and takes a product's access away.
type appsSection struct {
	ga.Compo
	apps   []api.App
	load   call
	revoke call
}

func (s *appsSection) OnMount(ctx ga.Context) {
	request(ctx, &s.load, (*api.Client).Apps, func(_ ga.Context, l api.AppList) {
		s.apps = append([]api.App{}, l.Apps...)
	}, nil)
}

func (s *appsSection) Render() ga.UI {
	items := make([]ga.UI, 0, len(s.apps))
	for _, a := range s.apps {
		items = append(items, s.item(a))
	}
	var none ga.UI
	if s.apps != nil && len(items) == 0 {
		none = ga.P().Class("hint").Text(tr(msgNoApps))
	}
	return section("apps-title", msgAppsTitle,
		ga.P().Class("hint").Text(tr(msgAppsLead)),
		none,
		ga.Ul().Class("sessions").Body(items...),
		s.load.feedback(),
		s.revoke.feedback(),
	)
}

func (s *appsSection) item(a api.App) ga.UI {
	var since ga.UI
	switch {
	case a.LastSignIn != nil:
		since = ga.P().Class("meta").Text(tr(msgAppLastSignIn, when(*a.LastSignIn)))
	case a.Consented != nil:
		since = ga.P().Class("meta").Text(tr(msgAppAllowed, when(*a.Consented)))
	}
	return ga.Li().Class("session").Body(
		ga.Div().Body(
			ga.Strong().Text(a.Name),
			ga.P().Class("meta").Text(strings.Join(scopeTexts(a.Scopes), " · ")),
			since,
		),
		button(msgRemoveAccess, s.remove).Value(a.ClientID).Aria("label", tr(msgRemoveAccessNamed, a.Name)),
	)
}

// remove reads the client id from the button, like revokeOne. The entry
// goes once the server has taken the access away, or had none to take.
func (s *appsSection) remove(ctx ga.Context, e ga.Event) {
	s.revokeApp(ctx, ctx.JSSrc().Get("value").String())
}

func (s *appsSection) revokeApp(ctx ga.Context, id string) {
	name := id
	if i := s.index(id); i >= 0 {
		name = s.apps[i].Name
	}
	request(ctx, &s.revoke, func(c *api.Client, cx context.Context) (bool, error) {
		err := c.RevokeApp(cx, id)
		if api.ErrorCode(err) == api.CodeNotFound {
			return false, nil
		}
		return true, err
	}, func(_ ga.Context, revoked bool) {
		if i := s.index(id); i >= 0 {
			s.apps = slices.Delete(s.apps, i, i+1)
		}
		if s.revoke.ok = tr(msgAccessRemoved, name); !revoked {
			s.revoke.ok = tr(msgAppGone)
		}
	}, nil)
}

func (s *appsSection) index(clientID string) int {
	return slices.IndexFunc(s.apps, func(a api.App) bool { return a.ClientID == clientID })
}
