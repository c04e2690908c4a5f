package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/policy"
	"github.com/porta-id/porta/api/store"
)

// adminEnv is what admin commands work on: the identity service, and the
// store for the parts beside it (the OpenID clients).
type adminEnv struct {
	*identity.Service
	store store.Store
	// secretsKeyFile is the server's secrets key, for the commands that
	// seal a secret (an identity provider's client secret).
	secretsKeyFile string
	publicURL      string
}

// adminRun is what an admin command does once its flags are parsed.
type adminRun func(ctx context.Context, svc adminEnv, out io.Writer) error

// adminCommand is one `porta admin NOUN VERB`: setup declares its flags and
// returns the run that reads them.
type adminCommand struct {
	usage string
	setup func(fs *flag.FlagSet) adminRun
}

// Admin commands open the store directly, so with bbolt they run while the
// server is stopped (the server holds the file lock and the command says
// so). Emails they queue go out when the server runs.
var adminCommands = map[string]adminCommand{
	"account create":       {"--email E --password P [--name N]", setupAccountCreate},
	"account list":         {"", setupAccountList},
	"account invite":       {"--email E [--name N] [--org SLUG] [--role member|admin]", setupAccountInvite},
	"org create":           {"--slug S --name N", setupOrgCreate},
	"org add-member":       {"--slug S --email E [--role member|admin]", setupOrgAddMember},
	"org list":             {"", setupOrgList},
	"org members":          {"--slug S [--search TEXT]", setupOrgMembers},
	"org set-role":         {"--slug S --email E --role member|admin", setupOrgSetRole},
	"org progress":         {"--slug S", setupOrgProgress},
	"org audit":            {"--slug S [--person E] [--kind K] [--before CURSOR]", setupOrgAudit},
	"org invites":          {"--slug S", setupOrgInvites},
	"org resend-invite":    {"--slug S --email E", setupOrgResendInvite},
	"org withdraw-invite":  {"--slug S --email E", setupOrgWithdrawInvite},
	"org remove-member":    {"--slug S --email E", setupOrgRemoveMember},
	"org set":              {"--slug S [--enforce-2fa on|off] [--forbid-remember-device on|off] [--trusted-domains D,D…|none] [--switch-date YYYY-MM-DD|none]", setupOrgSet},
	"mail list":            {"[--limit N]", setupMailList},
	"client create":        {"--name N --redirect-uri URI [--redirect-uri …] [--public] [--post-logout-uri URI …] [--org SLUG] [--first-party]", setupClientCreate},
	"client list":          {"", setupClientList},
	"client show":          {"--id ID", setupClientShow},
	"client rotate-secret": {"--id ID", setupClientRotateSecret},
	"client delete":        {"--id ID", setupClientDelete},
	"org sso add":          {"--slug S --preset microsoft|google|oidc [--tenant T] [--issuer URL] [--name N] --client-id ID --client-secret S --domain D [--domain …] [--trust-mfa]", setupSSOAdd},
	"org sso list":         {"--slug S", setupSSOList},
	"org sso verify":       {"--slug S --id ID", setupSSOVerify},
	"org sso remove":       {"--slug S --id ID", setupSSORemove},
}

func adminUsage() string {
	names := make([]string, 0, len(adminCommands))
	for n := range adminCommands {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("  porta admin migrate-store --from DIR|postgres://… --to DIR|postgres://…\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  porta admin %s [--data DIR] %s\n", n, adminCommands[n].usage)
	}
	return b.String()
}

func runAdmin(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "migrate-store" {
		return runMigrateStore(ctx, args[1:], stdout, stderr)
	}
	if len(args) < 2 {
		fmt.Fprint(stderr, adminUsage())
		return usageError{"usage: porta admin NOUN VERB [flags]"}
	}
	name, rest := args[0]+" "+args[1], args[2:]
	if len(args) > 2 && args[1] == "sso" { // three words: org sso VERB
		name, rest = name+" "+args[2], args[3:]
	}
	cmd, ok := adminCommands[name]
	if !ok {
		fmt.Fprint(stderr, adminUsage())
		return usageError{fmt.Sprintf("unknown admin command %q", name)}
	}
	fs := flag.NewFlagSet("porta admin "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", env("PORTA_DATA", DefaultConfig().Data), "data folder (PORTA_DATA)")
	storeURL := fs.String("store", env("PORTA_STORE", ""), "postgres://… to use PostgreSQL instead of the bbolt store in --data (PORTA_STORE)")
	pol := fs.String("password-policy", env("PORTA_PASSWORD_POLICY", "porta"), "password rules: porta or nist (PORTA_PASSWORD_POLICY)")
	publicURL := fs.String("public-url", env("PORTA_PUBLIC_URL", "http://localhost:8080"), "address used in emailed links (PORTA_PUBLIC_URL)")
	keyFile := fs.String("secrets-key-file", env("PORTA_SECRETS_KEY_FILE", ""), "the server's secrets key; default DATA/secrets.key (PORTA_SECRETS_KEY_FILE)")
	run := cmd.setup(fs)
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	p, ok := policy.ByName(*pol)
	if !ok {
		return usageError{fmt.Sprintf("unknown password policy %q", *pol)}
	}
	st, err := openStore(ctx, *storeURL, *data)
	if err != nil {
		return err
	}
	defer st.Close()
	svc, err := identity.New(ctx, identity.Config{Store: st, Policy: p, BaseURL: *publicURL})
	if err != nil {
		return err
	}
	if *keyFile == "" {
		*keyFile = filepath.Join(*data, "secrets.key")
	}
	return run(ctx, adminEnv{Service: svc, store: st, secretsKeyFile: *keyFile, publicURL: *publicURL}, stdout)
}

// required returns a usage error naming the first empty flag.
func required(flags map[string]*string) error {
	names := make([]string, 0, len(flags))
	for n, v := range flags {
		if *v == "" {
			names = append(names, "--"+n)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	return usageError{strings.Join(names, ", ") + " required"}
}
