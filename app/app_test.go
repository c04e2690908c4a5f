package app

import (
	"strings"
	"testing"

	ga "github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/policy"
)

// MustRender loads c in a test engine and returns its prerendered HTML.
func MustRender(tb testing.TB, c ga.Composer) string {
	tb.Helper()
	e := ga.NewTestEngine()
	if err := e.Load(c); err != nil {
		tb.Fatalf("load %T: %v", c, err)
	}
	e.ConsumeAll()
	return ga.HTMLString(c)
}

func assertContains(tb testing.TB, html string, want ...string) {
	tb.Helper()
	for _, w := range want {
		if !strings.Contains(html, w) {
			tb.Errorf("page lacks %q in:\n%s", w, html)
		}
	}
}

func TestSignInPage(t *testing.T) {
	html := MustRender(t, &signInPage{})
	assertContains(t, html,
		`<label for="email">Email</label>`,
		`autocomplete="username webauthn"`,
		`Remember my email on this device`,
		`Don&#39;t use this on a shared or public computer.`,
		`>Next<`,
		`<a href="/find">I don&#39;t know the name of my environment</a>`,
	)
	for _, bad := range []string{"disabled", "checked", `="false"`, "style="} {
		if strings.Contains(html, bad) {
			t.Errorf("prerendered sign-in page contains %q:\n%s", bad, html)
		}
	}
}

func TestChangePasswordPage(t *testing.T) {
	html := MustRender(t, &changePasswordPage{})
	assertContains(t, html,
		"Choose a new password",
		"Your password is no longer secure enough. Choose a new one to continue.",
		`<label for="new-password">New password</label>`,
		`autocomplete="new-password"`,
		"At least 8 characters",
		"Both passwords match",
	)
	if n := strings.Count(html, `class="rule unmet"`); n != 5 {
		t.Errorf("empty password: %d rules shown unmet, want 5:\n%s", n, html)
	}
}

func TestPasswordChecklist(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		html := ga.HTMLString(passwordChecklist(policy.Porta().Check("ann@example.com", "Tr0ub4dor&3"), true))
		if strings.Contains(html, "unmet") {
			t.Errorf("strong matching password shows an unmet rule:\n%s", html)
		}
		assertContains(t, html, "✓", "(met)")
	})
	t.Run("ErrNoDigit", func(t *testing.T) {
		html := ga.HTMLString(passwordChecklist(policy.Porta().Check("", "Password!"), false))
		assertContains(t, html, `<li class="rule unmet">`, "A digit", "(not met yet)")
	})
}

// harness runs f once the test engine has loaded it.
type harness struct {
	ga.Compo
	f func(ga.Context)
}

func (h *harness) OnPreRender(ctx ga.Context) { h.f(ctx) }
func (h *harness) Render() ga.UI              { return ga.Div() }

func TestPasswordPageWrongPassword(t *testing.T) {
	answerAll(t, apiErr(401, api.CodeInvalidCredentials, "Invalid email or password"))

	p := &passwordPage{email: "ann@example.com"}
	MustRender(t, &harness{f: func(ctx ga.Context) { p.signIn(ctx, "nope") }})
	assertContains(t, ga.HTMLString(p), `role="alert"`, "Wrong email or password.")
}

func TestErrorText(t *testing.T) {
	msgs := map[string]msg{api.CodeInvalidCredentials: msgWrongCredentials}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"Override", &api.Error{Code: api.CodeInvalidCredentials, Message: "server text"}, tr(msgWrongCredentials)},
		{"Offline", &api.Error{Code: api.CodeNetwork, Message: "Porta could not be reached."}, tr(msgOffline)},
		{"ServerMessage", &api.Error{Code: api.CodeTooManyAttempts, Message: "Too many attempts. Wait 5 minutes."}, "Too many attempts. Wait 5 minutes."},
		{"NoMessage", &api.Error{Code: api.CodeInternal}, tr(msgUnexpected)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := errorText(tc.err, msgs); got != tc.want {
				t.Errorf("errorText = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestHandler(t *testing.T) {
	h := Handler()
	cached := map[string]bool{}
	for _, r := range h.CacheableResources {
		cached[r] = true
	}
	for _, p := range append(Paths(), h.Icon.Default, h.Icon.Large, h.Icon.SVG, h.Icon.Maskable, styleSheet) {
		if !cached[p] {
			t.Errorf("%s is not cacheable: it would not open offline", p)
		}
	}
	if h.Version != "" || h.WasmContentLength != "" || h.Resources != nil {
		t.Error("Handler sets fields the server owns")
	}
}

// An account without a password (made by organization SSO) is offered
// the email that sets one, never asked for a current password.
func TestPasswordSectionWithoutPassword(t *testing.T) {
	without := MustRender(t, &passwordSection{Email: "ann@contoso.test"})
	assertContains(t, without, "Set a password", "Email me a link")
	if strings.Contains(without, "current-password") {
		t.Errorf("an account without a password is asked for its current one:\n%s", without)
	}
	with := MustRender(t, &passwordSection{Email: "ann@contoso.test", HasPassword: true})
	assertContains(t, with, "current-password", "Change password")
	if strings.Contains(with, "Set a password") {
		t.Errorf("an account with a password is offered to set one:\n%s", with)
	}
}
