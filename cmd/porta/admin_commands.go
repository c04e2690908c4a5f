package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
)

func setupAccountCreate(fs *flag.FlagSet) adminRun {
	email := fs.String("email", "", "email address (required)")
	password := fs.String("password", "", "password (required)")
	name := fs.String("name", "", "display name")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"email": email, "password": password}); err != nil {
			return err
		}
		a, err := svc.CreateAccount(ctx, *email, *password, *name)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "created account %s <%s>\n", a.ID, a.Email)
		return nil
	}
}

func setupAccountList(fs *flag.FlagSet) adminRun {
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		accounts, err := svc.ListAccounts(ctx)
		if err != nil {
			return err
		}
		return table(out, len(accounts), func(i int) []any {
			a := accounts[i]
			state := "active"
			if a.PasswordHash == "" {
				state = "invited"
			}
			return []any{a.ID, a.Email, a.Name, state, a.CreatedAt.UTC().Format("2006-01-02")}
		})
	}
}

func setupAccountInvite(fs *flag.FlagSet) adminRun {
	email := fs.String("email", "", "email address (required)")
	name := fs.String("name", "", "display name")
	org := fs.String("org", "", "organization slug to add the person to")
	role := fs.String("role", api.RoleMember, "role in the organization: member or admin")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"email": email}); err != nil {
			return err
		}
		if _, err := svc.Invite(ctx, identity.Invitation{Email: *email, Name: *name, OrgSlug: *org, Role: *role, By: byOperator}, identity.Meta{}); err != nil {
			return err
		}
		if *org == "" {
			fmt.Fprintf(out, "invited %s: the email goes out when the server runs\n", *email)
		} else {
			fmt.Fprintf(out, "invited %s to %s: the email goes out when the server runs, and they join once they accept\n", *email, *org)
		}
		return nil
	}
}

func setupOrgCreate(fs *flag.FlagSet) adminRun {
	slug := fs.String("slug", "", "short unique name, used in the sign-in address (required)")
	name := fs.String("name", "", "display name (required)")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"slug": slug, "name": name}); err != nil {
			return err
		}
		o, err := svc.CreateOrg(ctx, *slug, *name)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "created organization %s (%s)\n", o.Slug, o.Name)
		return nil
	}
}

func setupOrgAddMember(fs *flag.FlagSet) adminRun {
	slug := fs.String("slug", "", "organization slug (required)")
	email := fs.String("email", "", "email of an existing account (required)")
	role := fs.String("role", api.RoleMember, "member or admin")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"slug": slug, "email": email}); err != nil {
			return err
		}
		m, err := svc.AddMember(ctx, *slug, *email, *role)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s is now %s of %s\n", *email, m.Role, *slug)
		return nil
	}
}

func setupOrgSet(fs *flag.FlagSet) adminRun {
	slug := fs.String("slug", "", "organization slug (required)")
	enforce := fs.String("enforce-2fa", "", "on: every member must use two-step verification; off: lift it")
	forbid := fs.String("forbid-remember-device", "", `on: members pass the second step on every sign-in ("remember this device" is not offered); off: allow it`)
	domains := fs.String("trusted-domains", "", `email domains, comma-separated, whose addresses link to the products without a code; "none" clears them`)
	switchDate := fs.String("switch-date", "", `the day (YYYY-MM-DD, UTC) from which the products use Porta sign-in; "none" clears it`)
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"slug": slug}); err != nil {
			return err
		}
		var in identity.OrgSettings
		var err error
		if in.Enforce2FA, err = onOff("--enforce-2fa", *enforce); err != nil {
			return err
		}
		forbidden, err := onOff("--forbid-remember-device", *forbid)
		if err != nil {
			return err
		}
		if forbidden != nil {
			allow := !*forbidden
			in.AllowRememberDevice = &allow
		}
		if *domains != "" {
			list := []string{}
			if *domains != "none" {
				list = strings.Split(*domains, ",")
			}
			in.TrustedDomains = &list
		}
		if *switchDate != "" {
			var d time.Time
			if *switchDate != "none" {
				if d, err = time.Parse(time.DateOnly, *switchDate); err != nil {
					return usageError{"--switch-date takes a day like 2027-01-31, or none"}
				}
			}
			in.SwitchDate = &d
		}
		if in == (identity.OrgSettings{}) {
			return usageError{"give --enforce-2fa, --forbid-remember-device, --trusted-domains or --switch-date"}
		}
		o, err := svc.UpdateOrgSettings(ctx, *slug, in, byOperator, identity.Meta{})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: enforce-2fa %s, forbid-remember-device %s, trusted domains %s, switch date %s\n", o.Slug,
			onOffText(o.Enforce2FA), onOffText(o.ForbidRememberDevice), orNone(strings.Join(o.TrustedDomains, ",")), orNone(dateText(o.SwitchDate)))
		return nil
	}
}

// onOff reads an on|off flag; nil when it was not given.
func onOff(flag, v string) (*bool, error) {
	switch v {
	case "":
		return nil, nil
	case "on", "off":
		on := v == "on"
		return &on, nil
	}
	return nil, usageError{flag + " takes on or off"}
}

func onOffText(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

func setupOrgList(fs *flag.FlagSet) adminRun {
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		orgs, err := svc.ListOrgs(ctx)
		if err != nil {
			return err
		}
		return table(out, len(orgs), func(i int) []any {
			enforced := ""
			if orgs[i].Enforce2FA {
				enforced = "two-step enforced"
			}
			return []any{orgs[i].Slug, orgs[i].Name, orgs[i].ID, enforced}
		})
	}
}

// setupMailList shows queued and delivered messages, so an operator can
// see what failed and why.
func setupMailList(fs *flag.FlagSet) adminRun {
	limit := fs.Int("limit", 50, "how many, newest first")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		msgs, err := svc.Messages().Outbox(ctx, *limit)
		if err != nil {
			return err
		}
		return table(out, len(msgs), func(i int) []any {
			m := msgs[i]
			return []any{m.CreatedAt.UTC().Format("2006-01-02 15:04"), m.Kind, m.Status, m.To, m.Subject, m.Attempts, m.LastError}
		})
	}
}

// table prints n rows, tab-aligned, one a line.
func table(out io.Writer, n int, row func(i int) []any) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	for i := 0; i < n; i++ {
		for j, v := range row(i) {
			if j > 0 {
				fmt.Fprint(tw, "\t")
			}
			fmt.Fprint(tw, v)
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}
