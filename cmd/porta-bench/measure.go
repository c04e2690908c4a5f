package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

// The demo account `porta serve --demo` creates (cmd/porta/serve.go).
const (
	demoEmail    = "demo@example.com"
	demoPassword = "Porta-Demo-2026!"
)

// Concurrency levels: 2 is a couple of people signing in at once, 8 is
// more than the cores of a small server, so requests queue at the hasher.
var signInConcurrency = []int{2, 8}

const sessionConcurrency = 8

// requestTimeout bounds one HTTP request; a stuck request is an error, not
// a hang.
const requestTimeout = 30 * time.Second

// transport is shared by every client so each worker keeps its keep-alive
// connection (net/http's default keeps only 2 idle per host, which would
// make workers beyond 2 reconnect). Proxy is nil: the server is loopback.
var transport = &http.Transport{
	Proxy:               nil,
	DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
	MaxIdleConnsPerHost: 64,
	IdleConnTimeout:     time.Minute,
}

// bench holds what every measurement on one server shares.
type bench struct {
	url string // the server, like http://127.0.0.1:PORT
	// product is the registered client the OpenID measurements use; with
	// none they are left out.
	product  product
	store    string // what the server keeps its data in: bbolt or postgres
	d        time.Duration
	progress io.Writer
}

// load says what it measures, for whoever watches, and runs it. store is
// the server's store, or "" for a measurement that uses no server.
func (b *bench) load(ctx context.Context, name, store string, workers int, setup newWorker) (loadResult, error) {
	label := loadResult{Name: name, Store: store, Workers: workers}.label()
	fmt.Fprintf(b.progress, "%s for %s …\n", label, b.d)
	r, err := runLoad(ctx, name, workers, b.d, setup)
	r.Store = store
	return r, err
}

// measureStore measures the server: password sign-ins at each
// concurrency, the hash ceiling again right after them (so each store's
// sign-ins have a ceiling measured on either side), then session checks,
// code exchanges at the token endpoint and userinfo reads.
// Errors name the store, since the same measurements run on each.
func (b *bench) measureStore(ctx context.Context) (storeRun, error) {
	run := storeRun{Store: b.store}
	fail := func(err error) (storeRun, error) { return run, fmt.Errorf("%s: %w", b.store, err) }
	for _, workers := range signInConcurrency {
		r, err := b.signIn(ctx, workers)
		if err != nil {
			return fail(err)
		}
		run.SignIn = append(run.SignIn, signInResult{loadResult: r})
	}
	var err error
	if run.HashCeilingAfter, err = b.hashCeiling(ctx, "after the "+b.store+" sign-ins"); err != nil {
		return fail(err)
	}
	if run.Session, err = b.session(ctx, sessionConcurrency); err != nil {
		return fail(err)
	}
	if b.product.id == "" {
		return run, nil
	}
	if run.CodeExchange, err = b.codeExchange(ctx); err != nil {
		return fail(err)
	}
	if run.Userinfo, err = b.userinfoLoad(ctx); err != nil {
		return fail(err)
	}
	return run, nil
}

// hashCeiling is the hash-only ceiling: argon2id verifies per second in
// this process, one goroutine per core through a Hasher sized like the
// server's, with no HTTP or store around it. Sign-ins can at best match it,
// since each costs one verify. when says which of the two measurements
// (before or after the sign-ins) this is.
func (b *bench) hashCeiling(ctx context.Context, when string) (loadResult, error) {
	cpus := runtime.NumCPU()
	h := identity.NewHasher(identity.DefaultArgon2, cpus, 0, rand.Reader)
	phc, err := h.Hash(ctx, demoPassword)
	if err != nil {
		return loadResult{}, err
	}
	verify := func(ctx context.Context) error {
		ok, _, err := h.Verify(ctx, "", phc, demoPassword)
		if err == nil && !ok {
			err = errors.New("verify: password did not match its own hash")
		}
		return err
	}
	return b.load(ctx, "argon2id verify, in-process (hash ceiling, "+when+")", "", cpus, func(context.Context, int) (op, error) {
		return verify, nil
	})
}

// signIn is password sign-ins per second over HTTP. Each worker is a
// browser that signed in before, once before the clock starts: it keeps
// only its device cookie, so each sign-in starts without a session, as
// after a sign-out. The limits reserve a failure before every check and
// give it back on success, so parallel sign-ins to the one demo account
// would share its counter and the sixth would wait; a known browser has
// a counter of its own. Worker i dials from 127.0.0.(i+1), as each is
// another person: from one address, --hashes-per-address (2 by default)
// would refuse the third check at once. Any error here is real and is
// reported.
func (b *bench) signIn(ctx context.Context, workers int) (loadResult, error) {
	if workers > 254 {
		return loadResult{}, fmt.Errorf("password sign-in ×%d: at most 254 loopback addresses", workers)
	}
	return b.load(ctx, "password sign-in", b.store, workers, func(ctx context.Context, i int) (op, error) {
		jar, err := cookiejar.New(nil)
		if err != nil {
			return nil, err
		}
		c := newClientVia(b.url, deviceJar{jar}, fromAddress(net.IPv4(127, 0, 0, byte(i+1))))
		if err := c.signIn(ctx); err != nil {
			return nil, err
		}
		return c.signIn, nil
	})
}

// deviceJar keeps the device cookie (porta-device, or __Host-porta-device
// over https) and drops every other, the session's included.
type deviceJar struct{ http.CookieJar }

func (j deviceJar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	j.CookieJar.SetCookies(u, slices.DeleteFunc(slices.Clone(cookies), func(c *http.Cookie) bool {
		return !strings.HasSuffix(c.Name, "porta-device")
	}))
}

// session is GET /api/session per second: the check every product page
// load makes. Each worker signs in once, before the clock starts, and
// keeps its own cookie jar.
func (b *bench) session(ctx context.Context, workers int) (loadResult, error) {
	return b.load(ctx, "GET /api/session", b.store, workers, func(ctx context.Context, _ int) (op, error) {
		jar, err := cookiejar.New(nil)
		if err != nil {
			return nil, err
		}
		c := newClient(b.url, jar)
		if err := c.signIn(ctx); err != nil {
			return nil, err
		}
		return c.session, nil
	})
}

// client is one worker's typed API client. It keeps the last transport
// error, which api.Client replaces with a generic "could not be reached"
// message meant for people, so the report can say what actually failed.
type client struct {
	api     *api.Client
	inner   api.Transport
	lastErr error
}

func newClient(baseURL string, jar http.CookieJar) *client {
	return newClientVia(baseURL, jar, transport)
}

// newClientVia is newClient over rt, such as a transport that dials from
// another loopback address (fromAddress).
func newClientVia(baseURL string, jar http.CookieJar, rt http.RoundTripper) *client {
	c := &client{inner: &api.HTTPTransport{
		BaseURL:   baseURL,
		Client:    &http.Client{Transport: rt, Jar: jar, Timeout: requestTimeout},
		UserAgent: "porta-bench",
	}}
	c.api = api.NewClient(c)
	return c
}

// Do implements api.Transport, recording the transport's error.
func (c *client) Do(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	status, resp, err := c.inner.Do(ctx, method, path, body)
	c.lastErr = err
	return status, resp, err
}

// signIn signs in as the demo account. Anything but "done" is an error:
// the session measurement needs a complete session.
func (c *client) signIn(ctx context.Context) error {
	res, err := c.api.SignInPassword(ctx, demoEmail, demoPassword)
	if err != nil {
		return c.explain(err)
	}
	if res.Next != api.NextDone {
		return fmt.Errorf("sign-in: next step %q, want %q", res.Next, api.NextDone)
	}
	return nil
}

// signInUnknown tries a random email no account has, with a password
// that would meet the policy. The answer expected is invalid_credentials,
// which it returns like any other error.
func (c *client) signInUnknown(ctx context.Context) error {
	_, err := c.api.SignInPassword(ctx, "bench-"+rand.Text()+"@example.com", "Not-The-Password-2026!")
	return c.explain(err)
}

// session checks the signed-in session.
func (c *client) session(ctx context.Context) error {
	_, err := c.api.Session(ctx)
	return c.explain(err)
}

// explain puts the transport's own error behind a CodeNetwork error.
func (c *client) explain(err error) error {
	if api.ErrorCode(err) == api.CodeNetwork && c.lastErr != nil {
		return fmt.Errorf("%s: %w", api.CodeNetwork, c.lastErr)
	}
	return err
}
