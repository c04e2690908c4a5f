package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The product the OpenID measurements sign in to: first-party (no
// consent screen), confidential, its ID tokens signed ES256 (an RSA-2048
// signature alone costs about a millisecond of a core, ES256 a tenth of
// that), its redirect URI a port nothing listens on — the codes are read
// from the redirect, never followed.
const (
	productCallback = "http://127.0.0.1:9/callback"
	openIDWorkers   = 8
	// exchangeTarget is code exchanges per second on bbolt (2 cores).
	exchangeTarget = 1000
	// exchangePlanned is how many codes the exchange measurement
	// redeems, per second of --duration, prepared before the clock starts.
	exchangePlanned = 1500
	// codeFresh is how long a prepared code is surely still valid: codes
	// live 60 s on the server's clock.
	codeFresh = 50 * time.Second
)

// product is a registered client of the server under test.
type product struct{ id, secret string }

var printedField = regexp.MustCompile(`(?m)^(client_id|client_secret):\s+(\S+)$`)

// registerProduct registers the bench's product with `porta admin client
// create`. bbolt is one process's file, so the server pauses meanwhile.
func (s *server) registerProduct(ctx context.Context) (product, error) {
	s.Pause()
	args := []string{"admin", "client", "create", "--data", filepath.Join(s.dir, "data"),
		"--name", "porta-bench", "--redirect-uri", productCallback, "--first-party", "--signing-alg", "ES256"}
	for i, a := range s.args {
		if a == "--store" && i+1 < len(s.args) {
			args = append(args, "--store", s.args[i+1])
		}
	}
	out, err := exec.CommandContext(ctx, s.binary, args...).CombinedOutput()
	if rerr := s.Resume(ctx); rerr != nil {
		return product{}, rerr
	}
	if err != nil {
		return product{}, fmt.Errorf("porta admin client create: %w: %s", err, out)
	}
	var p product
	for _, m := range printedField.FindAllStringSubmatch(string(out), -1) {
		if m[1] == "client_id" {
			p.id = m[2]
		} else {
			p.secret = m[2]
		}
	}
	if p.id == "" || p.secret == "" {
		return product{}, fmt.Errorf("porta admin client create printed no id and secret: %s", out)
	}
	return p, nil
}

// person is a signed-in browser that sends the product's authorization
// requests, and the product's back end that redeems the codes.
type person struct {
	b       *bench
	browser *http.Client
	backend *http.Client
}

func (b *bench) newPerson(ctx context.Context) (*person, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	if err := newClient(b.url, jar).signIn(ctx); err != nil {
		return nil, err
	}
	stop := func(r *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(r.URL.String(), productCallback) {
			return http.ErrUseLastResponse
		}
		return nil
	}
	return &person{
		b:       b,
		browser: &http.Client{Transport: transport, Jar: jar, Timeout: requestTimeout, CheckRedirect: stop},
		backend: &http.Client{Transport: transport, Timeout: requestTimeout},
	}, nil
}

// preparedCode is a code and its PKCE verifier.
type preparedCode struct{ code, verifier string }

// code sends the browser through /authorize (and Porta's redirects) back
// to the product and returns the code the redirect carries.
func (p *person) code(ctx context.Context) (preparedCode, error) {
	verifier := rand.Text() + rand.Text()
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{
		"client_id": {p.b.product.id}, "redirect_uri": {productCallback}, "response_type": {"code"},
		"scope": {"openid email profile"}, "state": {rand.Text()}, "nonce": {rand.Text()},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.b.url+"/authorize?"+q.Encode(), nil)
	if err != nil {
		return preparedCode{}, err
	}
	resp, err := p.browser.Do(req)
	if err != nil {
		return preparedCode{}, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		return preparedCode{}, fmt.Errorf("authorize ended at %d %q, not the product with a code", resp.StatusCode, resp.Header.Get("Location"))
	}
	return preparedCode{loc.Query().Get("code"), verifier}, nil
}

// tokens is the token endpoint's answer.
type tokens struct {
	AccessToken string `json:"access_token"`
	IDToken     string `json:"id_token"`
	Error       string `json:"error"`
}

// exchange redeems a code at the token endpoint, as the product's back end.
func (p *person) exchange(ctx context.Context, c preparedCode) (tokens, error) {
	form := url.Values{"grant_type": {"authorization_code"}, "code": {c.code}, "redirect_uri": {productCallback}, "code_verifier": {c.verifier}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.b.url+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return tokens{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(p.b.product.id), url.QueryEscape(p.b.product.secret))
	resp, err := p.backend.Do(req)
	if err != nil {
		return tokens{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return tokens{}, err
	}
	var t tokens
	_ = json.Unmarshal(body, &t)
	if resp.StatusCode != http.StatusOK || t.AccessToken == "" || t.IDToken == "" {
		return tokens{}, fmt.Errorf("token endpoint: HTTP %d %s", resp.StatusCode, cmp.Or(t.Error, string(bytes.TrimSpace(body))))
	}
	return t, nil
}

// userinfo reads the person's claims with an access token.
func (p *person) userinfo(ctx context.Context, accessToken string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.b.url+"/userinfo", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	resp, err := p.backend.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var info struct {
		Sub string `json:"sub"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&info); err != nil || resp.StatusCode != http.StatusOK || info.Sub == "" {
		return fmt.Errorf("userinfo: HTTP %d", resp.StatusCode)
	}
	return nil
}

// codeExchange is authorization-code exchanges per second: each worker is
// a person who signed in once and got its share of the codes before the
// clock starts (three requests each: /authorize, Porta's continue,
// /authorize/callback); the measured request is the product's POST
// /oauth/token with its secret and the PKCE verifier, which answers with
// a signed ID token. The codes are redeemed within their minute, or the
// preparation says so.
func (b *bench) codeExchange(ctx context.Context) (loadResult, error) {
	n := int(exchangePlanned * b.d.Seconds())
	perWorker := (n + openIDWorkers - 1) / openIDWorkers
	fmt.Fprintf(b.progress, "preparing %d authorization codes on %s …\n", perWorker*openIDWorkers, b.store)
	people := make([]*person, openIDWorkers)
	codes := make([][]preparedCode, openIDWorkers)
	var wg sync.WaitGroup
	errs := make([]error, openIDWorkers)
	// One after another: parallel sign-ins to the one account would
	// share its failure counter and wait, as in signIn.
	for i := range people {
		p, err := b.newPerson(ctx)
		if err != nil {
			return loadResult{}, err
		}
		people[i] = p
	}
	begin := time.Now()
	for i, p := range people {
		wg.Go(func() {
			for range perWorker {
				c, err := p.code(ctx)
				if err != nil {
					errs[i] = err
					return
				}
				codes[i] = append(codes[i], c)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return loadResult{}, fmt.Errorf("prepare codes: %w", err)
	}
	if took := time.Since(begin); took > codeFresh {
		return loadResult{}, fmt.Errorf("preparing the codes took %s; the first would expire while measuring: use a shorter --duration", took.Round(time.Second))
	}
	name := "code exchange, ES256 (POST /oauth/token)"
	fmt.Fprintf(b.progress, "%s on %s ×%d, %d codes …\n", name, b.store, openIDWorkers, perWorker*openIDWorkers)
	var pool []preparedCode
	for _, c := range codes {
		pool = append(pool, c...)
	}
	var next atomic.Int64
	r, err := runCount(ctx, name, openIDWorkers, len(pool), func(_ context.Context, i int) (op, error) {
		p := people[i]
		return func(ctx context.Context) error {
			k := next.Add(1) - 1
			if k >= int64(len(pool)) {
				return errOutOfCodes
			}
			_, err := p.exchange(ctx, pool[k])
			return err
		}, nil
	})
	r.Store = b.store
	return r, err
}

// errOutOfCodes would be a request beyond the prepared codes; runCount
// stops at their number, so it never happens.
var errOutOfCodes = errors.New("out of prepared codes")

// userinfoLoad is GET /userinfo per second: each worker signs in and
// redeems one code before the clock starts, then reads the claims with
// its access token, as a product does on each of its page loads.
func (b *bench) userinfoLoad(ctx context.Context) (loadResult, error) {
	return b.load(ctx, "GET /userinfo", b.store, openIDWorkers, func(ctx context.Context, _ int) (op, error) {
		p, err := b.newPerson(ctx)
		if err != nil {
			return nil, err
		}
		c, err := p.code(ctx)
		if err != nil {
			return nil, err
		}
		t, err := p.exchange(ctx, c)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context) error { return p.userinfo(ctx, t.AccessToken) }, nil
	})
}
