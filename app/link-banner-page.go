package app

import (
	"context"
	"net/url"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// linkBannerPage is api.PathLinkBanner?ticket=…, the notice a product
// embeds in an iframe for a user it has not linked to Porta yet: "Go to
// account settings" opens the linking screen in a new tab, "Not right
// now" hides the notice for a day. It has no header: it lives inside the
// product's page, and tells that page (postMessage) when it is done.
type linkBannerPage struct {
	ga.Compo
	ticket    string
	banner    api.LinkBanner
	loaded    bool
	postponed bool
	load      call
	later     call
}

func newLinkBannerPage() *linkBannerPage { return &linkBannerPage{} }

// OnNav reads the ticket, also when prerendering, so that the first paint
// already links onwards.
func (p *linkBannerPage) OnNav(ctx ga.Context) {
	setTitle(ctx, tr(msgBannerTitle))
	p.ticket = queryValue(ctx.Page().URL().RawQuery, "ticket")
}

// OnMount may run before OnNav: it reads the ticket itself.
func (p *linkBannerPage) OnMount(ctx ga.Context) {
	p.ticket = queryValue(ctx.Page().URL().RawQuery, "ticket")
	ticket := p.ticket
	request(ctx, &p.load, func(c *api.Client, cx context.Context) (api.LinkBanner, error) {
		return c.LinkBannerFor(cx, ticket)
	}, func(ctx ga.Context, b api.LinkBanner) {
		p.banner, p.loaded = b, true
		p.OnResize(ctx)
	}, nil)
}

// OnResize tells the product the banner's new height once it is drawn:
// the text wraps otherwise when the iframe changes width.
func (p *linkBannerPage) OnResize(ctx ga.Context) {
	ctx.Defer(func(ga.Context) { tellProduct(map[string]any{"height": bannerHeight()}) })
}

func (p *linkBannerPage) Render() ga.UI {
	switch {
	case p.load.code == api.CodeInvalidLink || p.load.code == api.CodeExpiredLink:
		return bannerNote(tr(msgBannerInvalid))
	case p.postponed || (p.loaded && !p.banner.Show && !p.banner.Linked):
		return bannerNote(tr(msgBannerPostponed))
	case p.loaded && p.banner.Linked:
		return bannerNote(tr(msgBannerLinked))
	}
	text := tr(msgBannerTextGeneric)
	if p.loaded {
		text = tr(msgBannerText, p.banner.Product, p.banner.OrgName)
	}
	return ga.Aside().Class("banner").Aria("labelledby", "banner-title").Body(
		ga.H1().ID("banner-title").Text(tr(msgBannerTitle)),
		ga.P().Text(text),
		p.later.feedback(),
		ga.Div().Class("actions").Body(
			ga.A().Class("primary").Href(PathLink+"?ticket="+url.QueryEscape(p.ticket)).Target("_blank").Rel("noopener").Text(tr(msgBannerSettings)),
			submitLikeButton(msgBannerLater, p.later.busy, p.postpone),
		),
	)
}

// postpone is "Not right now".
func (p *linkBannerPage) postpone(ctx ga.Context, e ga.Event) {
	ticket := p.ticket
	request(ctx, &p.later, func(c *api.Client, cx context.Context) (api.LinkBanner, error) {
		return c.PostponeLinkByTicket(cx, ticket)
	}, func(ctx ga.Context, b api.LinkBanner) {
		p.banner, p.postponed = b, true
		tellProduct(map[string]any{"state": api.LinkPostponed})
	}, nil)
}

// bannerNote is the banner once there is nothing to ask.
func bannerNote(text string) ga.UI {
	return ga.Aside().Class("banner").Body(ga.P().Role("status").Text(text))
}

// submitLikeButton is a secondary button that says it is busy while busy.
func submitLikeButton(label msg, busy bool, onClick ga.EventHandler) ga.UI {
	b := button(label, onClick)
	if busy {
		b = b.Disabled(true).Aria("busy", "true")
	}
	return b
}

// tellProduct tells the page that embeds the banner what it needs to
// know, as {"porta": "link", …}: the banner's height, so the iframe fits
// it, and the person's answer, so the page can take the banner away. It
// says nothing that the product does not learn from Porta's API.
func tellProduct(m map[string]any) {
	m["porta"] = "link"
	if parent := ga.Window().Get("parent"); parent.Truthy() {
		parent.Call("postMessage", m, "*")
	}
}

// bannerHeight is how tall the page of the drawn banner is, in CSS pixels.
func bannerHeight() int {
	b := ga.Window().Get("document").Call("querySelector", ".banner")
	if !b.Truthy() {
		return 0
	}
	return int(b.Call("getBoundingClientRect").Get("bottom").Float()+ga.Window().Get("scrollY").Float()) + 1
}
