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
// in bbolt in the temporary data folder.
func startServer(ctx context.Context, binary, storeURL string) (*server, error) {
	dir, err := os.MkdirTemp("", "porta-bench-*")
	if err != nil {
		return nil, err
	}
	addr, err := freeLoopbackAddr()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &server{URL: "http://" + addr, dir: dir, logPath: filepath.Join(dir, "server.log"), exited: make(chan struct{})}
	if err := s.start(binary, addr, storeURL); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start %s: %w", binary, err)
	}
	if err := s.waitHealthy(ctx); err != nil {
		tail := s.logTail()
		s.Stop()
		return nil, fmt.Errorf("%s did not become healthy: %w\n--- server log (tail) ---\n%s", binary, err, tail)
	}
	return s, nil
}

func (s *server) start(binary, addr, storeURL string) error {
	logf, err := os.Create(s.logPath)
	if err != nil {
		return err
	}
	args := []string{"serve", "--addr", addr, "--data", filepath.Join(s.dir, "data"), "--dev", "--demo"}
	if storeURL != "" {
		args = append(args, "--store", storeURL)
	}
	s.cmd = exec.Command(binary, args...)
	// PORTA_STORE in our environment would move the bbolt server's data
	// to PostgreSQL behind the report's back; the store is chosen here.
	s.cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "PORTA_STORE=") })
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		logf.Close()
		close(s.exited)
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

// Stop asks the child to shut down (SIGINT, as Ctrl-C would), kills it
// after stopGrace, and removes its data folder. It is safe to call twice.
func (s *server) Stop() {
	s.once.Do(func() {
		_ = s.cmd.Process.Signal(os.Interrupt)
		select {
		case <-s.exited:
		case <-time.After(stopGrace):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
		os.RemoveAll(s.dir)
	})
}

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
