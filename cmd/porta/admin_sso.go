package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/federation"
	"github.com/porta-id/porta/api/identity"
)

// federation returns organization SSO on the server's secrets key, which
// must exist already: a key made here would seal client secrets that the
// server cannot open.
func (e adminEnv) federation(ctx context.Context) (*federation.Service, error) {
	key, err := os.ReadFile(e.secretsKeyFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("secrets key %s not found: start porta serve once with this --data, or give --secrets-key-file", e.secretsKeyFile)
	} else if err != nil {
		return nil, fmt.Errorf("secrets key: %w", err)
	}
	if len(key) != identity.SecretsKeySize {
		return nil, fmt.Errorf("secrets key %s: want %d bytes, found %d", e.secretsKeyFile, identity.SecretsKeySize, len(key))
	}
	id, err := identity.New(ctx, identity.Config{Store: e.store, SecretsKey: key, BaseURL: e.publicURL})
	if err != nil {
		return nil, err
	}
	return federation.New(federation.Config{Store: e.store, Identity: id, BaseURL: e.publicURL}), nil
}

func setupSSOAdd(fs *flag.FlagSet) adminRun {
	slug := fs.String("slug", "", "organization slug (required)")
	preset := fs.String("preset", "", "microsoft (Entra ID), google, or oidc for any issuer (required)")
	tenant := fs.String("tenant", "", "the Entra ID directory (tenant) ID, for microsoft")
	issuer := fs.String("issuer", "", "the provider's issuer URL, for oidc")
	name := fs.String("name", "", `what the sign-in screen says: "Continue with NAME" (default from the preset or issuer)`)
	clientID := fs.String("client-id", "", "Porta's client ID at the provider (required)")
	secret := fs.String("client-secret", "", "Porta's client secret at the provider (required; stored sealed)")
	var domains uris
	fs.Var(&domains, "domain", "an email domain the provider serves, which you have confirmed the organization owns (required; repeat for several)")
	trustMFA := fs.Bool("trust-mfa", false, `skip Porta's second step when the provider says it did multi-factor authentication (amr "mfa")`)
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"slug": slug, "preset": preset, "client-id": clientID, "client-secret": secret}); err != nil {
			return err
		}
		if len(domains) == 0 {
			return usageError{"--domain required"}
		}
		f, err := svc.federation(ctx)
		if err != nil {
			return err
		}
		p, err := f.AddProvider(ctx, *slug, api.NewSSOProvider{
			Preset: *preset, Tenant: *tenant, Issuer: *issuer, Name: *name,
			ClientID: *clientID, ClientSecret: *secret, Domains: domains, TrustMFA: *trustMFA,
		}, true, byOperator, identity.Meta{})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "id:           %s\n", p.ID)
		printProvider(out, p)
		return nil
	}
}

func printProvider(out io.Writer, p api.SSOProviderInfo) {
	fmt.Fprintf(out, "name:         %s\n", p.Name)
	fmt.Fprintf(out, "issuer:       %s\n", p.Issuer)
	fmt.Fprintf(out, "domains:      %s\n", strings.Join(p.Domains, ", "))
	fmt.Fprintf(out, "trust mfa:    %v\n", p.TrustMFA)
	fmt.Fprintf(out, "redirect uri: %s   (register this at the provider)\n", p.RedirectURI)
}

func setupSSOList(fs *flag.FlagSet) adminRun {
	slug := fs.String("slug", "", "organization slug (required)")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"slug": slug}); err != nil {
			return err
		}
		f, err := svc.federation(ctx)
		if err != nil {
			return err
		}
		ps, err := f.Providers(ctx, *slug)
		if err != nil {
			return err
		}
		return table(out, len(ps), func(i int) []any {
			p := ps[i]
			state := "signs in"
			if !p.DomainsVerified {
				state = "waits for porta admin org sso verify"
			}
			return []any{p.ID, p.Name, p.Issuer, strings.Join(p.Domains, ","), state}
		})
	}
}

func setupSSOVerify(fs *flag.FlagSet) adminRun {
	slug := fs.String("slug", "", "organization slug (required)")
	id := fs.String("id", "", "the provider's id, from org sso list (required)")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"slug": slug, "id": id}); err != nil {
			return err
		}
		f, err := svc.federation(ctx)
		if err != nil {
			return err
		}
		p, err := f.VerifyDomains(ctx, *slug, *id, byOperator, identity.Meta{})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s now signs in people of %s for %s\n", p.Name, strings.Join(p.Domains, ", "), *slug)
		return nil
	}
}

func setupSSORemove(fs *flag.FlagSet) adminRun {
	slug := fs.String("slug", "", "organization slug (required)")
	id := fs.String("id", "", "the provider's id, from org sso list (required)")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"slug": slug, "id": id}); err != nil {
			return err
		}
		f, err := svc.federation(ctx)
		if err != nil {
			return err
		}
		if err := f.RemoveProvider(ctx, *slug, *id, byOperator, identity.Meta{}); err != nil {
			return err
		}
		fmt.Fprintf(out, "removed; people it signed in keep their accounts and may set a password with \"Forgot password\"\n")
		return nil
	}
}
