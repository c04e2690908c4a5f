package app

import (
	"context"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// emailedLink is what the screens behind an emailed link (password reset,
// activation) share: the link's token, what the server says of the link,
// and the new password chosen on it.
type emailedLink struct {
	check func(*api.Client, context.Context, string) (api.LinkInfo, error)
	msgs  map[string]msg // what to say of the codes that make a link unusable
	token string
	info  api.LinkInfo
	load  call
	pw    newPassword
	save  call
}

// open takes the token out of the address, so that it lingers neither in
// the history nor on screen, and checks it. A missing token reads as a link
// that is not valid.
func (l *emailedLink) open(ctx ga.Context, check func(*api.Client, context.Context, string) (api.LinkInfo, error), msgs map[string]msg) {
	page := ctx.Page()
	u := *page.URL()
	l.token = queryValue(u.RawQuery, "token")
	if u.RawQuery != "" {
		u.RawQuery = ""
		page.ReplaceURL(&u)
	}
	l.check, l.msgs = check, msgs
	ctx.Handle(actionCheckLink, func(ctx ga.Context, _ ga.Action) { l.verify(ctx) })
	if l.token == "" {
		l.load.code, l.load.err = api.CodeInvalidLink, tr(msgs[api.CodeInvalidLink])
		return
	}
	l.pw.loadPolicy(ctx)
	l.verify(ctx)
}

// verify asks the server about the token.
func (l *emailedLink) verify(ctx ga.Context) {
	token := l.token
	request(ctx, &l.load, func(c *api.Client, cx context.Context) (api.LinkInfo, error) {
		return l.check(c, cx, token)
	}, func(_ ga.Context, info api.LinkInfo) { l.info = info }, l.msgs)
}

// retry checks the link again, on the page's context: the button is gone
// while the check runs.
func (l *emailedLink) retry(ctx ga.Context, e ga.Event) { ctx.NewAction(actionCheckLink) }

// unusable returns the call that found the link unusable, or nil.
func (l *emailedLink) unusable() *call {
	for _, c := range [...]*call{&l.load, &l.save} {
		if c.code == api.CodeInvalidLink || c.code == api.CodeExpiredLink {
			return c
		}
	}
	return nil
}

// content is what the page for the link shows: unusable says so, the link
// still being checked (or that failing) shows that, and a usable link shows
// lead above the new password form.
func (l *emailedLink) content(unusable func(*call) ga.UI, lead string, submit ga.EventHandler, button, busy msg) []ga.UI {
	if c := l.unusable(); c != nil {
		return []ga.UI{unusable(c)}
	}
	if l.info.Email == "" {
		return []ga.UI{l.load.pending(msgCheckingLink, l.retry)}
	}
	return []ga.UI{
		ga.P().Class("lead").Text(lead),
		form(submit,
			usernameHint(l.info.Email),
			l.pw.fields(l.info.Email),
			l.save.feedback(),
			submitButton(button, busy, l.save.busy),
		),
	}
}

// saveLink calls send with the token and the new password once it meets
// the rules; send keeps the answer for done.
func saveLink(ctx ga.Context, e ga.Event, l *emailedLink, send func(cx context.Context, c *api.Client, token, password string) error, done func(ga.Context)) {
	e.PreventDefault()
	if m := l.pw.problem(l.info.Email); m != msgNone {
		l.save.fail(m)
		return
	}
	token, next := l.token, l.pw.next
	perform(ctx, &l.save, func(c *api.Client, cx context.Context) error {
		return send(cx, c, token, next)
	}, done, l.msgs)
}
