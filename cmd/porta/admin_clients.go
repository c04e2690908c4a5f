package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/porta-id/porta/api/oidcop"
	"github.com/porta-id/porta/api/store"
)

// uris is a repeatable URI flag.
type uris []string

func (u *uris) String() string     { return strings.Join(*u, " ") }
func (u *uris) Set(v string) error { *u = append(*u, v); return nil }

func registry(svc adminEnv) *oidcop.Registry {
	return oidcop.NewRegistry(svc.store, svc.Now, nil)
}

func setupClientCreate(fs *flag.FlagSet) adminRun {
	name := fs.String("name", "", "the product's name, shown on the consent screen (required)")
	var redirects, logouts uris
	fs.Var(&redirects, "redirect-uri", "where sign-in returns, matched exactly (required; repeat for several)")
	fs.Var(&logouts, "post-logout-uri", "where sign-out may return (repeat for several)")
	public := fs.Bool("public", false, "a public client (mobile or single-page app): no secret, PKCE required")
	org := fs.String("org", "", "serve only members of this organization (slug)")
	firstParty := fs.Bool("first-party", false, "the company's own product: no consent screen")
	alg := fs.String("signing-alg", "RS256", "how its ID tokens are signed: RS256 or ES256")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"name": name}); err != nil {
			return err
		}
		if len(redirects) == 0 {
			return usageError{"--redirect-uri required"}
		}
		c, secret, err := registry(svc).CreateClient(ctx, oidcop.NewClient{
			Name: *name, RedirectURIs: redirects, PostLogoutURIs: logouts, Public: *public, Org: *org, FirstParty: *firstParty,
			SigningAlg: strings.ToUpper(*alg),
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "client_id:     %s\n", c.ID)
		if secret != "" {
			fmt.Fprintf(out, "client_secret: %s\n", secret)
			fmt.Fprintln(out, "The secret is shown this once; Porta keeps only its hash.")
		}
		return nil
	}
}

func setupClientList(fs *flag.FlagSet) adminRun {
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		list, err := registry(svc).Clients(ctx)
		if err != nil {
			return err
		}
		return table(out, len(list), func(i int) []any {
			c := list[i]
			return []any{c.ID, c.Name, clientKind(c), strings.Join(c.RedirectURIs, " ")}
		})
	}
}

func clientKind(c store.Client) string {
	kind := "confidential"
	if c.Public {
		kind = "public"
	}
	if c.FirstParty {
		kind += ", first-party"
	}
	return kind
}

func setupClientShow(fs *flag.FlagSet) adminRun {
	id := fs.String("id", "", "client id (required)")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"id": id}); err != nil {
			return err
		}
		c, err := registry(svc).Client(ctx, *id)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "client_id:        %s\nname:             %s\nkind:             %s\n", c.ID, c.Name, clientKind(c))
		fmt.Fprintf(out, "redirect URIs:    %s\npost-logout URIs: %s\n", strings.Join(c.RedirectURIs, " "), strings.Join(c.PostLogoutURIs, " "))
		fmt.Fprintf(out, "ID token alg:     %s\n", cmp.Or(c.IDTokenAlg, "RS256"))
		if c.OrgID != "" {
			o, err := svc.store.GetOrg(ctx, c.OrgID)
			if err == nil {
				fmt.Fprintf(out, "organization:     %s\n", o.Slug)
			}
		}
		fmt.Fprintf(out, "created:          %s\n", c.CreatedAt.UTC().Format("2006-01-02 15:04 MST"))
		return nil
	}
}

func setupClientRotateSecret(fs *flag.FlagSet) adminRun {
	id := fs.String("id", "", "client id (required)")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"id": id}); err != nil {
			return err
		}
		secret, err := registry(svc).RotateClientSecret(ctx, *id)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "client_secret: %s\nThe old secret no longer works; this one is shown this once.\n", secret)
		return nil
	}
}

func setupClientDelete(fs *flag.FlagSet) adminRun {
	id := fs.String("id", "", "client id (required)")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"id": id}); err != nil {
			return err
		}
		if err := registry(svc).DeleteClient(ctx, *id); err != nil {
			return err
		}
		fmt.Fprintf(out, "deleted client %s: its tokens no longer work\n", *id)
		return nil
	}
}
