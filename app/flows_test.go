package app

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
)

// fakeAPI answers each "METHOD /path" with a status and a JSON body, and
// with other otherwise (404 from useAPI); it keeps the body of every
// request it got.
type fakeAPI struct {
	replies map[string]reply
	other   reply
	mu      sync.Mutex
	got     map[string]string
}

type reply struct {
	status int
	body   string
}

func useAPI(t *testing.T, replies map[string]reply) *fakeAPI {
	t.Helper()
	old := client
	t.Cleanup(func() { client = old })
	f := &fakeAPI{replies: replies, other: apiErr(404, api.CodeNotFound, "Not found."), got: map[string]string{}}
	client = api.NewClient(f)
	return f
}

// answerAll makes every request get r.
func answerAll(t *testing.T, r reply) *fakeAPI {
	t.Helper()
	f := useAPI(t, nil)
	f.other = r
	return f
}

func (f *fakeAPI) Do(_ context.Context, method, path string, body []byte) (int, []byte, error) {
	f.mu.Lock()
	f.got[method+" "+path] = string(body)
	f.mu.Unlock()
	if r, ok := f.replies[method+" "+path]; ok {
		return r.status, []byte(r.body), nil
	}
	return f.other.status, []byte(f.other.body), nil
}

func apiErr(status int, code, message string) reply {
	return reply{status, `{"error":{"code":"` + code + `","message":"` + message + `"}}`}
}

// at runs f with the test page's address set to rawURL.
func at(rawURL string, f func(ga.Context)) *harness {
	return &harness{f: func(ctx ga.Context) {
		u, _ := url.Parse(rawURL)
		ctx.Page().ReplaceURL(u)
		f(ctx)
	}}
}

// saveOn opens a link page at rawURL and submits a strong new password.
func saveOn(t *testing.T, rawURL string, open func(ga.Context), l *emailedLink, submit ga.EventHandler) {
	t.Helper()
	MustRender(t, at(rawURL, func(ctx ga.Context) {
		open(ctx)
		l.pw.next, l.pw.confirm = "Tr0ub4dor&3", "Tr0ub4dor&3"
		submit(ctx, submitEvent)
	}))
}

// submitEvent stands in for a form's submit event.
var submitEvent = ga.Event{Value: ga.Null()}

// html escapes s as go-app writes text.
func esc(s string) string {
	return strings.NewReplacer(`'`, "&#39;", `"`, "&#34;").Replace(s)
}

const acceptedBody = `{"message":"If that address has a Porta account, we have sent it a link to reset the password. The link works for 1 hour."}`

func TestForgotPage(t *testing.T) {
	assertContains(t, MustRender(t, &forgotPage{}),
		"<h1>Reset your password</h1>",
		`<label for="email">Email</label>`,
		">Send recovery email<",
		`href="/"`,
	)
	t.Run("Sent", func(t *testing.T) {
		f := useAPI(t, map[string]reply{api.RoutePasswordForgot.String(): {202, acceptedBody}})
		p := &forgotPage{}
		MustRender(t, &harness{f: func(ctx ga.Context) { p.form.send(ctx, "ann@example.com", (*api.Client).ForgotPassword) }})
		html := ga.HTMLString(p)
		assertContains(t, html, "The link works for 1 hour.", `role="status"`, "Back to sign in")
		if strings.Contains(html, "<form") {
			t.Errorf("the form stays after sending:\n%s", html)
		}
		if got := f.got[api.RoutePasswordForgot.String()]; got != `{"email":"ann@example.com"}` {
			t.Errorf("sent %s", got)
		}
	})
	t.Run("TooManyAttempts", func(t *testing.T) {
		useAPI(t, map[string]reply{api.RoutePasswordForgot.String(): apiErr(429, api.CodeTooManyAttempts, "Too many requests. Wait 10 minutes.")})
		p := &forgotPage{}
		MustRender(t, &harness{f: func(ctx ga.Context) { p.form.send(ctx, "ann@example.com", (*api.Client).ForgotPassword) }})
		assertContains(t, ga.HTMLString(p), `role="alert"`, "Too many requests. Wait 10 minutes.", ">Send recovery email<")
	})
}

func TestFindPage(t *testing.T) {
	assertContains(t, MustRender(t, &findPage{}),
		"<h1>Find your environment</h1>",
		esc(tr(msgFindLead)),
		`<label for="email">Email</label>`,
		">Send<",
	)
	useAPI(t, map[string]reply{api.RouteEnvironmentsFind.String(): {202, `{"message":"If that address has a Porta account, we have sent it the names."}`}})
	p := &findPage{}
	MustRender(t, &harness{f: func(ctx ga.Context) { p.form.send(ctx, "ann@example.com", (*api.Client).FindEnvironments) }})
	assertContains(t, ga.HTMLString(p), "we have sent it the names.", `href="/"`)
}

func TestResetPage(t *testing.T) {
	assertContains(t, MustRender(t, &resetPage{}), "<h1>Reset your password</h1>", tr(msgCheckingLink))

	t.Run("Valid", func(t *testing.T) {
		f := useAPI(t, map[string]reply{api.RoutePasswordResetCheck.String(): {200, `{"email":"ann@example.com"}`}})
		p := &resetPage{}
		var left *url.URL
		MustRender(t, at("/reset?token=s3cret", func(ctx ga.Context) {
			p.OnMount(ctx)
			left = ctx.Page().URL()
		}))
		assertContains(t, ga.HTMLString(p),
			"Choose a new password for ann@example.com",
			`<label for="new-password">New password</label>`,
			"Both passwords match",
			">Save<",
		)
		if left.String() != "/reset" {
			t.Errorf("address after opening: %s, want the token gone", left)
		}
		if got := f.got[api.RoutePasswordResetCheck.String()]; got != `{"token":"s3cret"}` {
			t.Errorf("checked %s", got)
		}
	})
	for _, tc := range []struct{ name, url string }{
		{"Invalid", "/reset?token=used"},
		{"NoToken", "/reset"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			useAPI(t, map[string]reply{api.RoutePasswordResetCheck.String(): apiErr(400, api.CodeInvalidLink, "server text")})
			p := &resetPage{}
			MustRender(t, at(tc.url, p.OnMount))
			html := ga.HTMLString(p)
			assertContains(t, html, esc(tr(msgResetLinkInvalid)), `<a href="/forgot">Send a new link</a>`)
			if strings.Contains(html, "<form") {
				t.Errorf("an unusable link shows the form:\n%s", html)
			}
		})
	}
	t.Run("Saved", func(t *testing.T) {
		f := useAPI(t, map[string]reply{
			api.RoutePasswordResetCheck.String(): {200, `{"email":"ann@example.com"}`},
			api.RoutePasswordReset.String():      {200, `{"email":"ann@example.com"}`},
		})
		p := &resetPage{}
		saveOn(t, "/reset?token=s3cret", p.OnMount, &p.link, p.submit)
		assertContains(t, ga.HTMLString(p), tr(msgPasswordReset), `<a href="/">Sign in</a>`)
		if got := f.got[api.RoutePasswordReset.String()]; got != `{"token":"s3cret","newPassword":"Tr0ub4dor\u00263"}` {
			t.Errorf("saved %s", got)
		}
	})
	t.Run("Offline", func(t *testing.T) {
		p := &resetPage{}
		MustRender(t, at("/reset?token=s3cret", p.OnMount))
		assertContains(t, ga.HTMLString(p), esc(tr(msgOffline)), ">Try again<")
	})
}

func TestActivatePage(t *testing.T) {
	check := api.RouteActivationCheck.String()
	t.Run("Valid", func(t *testing.T) {
		useAPI(t, map[string]reply{check: {200, `{"email":"ann@example.com","name":"Ann"}`}})
		p := &activatePage{}
		MustRender(t, at("/activate?token=t", p.OnMount))
		assertContains(t, ga.HTMLString(p),
			"<h1>Activate your account</h1>",
			"Welcome, Ann. Choose a password to finish setting up your Porta account.",
			"Both passwords match",
			">Activate<",
		)
	})
	t.Run("Expired", func(t *testing.T) {
		f := useAPI(t, map[string]reply{
			check:                              apiErr(410, api.CodeExpiredLink, "server text"),
			api.RouteActivationResend.String(): {202, `{"message":"We have sent you a new link."}`},
		})
		p := &activatePage{}
		MustRender(t, at("/activate?token=old", p.OnMount))
		assertContains(t, ga.HTMLString(p), tr(msgActivationExpired), ">Email me a new link<")
		MustRender(t, &harness{f: func(ctx ga.Context) { p.sendNewLink(ctx, submitEvent) }})
		assertContains(t, ga.HTMLString(p), tr(msgActivationExpired), "We have sent you a new link.")
		if got := f.got[api.RouteActivationResend.String()]; got != `{"token":"old"}` {
			t.Errorf("resent %s", got)
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		useAPI(t, map[string]reply{check: apiErr(400, api.CodeInvalidLink, "server text")})
		p := &activatePage{}
		MustRender(t, at("/activate?token=used", p.OnMount))
		assertContains(t, ga.HTMLString(p), tr(msgActivationInvalid), `<a href="/">Sign in</a>`, `<a href="/forgot">Forgot your password?</a>`)
	})
	t.Run("Activated", func(t *testing.T) {
		useAPI(t, map[string]reply{
			check:                        {200, `{"email":"ann@example.com"}`},
			api.RouteActivation.String(): {200, `{"next":"done"}`},
		})
		p := &activatePage{}
		saveOn(t, "/activate?token=t", p.OnMount, &p.link, p.submit)
		if p.link.save.err != "" {
			t.Errorf("activation failed: %s", p.link.save.err)
		}
	})
}

func TestOrgSignInPage(t *testing.T) {
	useAPI(t, map[string]reply{"GET " + api.RouteOrg.Fill("acme"): {200, `{"slug":"acme","name":"Acme","signInUrl":"/o/acme"}`}})
	p := &orgSignInPage{}
	MustRender(t, &harness{f: func(ctx ga.Context) { p.open(ctx, "acme") }})
	assertContains(t, MustRender(t, p), "<h1>Sign in to Acme</h1>", `<label for="email">Email</label>`, ">Next<")

	p = &orgSignInPage{}
	MustRender(t, &harness{f: func(ctx ga.Context) { p.open(ctx, "nope") }})
	assertContains(t, ga.HTMLString(p), esc(tr(msgUnknownOrg, "nope")), `<a href="/">`, `<a href="/find">`)

	re := regexp.MustCompile(PatternOrg)
	for path, want := range map[string]bool{"/o/acme": true, "/o/acme-2": true, "/o/": false, "/o/a/b": false, "/xo/acme": false} {
		if re.MatchString(path) != want {
			t.Errorf("PatternOrg matches %s: %v, want %v", path, !want, want)
		}
	}
}

func TestOrgsSection(t *testing.T) {
	useAPI(t, map[string]reply{api.RouteAccountOrgs.String(): {200, `{"orgs":[{"slug":"acme","name":"Acme","signInUrl":"https://acme.porta.example/","role":"admin"}]}`}})
	s := &orgsSection{}
	MustRender(t, &harness{f: s.OnMount})
	assertContains(t, ga.HTMLString(s), "<h2", tr(msgOrgsTitle), "Acme", "admin", `<a href="https://acme.porta.example/">https://acme.porta.example/</a>`)

	useAPI(t, map[string]reply{api.RouteAccountOrgs.String(): {200, `{"orgs":[]}`}})
	s = &orgsSection{}
	MustRender(t, &harness{f: s.OnMount})
	assertContains(t, ga.HTMLString(s), esc(tr(msgNoOrgs)))
}

func TestServiceWorkerOpensUncachedPagesOffline(t *testing.T) {
	if sw := Handler().ServiceWorkerTemplate; !strings.Contains(sw, `caches.match("/")`) || !strings.Contains(sw, "{{.ResourcesToCache}}") {
		t.Errorf("the worker lacks the offline fallback (has go-app's worker changed?):\n%s", sw)
	}
}

func TestQueryValue(t *testing.T) {
	for query, want := range map[string]string{
		"token=abc":            "abc",
		"a=1&token=a%2Bb%3D&x": "a+b=",
		"tokens=1&token=":      "",
		"":                     "",
	} {
		if got := queryValue(query, "token"); got != want {
			t.Errorf("queryValue(%q) = %q, want %q", query, got, want)
		}
	}
}
