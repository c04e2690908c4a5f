// Command porta-demo runs Demo HR, a product with its own legacy users
// that moves them to Porta: the banner, linking, and "Sign in with Porta"
// from its organization's switch date on. make run starts it beside Porta,
// which registers it (porta serve --demo writes its client to the data
// folder).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/porta-id/porta/cmd/porta-demo/demohr"
)

// legacyUsers are Demo HR's users from before Porta. Dana's first address
// is the Porta demo account's, so linking finds an account there; the
// others get new ones.
var legacyUsers = []demohr.User{
	{ID: "emp-1001", Username: "dana", Password: "dana-hr-2019", Name: "Dana Demo", Emails: []string{"demo@example.com", "dana@home.example"}, Admin: true},
	{ID: "emp-1002", Username: "erik", Password: "erik-hr-2020", Name: "Erik Employee", Emails: []string{"erik@acme.example"}},
	{ID: "emp-1003", Username: "fatima", Password: "fatima-hr-2021", Name: "Fatima Field", Emails: []string{"fatima@acme.example", "fatima@home.example"}},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "porta-demo:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("porta-demo", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8081", "address to listen on")
	public := fs.String("public-url", "http://localhost:8081", "the address people open Demo HR at")
	porta := fs.String("porta", "http://localhost:8080", "Porta's address (its issuer)")
	file := fs.String("client-file", "./var/demo-hr-client.json", "the client that porta serve --demo registered")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var hr *demohr.Server
	// Porta may still be starting: wait for its client file and discovery.
	deadline := time.Now().Add(time.Minute)
	for {
		cf, err := readClientFile(*file)
		if err == nil {
			hr, err = demohr.New(ctx, demohr.Config{PublicURL: *public, Porta: *porta, ClientID: cf.ClientID,
				ClientSecret: cf.ClientSecret, Org: cf.Org, Users: legacyUsers})
		}
		if err == nil {
			break
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("waiting for Porta: %w", err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	srv := &http.Server{Addr: *addr, Handler: hr.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	fmt.Printf("Demo HR is running at %s. Its own (legacy) users:\n", *public)
	for _, u := range legacyUsers {
		fmt.Printf("  %-7s password %-15s %s <%s>\n", u.Username, u.Password, u.Name, u.Emails[0])
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func readClientFile(path string) (demohr.ClientFile, error) {
	var cf demohr.ClientFile
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, &cf)
	}
	return cf, err
}
