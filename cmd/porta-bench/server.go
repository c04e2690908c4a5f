package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Readiness polling: up to healthTries × healthEvery (15 s) for the child
// to answer /healthz. Start-up hashes two passwords and opens the store
// (bbolt, or PostgreSQL with its schema), which takes well under a second;
// the margin is for slow CI machines.
const (
	healthTries = 150
	healthEvery = 100 * time.Millisecond
	// stopGrace is how long the child may take to shut down after SIGINT
	// before it is killed.
	stopGrace = 10 * time.Second
	// logTailBytes is how much of the child's log an error shows.
	logTailBytes = 4 << 10
)

// server is a porta child process on a loopback port with its own
// temporary data folder, so a run never touches ./var or a real store.
type server struct {
	URL string

	binary string
	args   []string
	// demo adds --demo, which seeds the demo account on every start (and
	// appends an audit event each time, even when it exists).
	demo    bool
	cmd     *exec.Cmd
	dir     string
	logPath string
	exited  chan struct{}
	waitErr error
	once    sync.Once
}

// startServer runs `binary serve --dev --demo` on a free loopback port and
// returns once /healthz answers 200. On error the child is already gone.
// storeURL is passed as --store (a postgres:// address); "" keeps the data
// in bbolt in the temporary data folder. extra are more serve flags.
func startServer(ctx context.Context, binary, storeURL string, extra ...string) (*server, error) {
	dir, err := os.MkdirTemp("", "porta-bench-*")
	if err != nil {
		return nil, err
	}
	addr, err := freeLoopbackAddr()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &server{URL: "http://" + addr, binary: binary, dir: dir, logPath: filepath.Join(dir, "server.log"), demo: true}
	s.args = []string{"serve", "--addr", addr, "--data", filepath.Join(dir, "data"), "--dev"}
	if storeURL != "" {
		s.args = append(s.args, "--store", storeURL)
	}
	s.args = append(s.args, extra...)
	if err := s.Resume(ctx); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// Resume starts the child on the same address and data folder, after
// startServer or Pause, and returns once /healthz answers 200. On error
// the child is gone; the folder stays until Stop.
func (s *server) Resume(ctx context.Context) error {
	if err := s.start(); err != nil {
		return fmt.Errorf("start %s: %w", s.binary, err)
	}
	if err := s.waitHealthy(ctx); err != nil {
		tail := s.logTail()
		s.Pause()
		return fmt.Errorf("%s did not become healthy: %w\n--- server log (tail) ---\n%s", s.binary, err, tail)
	}
	return nil
}

func (s *server) start() error {
	// Appended, so the log of a resumed server keeps what came before.
	logf, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	args := s.args
	if s.demo {
		args = append(slices.Clip(args), "--demo")
	}
	cmd := exec.Command(s.binary, args...)
	// PORTA_STORE in our environment would move the bbolt server's data
	// to PostgreSQL behind the report's back; the store is chosen here.
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "PORTA_STORE=") })
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	exited := make(chan struct{})
	s.cmd, s.exited, s.waitErr = cmd, exited, nil
	go func() {
		s.waitErr = cmd.Wait()
		logf.Close()
		close(exited)
	}()
	return nil
}

// freeLoopbackAddr asks the kernel for a free port on 127.0.0.1. Another
// process could take it before the child binds it; the child then fails
// to start and the health check says so.
func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// waitHealthy polls /healthz a bounded number of times, giving up early
// when the child exits or ctx ends.
func (s *server) waitHealthy(ctx context.Context) error {
	hc := &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: time.Second}
	var last error
	for range healthTries {
		if last = probe(ctx, hc, s.URL+"/healthz"); last == nil {
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("server exited: %v", s.waitErr)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(healthEvery):
		}
	}
	return fmt.Errorf("no 200 from /healthz after %d tries: %v", healthTries, last)
}

func probe(ctx context.Context, hc *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// Stop ends the child as Pause does and removes its data folder. It is
// safe to call twice.
func (s *server) Stop() {
	s.once.Do(func() {
		s.Pause()
		os.RemoveAll(s.dir)
	})
}

// Pause asks the child to shut down (SIGINT, as Ctrl-C would) and kills
// it after stopGrace; the data folder stays, for Resume or to read the
// store file. It does nothing when no child runs.
func (s *server) Pause() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
	case <-time.After(stopGrace):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	s.cmd = nil
}

// boltPath is the server's bbolt file (porta serve keeps it in --data).
func (s *server) boltPath() string { return filepath.Join(s.dir, "data", "porta.db") }

// logTail returns the end of the child's output, for error messages.
func (s *server) logTail() string {
	b, err := os.ReadFile(s.logPath)
	if err != nil {
		return err.Error()
	}
	if len(b) > logTailBytes {
		b = b[len(b)-logTailBytes:]
	}
	return string(b)
}
