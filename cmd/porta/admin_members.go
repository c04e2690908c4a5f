package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store"
)

// byOperator names the operator in the audit log of member changes.
const byOperator = "an operator (porta admin)"

func setupOrgMembers(fs *flag.FlagSet) adminRun {
	slug := fs.String("slug", "", "organization slug (required)")
	query := fs.String("search", "", "only members whose email or name contains this")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"slug": slug}); err != nil {
			return err
		}
		ms, more, err := svc.Members(ctx, *slug, *query)
		if err != nil {
			return err
		}
		err = table(out, len(ms), func(i int) []any {
			m := ms[i]
			state := "active"
			if !m.Activated {
				state = "invited"
			}
			return []any{m.Email, m.Name, m.Role, state, m.Since.UTC().Format("2006-01-02")}
		})
		if more {
			fmt.Fprintln(out, "… more match; narrow it with --search")
		}
		return err
	}
}

// setupOrgProgress prints the admins' progress board.
func setupOrgProgress(fs *flag.FlagSet) adminRun {
	slug := fs.String("slug", "", "organization slug (required)")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"slug": slug}); err != nil {
			return err
		}
		p, err := svc.OrgProgress(ctx, *slug)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%d of %d members have two-step verification on\n", p.TwoStep, p.Members)
		if err := table(out, len(p.Products), func(i int) []any {
			pp := p.Products[i]
			return []any{pp.ClientID, pp.Name, fmt.Sprintf("linked %d", pp.Linked), fmt.Sprintf("postponed %d", pp.Postponed), fmt.Sprintf("not started %d", pp.NotStarted)}
		}); err != nil {
			return err
		}
		fmt.Fprintf(out, "\nthe last %d days (days not counted are missing):\n", api.ProgressDays)
		return table(out, len(p.History), func(i int) []any {
			d := p.History[i]
			return []any{d.Day, fmt.Sprintf("two-step %d of %d", d.TwoStep, d.Members), fmt.Sprintf("linked %d", d.Linked())}
		})
	}
}

// setupOrgAudit prints a page of the organization's log, as its admins
// read it.
func setupOrgAudit(fs *flag.FlagSet) adminRun {
	slug := fs.String("slug", "", "organization slug (required)")
	var f api.OrgAuditFilter
	fs.StringVar(&f.Person, "person", "", "only events about or by this email")
	fs.StringVar(&f.Kind, "kind", "", "only events of this kind: "+strings.Join(api.OrgAuditKinds, ", "))
	fs.StringVar(&f.Before, "before", "", "go on with events older than the last page (it prints the value)")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"slug": slug}); err != nil {
			return err
		}
		page, err := svc.OrgAudit(ctx, *slug, f)
		if err != nil {
			return err
		}
		err = table(out, len(page.Events), func(i int) []any {
			e := page.Events[i]
			return []any{e.Time.UTC().Format(time.DateTime), e.Kind, e.Person, e.Actor, e.Detail}
		})
		if page.Next != "" {
			fmt.Fprintf(out, "… older events: add --before %s\n", page.Next)
		}
		return err
	}
}

// setupOrgInvites prints the organization's unanswered invitations.
func setupOrgInvites(fs *flag.FlagSet) adminRun {
	slug := fs.String("slug", "", "organization slug (required)")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"slug": slug}); err != nil {
			return err
		}
		list, more, err := svc.PendingInvites(ctx, *slug)
		if err != nil {
			return err
		}
		err = table(out, len(list), func(i int) []any {
			p := list[i]
			return []any{p.Email, p.Role, "invited " + p.InvitedAt.UTC().Format(time.DateOnly), "expires " + p.ExpiresAt.UTC().Format(time.DateOnly)}
		})
		if more {
			fmt.Fprintln(out, "… and more")
		}
		return err
	}
}

// inviteAction is the run of a command that does one thing to the
// pending invitation of --email in --slug.
func inviteAction(fs *flag.FlagSet, do func(ctx context.Context, svc adminEnv, slug, email string) error, done string) adminRun {
	slug := fs.String("slug", "", "organization slug (required)")
	email := fs.String("email", "", "the invited email (required)")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"slug": slug, "email": email}); err != nil {
			return err
		}
		if err := do(ctx, svc, *slug, *email); err != nil {
			return err
		}
		fmt.Fprintf(out, done+"\n", *email, *slug)
		return nil
	}
}

func setupOrgResendInvite(fs *flag.FlagSet) adminRun {
	return inviteAction(fs, func(ctx context.Context, svc adminEnv, slug, email string) error {
		return svc.ResendInvitation(ctx, slug, email, byOperator, identity.Meta{})
	}, "invitation of %s to %s sent again (it goes out when the server runs)")
}

func setupOrgWithdrawInvite(fs *flag.FlagSet) adminRun {
	return inviteAction(fs, func(ctx context.Context, svc adminEnv, slug, email string) error {
		return svc.WithdrawInvitation(ctx, slug, email, byOperator, identity.Meta{})
	}, "no open invitation of %s to %s any more")
}

func setupOrgSetRole(fs *flag.FlagSet) adminRun {
	slug := fs.String("slug", "", "organization slug (required)")
	email := fs.String("email", "", "the member's email (required)")
	role := fs.String("role", "", "member or admin (required)")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"slug": slug, "email": email, "role": role}); err != nil {
			return err
		}
		a, err := accountByEmail(ctx, svc, *email)
		if err != nil {
			return err
		}
		m, err := svc.SetMemberRole(ctx, *slug, a.ID, *role, byOperator, identity.Meta{})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s is now %s of %s\n", m.Email, m.Role, *slug)
		return nil
	}
}

func setupOrgRemoveMember(fs *flag.FlagSet) adminRun {
	slug := fs.String("slug", "", "organization slug (required)")
	email := fs.String("email", "", "the member's email (required)")
	return func(ctx context.Context, svc adminEnv, out io.Writer) error {
		if err := required(map[string]*string{"slug": slug, "email": email}); err != nil {
			return err
		}
		a, err := accountByEmail(ctx, svc, *email)
		if err != nil {
			return err
		}
		if err := svc.RemoveMember(ctx, *slug, a.ID, byOperator, identity.Meta{}); err != nil {
			return err
		}
		fmt.Fprintf(out, "%s is no longer a member of %s (the account stays)\n", a.Email, *slug)
		return nil
	}
}

func accountByEmail(ctx context.Context, svc adminEnv, email string) (store.Account, error) {
	addr, err := identity.NormalizeEmail(email)
	if err != nil {
		return store.Account{}, err
	}
	a, err := svc.store.GetAccountByEmail(ctx, addr)
	if errors.Is(err, store.ErrNotFound) {
		return store.Account{}, identity.Errorf(api.CodeNotFound, "No account has the email %s.", addr)
	}
	return a, err
}
