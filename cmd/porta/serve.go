package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/federation"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/oidcop"
	"github.com/porta-id/porta/api/policy"
	"github.com/porta-id/porta/api/server"
	"github.com/porta-id/porta/api/store"
)

// Demo account created by --demo.
const (
	demoEmail    = "demo@example.com"
	demoPassword = "Porta-Demo-2026!"
	demoName     = "Dana Demo"
	demoOrgSlug  = "acme"
	demoOrgName  = "Acme Inc."
)

// Main is a running Porta server. Tests build a Config (address :0, a temp
// folder) and call Run, as `porta serve` does.
type Main struct {
	Config   Config
	Store    store.Store
	Identity *identity.Service
	OpenID   *oidcop.Provider
	SSO      *federation.Service

	ln       net.Listener
	http     *http.Server
	done     chan struct{}
	stopWork context.CancelFunc
	work     sync.WaitGroup
}

// Run opens the store, builds the service and starts listening. It returns
// once the server accepts connections; Close stops it.
func (m *Main) Run(ctx context.Context) error {
	c := m.Config
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	st, err := openStore(ctx, c.Store, c.Data)
	if err != nil {
		return err
	}
	m.Store = st
	// Listen first: emailed links need the address when none is configured.
	if m.ln, err = net.Listen("tcp", c.Addr); err != nil {
		return m.closeAfter(fmt.Errorf("listen: %w", err))
	}
	senders, err := newSenders(c)
	if err != nil {
		return m.closeAfter(err)
	}
	keyFile := c.SecretsKeyFile
	if keyFile == "" {
		keyFile = filepath.Join(c.Data, "secrets.key")
	}
	secretsKey, err := loadSecretsKey(keyFile)
	if err != nil {
		return m.closeAfter(err)
	}
	pol, _ := policy.ByName(c.PasswordPolicy)
	m.Identity, err = identity.New(ctx, identity.Config{
		SecretsKey: secretsKey, MFARequiredFrom: c.MFARequiredFrom, RememberDevice: c.RememberDevice,
		Store: st, Now: c.Now, Logger: c.Logger, Argon2: c.Argon2, Policy: pol,
		SessionIdle: c.SessionIdle, SessionMax: c.SessionMax, Limits: c.Limits, AuditRetention: c.AuditRetention, ResetTTL: c.ResetTTL,
		LinkPostpone: c.LinkPostpone,
		BaseURL:      displayURL(m.ln.Addr(), c), Email: senders.email, SMS: senders.sms, Delivery: c.Delivery,
	})
	if err != nil {
		return m.closeAfter(err)
	}
	var pages http.Handler
	if c.Web != nil {
		if pages, err = newPages(c.Web); err != nil {
			return m.closeAfter(err)
		}
	}
	issuer := displayURL(m.ln.Addr(), c)
	m.OpenID, err = oidcop.New(ctx, oidcop.Config{
		Issuer: issuer, Store: st, Identity: m.Identity, Now: c.Now, Logger: c.Logger,
		Insecure: strings.HasPrefix(issuer, "http://"), KeyRotation: c.SigningKeyRotation,
	})
	if err != nil {
		return m.closeAfter(err)
	}
	m.SSO = federation.New(federation.Config{Store: st, Identity: m.Identity, BaseURL: issuer, Logger: c.Logger})
	srv, err := server.New(ctx, server.Config{
		OpenID: m.OpenID, Federation: m.SSO, Identity: m.Identity, Logger: c.Logger, Dev: c.Dev, TrustProxy: c.TrustProxy, SessionMax: c.SessionMax, Pages: pages,
		PublicURL: issuer, Hosts: extraHosts(m.ln.Addr(), c),
	})
	if err != nil {
		return m.closeAfter(err)
	}
	if c.Demo {
		if err := m.seedDemo(ctx); err != nil {
			return m.closeAfter(err)
		}
	}
	m.http = &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(c.Logger.Handler(), slog.LevelWarn),
	}
	m.done = make(chan struct{})
	go func() {
		defer close(m.done)
		if err := m.http.Serve(m.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			c.Logger.Error("serve", "err", err)
		}
	}()
	workCtx, stop := context.WithCancel(context.Background())
	m.stopWork = stop
	m.work.Add(2)
	go func() { defer m.work.Done(); m.Identity.Messages().Run(workCtx) }()
	go func() { defer m.work.Done(); m.sweep(workCtx) }()
	return nil
}

// URL is the address the server listens on, like http://127.0.0.1:8080.
func (m *Main) URL() string { return "http://" + m.ln.Addr().String() }

// Close stops accepting, lets requests in flight finish, then closes the store.
func (m *Main) Close() error {
	if m.stopWork != nil {
		m.stopWork()
		m.work.Wait()
		m.stopWork = nil
	}
	if m.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = m.http.Shutdown(ctx)
		<-m.done
		m.http = nil
	} else if m.ln != nil {
		_ = m.ln.Close()
	}
	if m.Store != nil {
		err := m.Store.Close()
		m.Store = nil
		return err
	}
	return nil
}

func (m *Main) closeAfter(err error) error {
	_ = m.Close()
	return err
}

// sweep runs identity's Sweep every few minutes until ctx ends, and
// keeps each organization's progress board of the day.
func (m *Main) sweep(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if swept, err := m.Identity.Sweep(ctx); err != nil && ctx.Err() == nil {
			m.Config.Logger.Warn("sweep", "swept", swept, "err", err)
		}
		if err := m.OpenID.Sweep(ctx); err != nil && ctx.Err() == nil {
			m.Config.Logger.Warn("sweep openid", "err", err)
		}
		if _, err := m.Identity.RecordProgress(ctx); err != nil && ctx.Err() == nil {
			m.Config.Logger.Warn("record progress", "err", err)
		}
	}
}

// seedDemo creates the demo account and organization unless they exist.
func (m *Main) seedDemo(ctx context.Context) error {
	_, err := m.Identity.CreateAccount(ctx, demoEmail, demoPassword, demoName)
	if err != nil && identity.ErrorCode(err) != api.CodeConflict {
		return fmt.Errorf("demo account: %w", err)
	}
	_, err = m.Identity.CreateOrg(ctx, demoOrgSlug, demoOrgName)
	if err != nil && identity.ErrorCode(err) != api.CodeConflict {
		return fmt.Errorf("demo organization: %w", err)
	}
	if _, err := m.Identity.AddMember(ctx, demoOrgSlug, demoEmail, api.RoleAdmin); err != nil {
		return fmt.Errorf("demo organization: %w", err)
	}
	return m.seedDemoProduct(ctx)
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseServeFlags(args, stderr)
	if err != nil {
		return err
	}
	c.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	m := &Main{Config: c}
	if err := m.Run(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Porta is running at %s (data in %s)\n", displayURL(m.ln.Addr(), c), c.Data)
	if a, ok := m.ln.Addr().(*net.TCPAddr); ok && !a.IP.IsLoopback() && c.PublicURL == "" && !c.Dev {
		fmt.Fprintln(stdout, "No --public-url: requests for any other host name get 421; set it to the address people use.")
	}
	if c.Demo {
		fmt.Fprintf(stdout, "Sign in as %s with password %s (admin of the demo organization %q)\n", demoEmail, demoPassword, demoOrgSlug)
		fmt.Fprintf(stdout, "The demo product Demo HR is registered for %s; its client is in %s\n", demoProductURL, filepath.Join(c.Data, demoProductFile))
	}
	if c.Dev && c.SMTP.Host == "" {
		fmt.Fprintf(stdout, "Email and text messages stay in the outbox: %s/dev/outbox\n", displayURL(m.ln.Addr(), c))
	}
	<-ctx.Done()
	fmt.Fprintln(stdout, "Stopping…")
	return m.Close()
}

// extraHosts are the names answered besides displayURL's: the listen
// address in dev, or when no public URL names the one people use.
func extraHosts(addr net.Addr, c Config) []string {
	if c.Dev || c.PublicURL == "" {
		return []string{addr.String()}
	}
	return nil
}

// displayURL is what people should open: the public URL, or localhost for
// a loopback address. Only its host is answered (see server.Config).
func displayURL(addr net.Addr, c Config) string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	if a, ok := addr.(*net.TCPAddr); ok && a.IP.IsLoopback() {
		return fmt.Sprintf("http://localhost:%d", a.Port)
	}
	return "http://" + addr.String()
}
