package main

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

// MustPorta starts the real server (store, identity, API, prerendered PWA
// with the embedded app.wasm) on a free port in a temp folder.
func MustPorta(tb testing.TB, adjust ...func(*Config)) *Main {
	tb.Helper()
	c := DefaultConfig()
	c.Addr = "127.0.0.1:0"
	c.Data = tb.TempDir()
	c.Dev = true
	for _, f := range adjust {
		f(&c)
	}
	m := &Main{Config: c}
	if err := m.Run(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { m.Close() })
	return m
}

// MustAccount creates an account under the default (porta) policy, so a
// test can then run the server with a stricter one.
func MustAccount(tb testing.TB, m *Main, email, password string) {
	tb.Helper()
	svc, err := identity.New(context.Background(), identity.Config{Store: m.Store})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := svc.CreateAccount(context.Background(), email, password, ""); err != nil {
		tb.Fatal(err)
	}
}

// MustAPIClient is another device: a typed client with its own cookies.
func MustAPIClient(tb testing.TB, m *Main, userAgent string) *api.Client {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	return api.NewClient(&api.HTTPTransport{BaseURL: m.URL(), Client: &http.Client{Jar: jar}, UserAgent: userAgent})
}

// chromiumPath finds Debian's chromium. Without it the browser tests skip,
// except under CI=true, where a missing tool is a failure.
func chromiumPath(tb testing.TB) string {
	tb.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		tb.Fatal("chromium is not installed (make test installs it with apt-get)")
	}
	tb.Skip("chromium is not installed; run make test to install it")
	return ""
}

// chromium is one headless Chromium for the whole test binary, started on
// first use with a fresh profile. Each MustBrowser gets a browser context
// of its own in it — its own cookies, storage, cache and service worker,
// as a new profile would have — for a fraction of a new Chromium's start.
var chromium struct {
	once  sync.Once
	ctx   context.Context // the browser and its first, blank tab
	close func()
	err   error
}

// TestMain closes the shared Chromium after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if chromium.close != nil {
		chromium.close()
	}
	os.Exit(code)
}

func startChromium(path string) {
	dir, err := os.MkdirTemp("", "porta-chromium-")
	if err != nil {
		chromium.err = err
		return
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(360, 800),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	chromium.ctx, chromium.err = bctx, chromedp.Do(bctx)
	chromium.close = func() { cancelBrowser(); cancelAlloc(); os.RemoveAll(dir) }
}

// MustBrowser returns a new tab, sized like a small phone (360 px wide),
// in a browser context of its own: nothing of another test's browsing.
func MustBrowser(tb testing.TB) context.Context {
	tb.Helper()
	path := chromiumPath(tb)
	chromium.once.Do(func() { startChromium(path) })
	if chromium.err != nil {
		tb.Fatalf("start chromium: %v", chromium.err)
	}
	ctx, cancelTab := chromedp.NewContext(chromium.ctx, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	tb.Cleanup(func() { cancelTimeout(); cancelTab() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 800), chromedp.Navigate("about:blank")); err != nil {
		tb.Fatalf("open a tab: %v", err)
	}
	return ctx
}

// open navigates to url and waits until the WebAssembly app has taken over
// the prerendered page (go-app removes its loader then).
func open(tb testing.TB, ctx context.Context, url string) {
	tb.Helper()
	do(tb, ctx, chromedp.Navigate(url))
	waitApp(tb, ctx)
}

func waitApp(tb testing.TB, ctx context.Context) {
	tb.Helper()
	if err := poll(ctx, `document.getElementById("app-wasm-loader") === null`, 30*time.Second); err != nil {
		tb.Fatalf("app did not load: %v", err)
	}
}

// poll waits until expr is true. A page that navigates while we poll (a
// redirect by the app) destroys the poll's JavaScript context: then it
// polls again in the new page.
func poll(ctx context.Context, expr string, timeout time.Duration) error {
	var err error
	for try := 0; try < 5; try++ {
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(timeout)))
		if err == nil || !(strings.Contains(err.Error(), "Cannot find context") || strings.Contains(err.Error(), "context was destroyed") || strings.Contains(err.Error(), "navigated or closed")) {
			return err
		}
	}
	return err
}

// do runs browser steps and fails the test on the first error.
func do(tb testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	tb.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.Fatal(err)
	}
}

// waitText waits until the page shows text somewhere.
func waitText(tb testing.TB, ctx context.Context, text string) {
	tb.Helper()
	expr := `document.body && document.body.innerText.includes(` + strconv.Quote(text) + `)`
	if err := poll(ctx, expr, 20*time.Second); err != nil {
		body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		tb.Fatalf("page never showed %q; it shows:\n%s", text, body)
	}
}

// waitPath waits until the app is at path.
func waitPath(tb testing.TB, ctx context.Context, path string) {
	tb.Helper()
	expr := `location.pathname === ` + strconv.Quote(path)
	if err := poll(ctx, expr, 20*time.Second); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		tb.Fatalf("never reached %s; at %s showing:\n%s", path, loc, body)
	}
}

// clear empties an input the way a person selecting all and deleting
// would: the app hears an input event.
func clear(tb testing.TB, ctx context.Context, id string) {
	tb.Helper()
	js := `(() => { const el = document.getElementById(` + strconv.Quote(id) + `); el.value = "";
		el.dispatchEvent(new Event("input", {bubbles: true})); return true })()`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err != nil {
		tb.Fatal(err)
	}
}

// value reads an input's value.
func value(tb testing.TB, ctx context.Context, id string) string {
	tb.Helper()
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID(id)))
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// screenshot is what a test does at each screen worth looking at: it
// checks the screen with axe-core (zero violations of WCAG 2.2 A and AA),
// and saves it as NAME.png in $PORTA_SCREENSHOTS, when set, for a person
// to look at.
func screenshot(tb testing.TB, ctx context.Context, name string) {
	tb.Helper()
	checkAccessible(tb, ctx, name)
	dir := os.Getenv("PORTA_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.Fatal(err)
	}
	name = strings.ReplaceAll(name, "/", "-")
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// screenshots is screenshot at the phone size of MustBrowser and at a
// desktop size (NAME-desktop), back at the phone size after.
func screenshots(tb testing.TB, ctx context.Context, name string) {
	tb.Helper()
	screenshot(tb, ctx, name)
	do(tb, ctx, chromedp.EmulateViewport(1280, 800))
	screenshot(tb, ctx, name+"-desktop")
	do(tb, ctx, chromedp.EmulateViewport(360, 800))
}

// axeScript is axe-core, installed by .ci/ensure-tools into testdata.
var axeScript = sync.OnceValues(func() ([]byte, error) {
	return os.ReadFile("testdata/node/axe-core/node_modules/axe-core/axe.min.js")
})

// checkAccessible runs axe-core on the page and fails tb with each
// violation. Without axe-core installed it skips the check, except under
// CI=true, where that is a failure.
func checkAccessible(tb testing.TB, ctx context.Context, name string) {
	tb.Helper()
	script, err := axeScript()
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("axe-core is not installed (make test runs npm ci in cmd/porta/testdata/node/axe-core): %v", err)
		}
		return
	}
	// DevTools evaluation is not bound by the page's CSP, so axe runs in
	// the real page without loosening it.
	const run = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
		.then(r => r.violations.map(v => v.id + ": " + v.help + " — " + v.nodes.map(n => n.target.join(" ")).join(", ")))`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](string(script))); err != nil {
		tb.Fatalf("load axe-core: %v", err)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.Fatalf("axe-core on %s: %v", name, err)
	}
	for _, v := range violations {
		tb.Errorf("%s is not accessible: %s", name, v)
	}
}

// signIn goes through the email and password screens.
func signIn(tb testing.TB, ctx context.Context, m *Main, email, password string) {
	tb.Helper()
	signInAt(tb, ctx, m.URL(), email, password)
}

// signInAt is signIn at the address base, like a localhost public URL.
func signInAt(tb testing.TB, ctx context.Context, base, email, password string) {
	tb.Helper()
	open(tb, ctx, base+"/")
	typeEmailAndNext(tb, ctx, email)
	typePassword(tb, ctx, password)
}

// typePassword types password on the password screen and submits it.
func typePassword(tb testing.TB, ctx context.Context, password string) {
	tb.Helper()
	do(tb, ctx,
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
	)
}

// chooseNewPassword types password in both fields of a new-password form
// (forced change, activation) and submits it.
func chooseNewPassword(tb testing.TB, ctx context.Context, password string) {
	tb.Helper()
	do(tb, ctx,
		chromedp.SendKeys(chromedp.ID("new-password"), password),
		chromedp.SendKeys(chromedp.ID("confirm-password"), password),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
	)
}

func typeEmailAndNext(tb testing.TB, ctx context.Context, email string) {
	tb.Helper()
	do(tb, ctx, chromedp.WaitVisible(chromedp.ID("email")))
	clear(tb, ctx, "email")
	do(tb, ctx,
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
	)
	waitPath(tb, ctx, "/signin/password")
	do(tb, ctx, chromedp.WaitVisible(chromedp.ID("password")))
}

// clientWithJar is an HTTP client sharing a browser's cookies.
func clientWithJar(jar http.CookieJar) *http.Client { return &http.Client{Jar: jar} }
