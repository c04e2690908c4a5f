package app

import (
	"context"
	"strconv"
	"strings"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// keyLinkTicket (sessionStorage) keeps the ticket of the linking screen
// once it is out of the address, so a reload of the tab goes on.
const keyLinkTicket = "porta.linkTicket"

// otherEmail is the value of the "Another email address" choice.
const otherEmail = "other"

// linkPage is api.PathLink?ticket=…, where a product's user connects to a
// Porta account: choose an address (one the product suggests, or another),
// enter the code emailed to it, done. It needs no Porta session.
type linkPage struct {
	ga.Compo
	ticket string
	info   api.LinkPage
	choice string // the chosen suggestion, or otherEmail
	sentTo string // where the code went, once it did
	linked *api.Linked
	load   call
	send   call
	verify call
	pwLink call // "Set your password" by email
}

func newLinkPage() *linkPage { return &linkPage{} }

func (p *linkPage) OnNav(ctx ga.Context) { setTitle(ctx, tr(msgLinkTitle)) }

// OnMount takes the ticket out of the address, so that it lingers neither
// in the history nor in a shared screenshot, and loads what it opens.
func (p *linkPage) OnMount(ctx ga.Context) {
	page := ctx.Page()
	u := *page.URL()
	if t := queryValue(u.RawQuery, "ticket"); t != "" {
		ctx.SessionStorage().Set(keyLinkTicket, t)
		u.RawQuery = ""
		page.ReplaceURL(&u)
	}
	p.ticket = stored(ctx.SessionStorage(), keyLinkTicket)
	if p.ticket == "" {
		p.load.code, p.load.err = api.CodeInvalidLink, tr(msgLinkInvalid)
		return
	}
	p.reload(ctx)
}

func (p *linkPage) reload(ctx ga.Context) {
	ticket := p.ticket
	request(ctx, &p.load, func(c *api.Client, cx context.Context) (api.LinkPage, error) {
		return c.LinkInfo(cx, ticket)
	}, func(_ ga.Context, info api.LinkPage) {
		p.info, p.sentTo = info, info.CodeSentTo
		if p.choice == "" && len(info.Emails) > 0 {
			p.choice = info.Emails[0]
		} else if p.choice == "" {
			p.choice = otherEmail
		}
	}, linkErrors)
}

// linkErrors is what the screen says of a ticket that no longer works.
var linkErrors = map[string]msg{api.CodeInvalidLink: msgLinkInvalid, api.CodeExpiredLink: msgLinkExpired}

func (p *linkPage) Render() ga.UI {
	for _, c := range [...]*call{&p.load, &p.send, &p.verify} {
		if c.code == api.CodeInvalidLink || c.code == api.CodeExpiredLink {
			return shell(tr(msgLinkTitle), c.feedback(), backLink(PathAccount, tr(msgLinkGoToAccount)))
		}
	}
	switch {
	case p.linked != nil:
		return shell(tr(msgLinkDoneTitle), p.done()...)
	case p.info.Product == "":
		return shell(tr(msgLinkTitle), p.load.pending(msgLinkChecking, func(ctx ga.Context, _ ga.Event) { p.reload(ctx) }))
	case p.info.State == api.LinkLinked:
		return shell(tr(msgLinkTitle),
			ga.P().Class("lead").Text(tr(msgLinkAlreadyLinked, p.info.Product, p.info.OrgName)),
			backLink(PathAccount, tr(msgLinkGoToAccount)))
	case p.sentTo != "":
		return shell(tr(msgLinkCodeTitle), p.codeForm()...)
	}
	return shell(tr(msgLinkTitle), p.emailForm()...)
}

// emailForm offers the product's suggestions and another address.
func (p *linkPage) emailForm() []ga.UI {
	options := []ga.UI{ga.Legend().Text(tr(msgLinkChooseEmail))}
	for i, e := range p.info.Emails {
		options = append(options, radio("email-"+strconv.Itoa(i), "email-choice", e, e, p.choice == e, p.choose))
	}
	options = append(options, radio("email-other", "email-choice", otherEmail, tr(msgLinkAnotherEmail), p.choice == otherEmail, p.choose))
	var other ga.UI
	if p.choice == otherEmail {
		other = field{id: "other-email", label: tr(msgLinkOtherEmailLabel), kind: "email", autocomplete: "email",
			maxLength: api.MaxEmailLength, autofocus: len(p.info.Emails) > 0}.ui()
	}
	var who ga.UI
	if p.info.DisplayName != "" {
		who = ga.P().Text(tr(msgLinkForUser, p.info.Product, p.info.DisplayName))
	}
	return []ga.UI{
		ga.P().Class("lead").Text(tr(msgLinkLead, p.info.Product, p.info.OrgName)),
		who,
		form(p.sendCode,
			ga.FieldSet().Class("choice-list").Body(options...),
			other,
			p.send.feedback(),
			submitButton(msgLinkSendCode, msgLinkSending, p.send.busy),
		),
	}
}

func (p *linkPage) choose(ctx ga.Context, e ga.Event) {
	p.choice = ctx.JSSrc().Get("value").String()
}

// sendCode emails a code to the chosen address; an address of a domain
// the organization trusts comes back linked at once.
func (p *linkPage) sendCode(ctx ga.Context, e ga.Event) {
	e.PreventDefault()
	email := p.choice
	if email == otherEmail {
		email = strings.TrimSpace(formValue(e, "other-email"))
	}
	p.sendTo(ctx, email)
}

func (p *linkPage) sendTo(ctx ga.Context, email string) {
	ticket := p.ticket
	request(ctx, &p.send, func(c *api.Client, cx context.Context) (api.LinkSent, error) {
		return c.SendLinkCode(cx, ticket, email)
	}, func(_ ga.Context, sent api.LinkSent) {
		if sent.Linked != nil {
			p.linked = sent.Linked
			return
		}
		p.sentTo, p.verify = sent.Email, call{}
	}, linkErrors)
}
