package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/policy"
)

// runAdmin runs `porta admin …`. Admin commands open the store directly,
// so with bbolt they run while the server is stopped (the server holds the
// file lock and the command says so).
func runAdmin(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) < 2 || args[0] != "account" {
		fmt.Fprintln(stderr, usage)
		return usageError{"usage: porta admin account create|list"}
	}
	switch args[1] {
	case "create":
		return adminAccountCreate(ctx, args[2:], stdout, stderr)
	case "list":
		return adminAccountList(ctx, args[2:], stdout, stderr)
	}
	return usageError{fmt.Sprintf("unknown admin command %q", args[1])}
}

// adminService opens the store in data and returns a service over it.
func adminService(ctx context.Context, data, policyName string) (*identity.Service, func(), error) {
	st, err := openStore(data)
	if err != nil {
		return nil, nil, err
	}
	pol, _ := policy.ByName(policyName)
	svc, err := identity.New(ctx, identity.Config{Store: st, Policy: pol})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return svc, func() { st.Close() }, nil
}

func adminAccountCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("porta admin account create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", env("PORTA_DATA", DefaultConfig().Data), "data folder (PORTA_DATA)")
	pol := fs.String("password-policy", env("PORTA_PASSWORD_POLICY", "porta"), "password rules: porta or nist")
	email := fs.String("email", "", "email address (required)")
	password := fs.String("password", "", "password (required)")
	name := fs.String("name", "", "display name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *email == "" || *password == "" {
		return usageError{"--email and --password are required"}
	}
	svc, closeStore, err := adminService(ctx, *data, *pol)
	if err != nil {
		return err
	}
	defer closeStore()
	a, err := svc.CreateAccount(ctx, *email, *password, *name)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created account %s <%s>\n", a.ID, a.Email)
	return nil
}

func adminAccountList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("porta admin account list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", env("PORTA_DATA", DefaultConfig().Data), "data folder (PORTA_DATA)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	svc, closeStore, err := adminService(ctx, *data, "porta")
	if err != nil {
		return err
	}
	defer closeStore()
	accounts, err := svc.ListAccounts(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, a := range accounts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.ID, a.Email, a.Name, a.CreatedAt.UTC().Format("2006-01-02"))
	}
	return tw.Flush()
}
