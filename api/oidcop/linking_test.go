package oidcop_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/oidcop"
)

// linkWorld is Porta with an organization "acme" and its product Ledger,
// which has sent Porta two of its users.
type linkWorld struct {
	*env
	ledger *product
	// person is a browser without a Porta session: linking needs none.
	person *api.Client
}

func mustLinkWorld(t *testing.T) *linkWorld {
	t.Helper()
	e := mustPorta(t)
	if _, err := e.svc.CreateOrg(context.Background(), "acme", "Acme Corp"); err != nil {
		t.Fatal(err)
	}
	w := &linkWorld{env: e, ledger: e.mustProduct(t, oidcop.NewClient{FirstParty: true, Org: "acme"}), person: e.browser().api}
	return w
}

// ticket upserts the product user and returns its ticket.
func (w *linkWorld) ticket(t *testing.T, p *product, c api.LinkCandidate) string {
	t.Helper()
	got, err := w.productAPI(t, p).UpsertLinkCandidates(context.Background(), "acme", []api.LinkCandidate{c})
	if err != nil || len(got.Users) != 1 || got.Users[0].Ticket == "" {
		t.Fatalf("upsert %s: %+v, %v", c.UserID, got, err)
	}
	return got.Users[0].Ticket
}

// state reads one user's state as the product sees it.
func (w *linkWorld) state(t *testing.T, p *product, userID string) api.LinkUser {
	t.Helper()
	got, err := w.productAPI(t, p).LinkStates(context.Background(), "acme", []string{userID})
	if err != nil || len(got.Users) != 1 {
		t.Fatalf("states: %+v, %v", got, err)
	}
	return got.Users[0]
}

var sixDigits = regexp.MustCompile(`\b\d{6}\b`)

// mailedCode returns the code in the newest email to addr, failing when
// the newest email is not a link code.
func (w *linkWorld) mailedCode(t *testing.T, addr string) string {
	t.Helper()
	msgs, err := w.svc.Messages().Outbox(context.Background(), 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.To == addr {
			if !strings.Contains(m.Text, "valid for 30 minutes") {
				t.Fatalf("newest email to %s is not a link code:\n%s", addr, m.Text)
			}
			return sixDigits.FindString(m.Subject)
		}
	}
	t.Fatalf("no email to %s", addr)
	return ""
}

func (w *linkWorld) emailsTo(t *testing.T, addr string) int {
	t.Helper()
	msgs, err := w.svc.Messages().Outbox(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range msgs {
		if m.To == addr {
			n++
		}
	}
	return n
}

var bob = api.LinkCandidate{UserID: "emp-1", DisplayName: "Bob Builder", Emails: []string{"bob@acme.com", "bob@home.example"}}

// TestLinkWithCode: a product user picks an address, gets a code by
// email and is linked to a new account; the product then sees the link.
func TestLinkWithCode(t *testing.T) {
	ctx := context.Background()
	w := mustLinkWorld(t)
	before := w.state(t, w.ledger, bob.UserID)
	if before.State != api.LinkNotStarted || before.Ticket != "" {
		t.Fatalf("a user never sent: %+v, want not_started without a ticket", before)
	}
	ticket := w.ticket(t, w.ledger, bob)
	page, err := w.person.LinkInfo(ctx, ticket)
	if err != nil || page.Product != "Ledger" || page.OrgName != "Acme Corp" || strings.Join(page.Emails, ",") != "bob@acme.com,bob@home.example" {
		t.Fatalf("link page: %+v, %v", page, err)
	}
	sent, err := w.person.SendLinkCode(ctx, ticket, "Bob@Home.Example ")
	if err != nil || sent.Linked != nil || sent.Email != "bob@home.example" {
		t.Fatalf("send: %+v, %v", sent, err)
	}
	if page, _ := w.person.LinkInfo(ctx, ticket); page.CodeSentTo != "bob@home.example" {
		t.Errorf("after a reload the page forgets where the code went: %+v", page)
	}
	code := w.mailedCode(t, "bob@home.example")
	linked, err := w.person.VerifyLinkCode(ctx, ticket, code)
	if err != nil || !linked.Created || linked.HasPassword || linked.SetPasswordURL == "" || linked.Switched {
		t.Fatalf("verify: %+v, %v; want a new account without a password, a way to set one, not switched", linked, err)
	}
	acct, err := w.st.GetAccountByEmail(ctx, "bob@home.example")
	if err != nil || !acct.EmailVerified || acct.Name != "Bob Builder" {
		t.Fatalf("the new account: %+v, %v", acct, err)
	}
	if m, err := w.st.GetMembership(ctx, mustOrgID(t, w.env, "acme"), acct.ID); err != nil || m.Role != api.RoleMember {
		t.Errorf("membership: %+v, %v", m, err)
	}
	got := w.state(t, w.ledger, bob.UserID)
	if got.State != api.LinkLinked || got.Sub != acct.ID || got.Ticket != "" || got.ShowBanner {
		t.Errorf("the product sees %+v, want linked to %s", got, acct.ID)
	}
	if _, err := w.person.VerifyLinkCode(ctx, ticket, code); api.ErrorCode(err) != api.CodeConflict {
		t.Errorf("the code again: %v, want conflict (already linked)", err)
	}
	if _, err := w.person.SendLinkCode(ctx, ticket, "bob@acme.com"); api.ErrorCode(err) != api.CodeConflict {
		t.Errorf("linking a linked user again: %v, want conflict", err)
	}

	// The admins' progress board counts it, with a user who postponed and
	// one not started.
	if _, err := w.person.PostponeLinkByTicket(ctx, w.ticket(t, w.ledger, api.LinkCandidate{UserID: "later"})); err != nil {
		t.Fatal(err)
	}
	w.ticket(t, w.ledger, api.LinkCandidate{UserID: "not-yet"})
	if _, err := w.svc.AddMember(ctx, "acme", annEmail, api.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	admin := w.browser()
	admin.signIn(t)
	board, err := admin.api.OrgProgress(ctx, "acme")
	want := api.ProductProgress{ClientID: w.ledger.id, Name: "Ledger", Linked: 1, Postponed: 1, NotStarted: 1}
	if err != nil || board.Members != 2 || board.TwoStep != 0 || len(board.Products) != 1 || board.Products[0] != want {
		t.Errorf("board: %+v, %v; want 2 members (Bob, Ann), none with two-step, and %+v", board, err, want)
	}
	if _, err := w.browser().api.OrgProgress(ctx, "acme"); api.ErrorCode(err) != api.CodeUnauthenticated {
		t.Errorf("the board without a session: %v", err)
	}
}

// TestLinkExistingAccount: an address that has an account links it,
// without a second account, and a second user of the product in the same
// organization cannot take that account too.
func TestLinkExistingAccount(t *testing.T) {
	ctx := context.Background()
	w := mustLinkWorld(t)
	ann := api.LinkCandidate{UserID: "emp-2", DisplayName: "Ann", Emails: []string{annEmail}}
	ticket := w.ticket(t, w.ledger, ann)
	if _, err := w.person.SendLinkCode(ctx, ticket, annEmail); err != nil {
		t.Fatal(err)
	}
	linked, err := w.person.VerifyLinkCode(ctx, ticket, w.mailedCode(t, annEmail))
	if err != nil || linked.Created || !linked.HasPassword || linked.SetPasswordURL != "" {
		t.Fatalf("verify: %+v, %v; want the existing account, which has a password", linked, err)
	}
	if got := w.state(t, w.ledger, ann.UserID); got.Sub != w.ann.ID {
		t.Errorf("linked to %q, want Ann's account %q", got.Sub, w.ann.ID)
	}
	accounts, _ := w.st.ListAccounts(ctx)
	if len(accounts) != 1 {
		t.Errorf("%d accounts, want Ann's alone", len(accounts))
	}
	other := w.ticket(t, w.ledger, api.LinkCandidate{UserID: "emp-3", Emails: []string{annEmail}})
	w.clock.Advance(time.Second) // the outbox orders by time: this code's email is the newest
	if _, err := w.person.SendLinkCode(ctx, other, annEmail); err != nil {
		t.Fatal(err)
	}
	_, err = w.person.VerifyLinkCode(ctx, other, w.mailedCode(t, annEmail))
	if api.ErrorCode(err) != api.CodeConflict || !strings.Contains(err.Error(), "already linked to another Ledger user") {
		t.Errorf("a second user onto Ann's account: %v, want a conflict that says so", err)
	}
	if got := w.state(t, w.ledger, "emp-3"); got.State != api.LinkNotStarted {
		t.Errorf("the refused user: %+v", got)
	}
}

// TestLinkTrustedDomain: an address the product suggested, in a domain
// the organization trusts, links without a code; a typed one still needs
// a code.
func TestLinkTrustedDomain(t *testing.T) {
	ctx := context.Background()
	w := mustLinkWorld(t)
	trusted := []string{"acme.com"}
	if _, err := w.svc.UpdateOrgSettings(ctx, "acme", identity.OrgSettings{TrustedDomains: &trusted}, "test", identity.Meta{}); err != nil {
		t.Fatal(err)
	}
	ticket := w.ticket(t, w.ledger, bob)
	sent, err := w.person.SendLinkCode(ctx, ticket, "bob@acme.com")
	if err != nil || sent.Linked == nil || !sent.Linked.Created || sent.Linked.SetPasswordURL != "" {
		t.Fatalf("send to a trusted address: %+v, %v; want linked at once, and no password link without proof", sent, err)
	}
	if n := w.emailsTo(t, "bob@acme.com"); n != 0 {
		t.Errorf("%d emails to the trusted address, want none", n)
	}
	typed := w.ticket(t, w.ledger, api.LinkCandidate{UserID: "emp-9", Emails: []string{"nine@acme.com"}})
	sent, err = w.person.SendLinkCode(ctx, typed, "someone.else@acme.com")
	if err != nil || sent.Linked != nil {
		t.Fatalf("a typed address of the trusted domain: %+v, %v; want a code", sent, err)
	}
}

// TestLinkAnswersAlike: sending a code says the same whether the address
// has an account or not.
func TestLinkAnswersAlike(t *testing.T) {
	ctx := context.Background()
	w := mustLinkWorld(t)
	answer := func(email string) string {
		ticket := w.ticket(t, w.ledger, api.LinkCandidate{UserID: email})
		sent, err := w.person.SendLinkCode(ctx, ticket, email)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(sent)
		return strings.ReplaceAll(string(b), email, "EMAIL")
	}
	known, unknown := answer(annEmail), answer("nobody@example.com")
	if known != unknown {
		t.Errorf("known: %s\nunknown: %s", known, unknown)
	}
}

// TestLinkCodeLimits: five wrong codes spend the code; a code expires
// after 30 minutes; of concurrent right answers exactly one links.
func TestLinkCodeLimits(t *testing.T) {
	ctx := context.Background()
	w := mustLinkWorld(t)
	t.Run("FiveTries", func(t *testing.T) {
		ticket := w.ticket(t, w.ledger, api.LinkCandidate{UserID: "tries"})
		w.person.SendLinkCode(ctx, ticket, "tries@example.com")
		code := w.mailedCode(t, "tries@example.com")
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		for i := range 5 {
			if _, err := w.person.VerifyLinkCode(ctx, ticket, wrong); api.ErrorCode(err) != api.CodeInvalidCode {
				t.Fatalf("wrong code %d: %v", i+1, err)
			}
		}
		if _, err := w.person.VerifyLinkCode(ctx, ticket, code); api.ErrorCode(err) != api.CodeInvalidCode {
			t.Fatalf("the right code after five wrong ones: %v, want invalid_code", err)
		}
	})
	t.Run("Expiry", func(t *testing.T) {
		ticket := w.ticket(t, w.ledger, api.LinkCandidate{UserID: "late"})
		w.person.SendLinkCode(ctx, ticket, "late@example.com")
		code := w.mailedCode(t, "late@example.com")
		w.clock.Advance(30*time.Minute + time.Second)
		if _, err := w.person.VerifyLinkCode(ctx, ticket, code); api.ErrorCode(err) != api.CodeInvalidCode {
			t.Fatalf("a code past 30 minutes: %v, want invalid_code", err)
		}
	})
	t.Run("ResendLimited", func(t *testing.T) {
		ticket := w.ticket(t, w.ledger, api.LinkCandidate{UserID: "again"})
		var answers []api.LinkSent
		for range 4 {
			sent, err := w.person.SendLinkCode(ctx, ticket, "again@example.com")
			if err != nil {
				t.Fatal(err)
			}
			answers = append(answers, sent)
		}
		if n := w.emailsTo(t, "again@example.com"); n != 3 {
			t.Errorf("%d codes sent to one address in an hour, want 3", n)
		}
		if answers[3] != answers[0] {
			t.Errorf("the refused send answered %+v, the first %+v; want the same", answers[3], answers[0])
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		ticket := w.ticket(t, w.ledger, api.LinkCandidate{UserID: "race"})
		w.person.SendLinkCode(ctx, ticket, "race@example.com")
		code := w.mailedCode(t, "race@example.com")
		var won atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				if _, err := w.person.VerifyLinkCode(ctx, ticket, code); err == nil {
					won.Add(1)
				} else if c := api.ErrorCode(err); c != api.CodeInvalidCode && c != api.CodeConflict {
					t.Errorf("a losing verify: %v", err)
				}
			})
		}
		wg.Wait()
		if won.Load() != 1 {
			t.Errorf("%d verifies won, want 1", won.Load())
		}
	})
}

// TestLinkPostpone: "Not right now" hides the banner for 24 hours, then
// it comes back.
func TestLinkPostpone(t *testing.T) {
	ctx := context.Background()
	w := mustLinkWorld(t)
	ticket := w.ticket(t, w.ledger, bob)
	if b, err := w.person.LinkBannerFor(ctx, ticket); err != nil || !b.Show || b.Title != "We are upgrading our sign-in" {
		t.Fatalf("banner: %+v, %v", b, err)
	}
	b, err := w.person.PostponeLinkByTicket(ctx, ticket)
	if err != nil || b.Show || b.PostponedUntil == nil {
		t.Fatalf("postpone: %+v, %v", b, err)
	}
	if got := w.state(t, w.ledger, bob.UserID); got.State != api.LinkPostponed || got.ShowBanner {
		t.Errorf("the product sees %+v, want postponed", got)
	}
	w.clock.Advance(24*time.Hour + time.Second)
	got := w.state(t, w.ledger, bob.UserID)
	if got.State != api.LinkNotStarted || !got.ShowBanner {
		t.Errorf("a day later the product sees %+v, want the banner back", got)
	}
	if u, err := w.productAPI(t, w.ledger).PostponeLink(ctx, "acme", bob.UserID); err != nil || u.State != api.LinkPostponed {
		t.Errorf("postponed by the product: %+v, %v", u, err)
	}
	if _, err := w.productAPI(t, w.ledger).PostponeLink(ctx, "acme", "nobody"); api.ErrorCode(err) != api.CodeNotFound {
		t.Errorf("postponing a user never sent: %v, want not_found", err)
	}
}

// TestLinkTickets: a forged, altered or expired ticket opens nothing, and
// one product neither reads nor links another's users.
func TestLinkTickets(t *testing.T) {
	ctx := context.Background()
	w := mustLinkWorld(t)
	if _, err := w.svc.CreateOrg(ctx, "globex", "Globex"); err != nil {
		t.Fatal(err)
	}
	ticket := w.ticket(t, w.ledger, bob)
	payload, sig, _ := strings.Cut(ticket, ".")
	raw, _ := base64.RawURLEncoding.DecodeString(payload)
	altered := base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(raw), "emp-1", "emp-2", 1))) + "." + sig
	for name, bad := range map[string]string{"empty": "", "garbage": "x.y", "altered": altered, "unsigned": payload} {
		if _, err := w.person.LinkInfo(ctx, bad); api.ErrorCode(err) != api.CodeInvalidLink {
			t.Errorf("%s ticket: %v, want invalid_link", name, err)
		}
		if _, err := w.person.SendLinkCode(ctx, bad, "bob@acme.com"); api.ErrorCode(err) != api.CodeInvalidLink {
			t.Errorf("%s ticket, send: %v, want invalid_link", name, err)
		}
	}

	payroll := w.mustProduct(t, oidcop.NewClient{Name: "Payroll", FirstParty: true, Org: "acme"})
	if got := w.state(t, payroll, bob.UserID); got.State != api.LinkNotStarted || got.Ticket != "" {
		t.Errorf("another product of acme reads Ledger's user: %+v", got)
	}
	globex := w.mustProduct(t, oidcop.NewClient{Name: "Globex HR", FirstParty: true, Org: "globex"})
	if _, err := w.productAPI(t, globex).LinkStates(ctx, "acme", []string{bob.UserID}); api.ErrorCode(err) != api.CodeForbidden {
		t.Errorf("globex's product reads acme: %v, want forbidden", err)
	}
	if _, err := w.productAPI(t, globex).UpsertLinkCandidates(ctx, "acme", []api.LinkCandidate{bob}); api.ErrorCode(err) != api.CodeForbidden {
		t.Errorf("globex's product writes acme: %v, want forbidden", err)
	}

	w.clock.Advance(identity.LinkTicketTTL)
	if _, err := w.person.LinkInfo(ctx, ticket); api.ErrorCode(err) != api.CodeExpiredLink {
		t.Errorf("an old ticket: %v, want expired_link", err)
	}
}

// TestLinkCandidatesRefuseBadInput: the product's mistakes get a 400
// that names them.
func TestLinkCandidatesRefuseBadInput(t *testing.T) {
	ctx := context.Background()
	w := mustLinkWorld(t)
	c := w.productAPI(t, w.ledger)
	many := make([]api.LinkCandidate, api.MaxLinkUsers+1)
	for i := range many {
		many[i] = api.LinkCandidate{UserID: strings.Repeat("x", i%5+1) + string(rune('a'+i%26))}
	}
	for name, users := range map[string][]api.LinkCandidate{
		"none":        nil,
		"too many":    many,
		"no id":       {{UserID: ""}},
		"spaced id":   {{UserID: " emp-1"}},
		"bad email":   {{UserID: "emp-1", Emails: []string{"not an email"}}},
		"twice":       {{UserID: "emp-1"}, {UserID: "emp-1"}},
		"control":     {{UserID: "emp\n1"}},
		"long id":     {{UserID: strings.Repeat("x", 129)}},
		"bidi name":   {{UserID: "emp-1", DisplayName: "Bob\u202e"}},
		"many emails": {{UserID: "emp-1", Emails: strings.Split(strings.Repeat("a@b.co,", 11), ",")[:11]}},
	} {
		if _, err := c.UpsertLinkCandidates(ctx, "acme", users); api.ErrorCode(err) != api.CodeInvalidRequest {
			t.Errorf("%s: %v, want invalid_request", name, err)
		}
	}
}

func mustOrgID(tb testing.TB, e *env, slug string) string {
	tb.Helper()
	o, err := e.st.GetOrgBySlug(context.Background(), slug)
	if err != nil {
		tb.Fatal(err)
	}
	return o.ID
}

// TestBannerFraming: the banner page of a valid ticket may be framed by
// the product's own origins; every other page, and a bad ticket, by none.
func TestBannerFraming(t *testing.T) {
	w := mustLinkWorld(t)
	ticket := w.ticket(t, w.ledger, bob)
	frameAncestors := func(path string) (string, string) {
		t.Helper()
		res, err := http.Get(w.url + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		csp := res.Header.Get("Content-Security-Policy")
		_, fa, _ := strings.Cut(csp, "frame-ancestors ")
		return fa, res.Header.Get("X-Frame-Options")
	}
	q := "?" + url.Values{"ticket": {ticket}}.Encode()
	if fa, xfo := frameAncestors(api.PathLinkBanner + q); fa != "http://127.0.0.1:9" || xfo != "" {
		t.Errorf("banner: frame-ancestors %q, X-Frame-Options %q; want the product's origin alone", fa, xfo)
	}
	for _, path := range []string{api.PathLinkBanner, api.PathLinkBanner + "?ticket=x.y", api.PathLink + q, "/" + q} {
		if fa, xfo := frameAncestors(path); fa != "'none'" || xfo != "DENY" {
			t.Errorf("%s: frame-ancestors %q, X-Frame-Options %q; want none", path, fa, xfo)
		}
	}
}
