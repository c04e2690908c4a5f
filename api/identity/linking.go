package identity

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/store"
)

// Linking moves a product's existing users to Porta: the product tells
// Porta who its users are (link candidates), shows each one Porta's
// banner, and the person proves an email address with a code, which links
// the product user to the account of that address — made if need be.

// DefaultLinkPostpone is how long "Not right now" hides the banner.
const DefaultLinkPostpone = 24 * time.Hour

const (
	// LinkTicketTTL is how long a ticket opens the banner and the linking
	// screens: long enough for a code to be sent and entered.
	LinkTicketTTL = 2 * time.Hour
	linkCodeTTL   = 30 * time.Minute
	linkCodeTries = 5
	tokenLinkCode = "link_code"
	// maxLinkEmails bounds the addresses a product suggests for one user.
	maxLinkEmails    = 10
	maxProductUserID = 128
	// linkWriters is how many candidates of one call are written at once,
	// so that bbolt puts them in shared commits.
	linkWriters = 16
)

// linkTicket is what a ticket says: a product user of a client in an
// organization, until Expires (Unix seconds). It is signed, not stored.
type linkTicket struct {
	Client  string `json:"c"`
	Org     string `json:"o"`
	User    string `json:"u"`
	Expires int64  `json:"x"`
}

// newLinkTicket signs a ticket for the user, valid for LinkTicketTTL from now.
func (s *Service) newLinkTicket(u store.ProductUser, now time.Time) (string, time.Time) {
	exp := now.Add(LinkTicketTTL).Truncate(time.Second)
	payload, _ := json.Marshal(linkTicket{Client: u.ClientID, Org: u.OrgID, User: u.UserID, Expires: exp.Unix()})
	p := base64.RawURLEncoding.EncodeToString(payload)
	return p + "." + base64.RawURLEncoding.EncodeToString(s.ticketMAC(p)), exp
}

func (s *Service) ticketMAC(payload string) []byte {
	m := hmac.New(sha256.New, s.box.derive("link-ticket"))
	m.Write([]byte(payload))
	return m.Sum(nil)
}

// readLinkTicket checks a ticket's signature and time.
// Errors: api.CodeInvalidLink, api.CodeExpiredLink.
func (s *Service) readLinkTicket(ticket string) (linkTicket, error) {
	invalid := Errorf(api.CodeInvalidLink, "This link is not valid. Go back to the product and open it again.")
	p, sig, ok := strings.Cut(ticket, ".")
	if !ok || len(ticket) > 1024 {
		return linkTicket{}, invalid
	}
	mac, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(mac, s.ticketMAC(p)) {
		return linkTicket{}, invalid
	}
	raw, err := base64.RawURLEncoding.DecodeString(p)
	var t linkTicket
	if err != nil || json.Unmarshal(raw, &t) != nil {
		return linkTicket{}, invalid
	}
	if !s.now().Before(time.Unix(t.Expires, 0)) {
		return linkTicket{}, Errorf(api.CodeExpiredLink, "This link has expired. Go back to the product and open it again.")
	}
	return t, nil
}

// linkSubject is a product user with the product and the organization
// it is a user of.
type linkSubject struct {
	client store.Client
	org    store.Org
	user   store.ProductUser
}

// ticketSubject reads the product user a ticket names. A ticket whose
// product, organization or user is gone is invalid.
// Errors: api.CodeInvalidLink, api.CodeExpiredLink.
func (s *Service) ticketSubject(ctx context.Context, ticket string) (linkSubject, error) {
	t, err := s.readLinkTicket(ticket)
	if err != nil {
		return linkSubject{}, err
	}
	var sub linkSubject
	if sub.client, err = s.store.GetClient(ctx, t.Client); err == nil {
		if sub.org, err = s.store.GetOrg(ctx, t.Org); err == nil {
			sub.user, err = s.store.GetProductUser(ctx, t.Client, t.Org, t.User)
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		return linkSubject{}, Errorf(api.CodeInvalidLink, "This link no longer works. Go back to the product and open it again.")
	} else if err != nil {
		return linkSubject{}, fmt.Errorf("link ticket: %w", err)
	}
	return sub, nil
}

// unlinkedSubject is ticketSubject for a user still to be linked.
// Errors: those of ticketSubject, api.CodeConflict (linked already).
func (s *Service) unlinkedSubject(ctx context.Context, ticket string) (linkSubject, error) {
	sub, err := s.ticketSubject(ctx, ticket)
	if err == nil && sub.user.AccountID != "" {
		return linkSubject{}, errAlreadyLinked(sub)
	}
	return sub, err
}

// LinkTicketClient returns the client a valid ticket belongs to, so the
// banner may be framed by that product's pages alone; ok is false for a
// ticket that does not verify.
func (s *Service) LinkTicketClient(ctx context.Context, ticket string) (store.Client, bool) {
	sub, err := s.ticketSubject(ctx, ticket)
	return sub.client, err == nil
}

// switched reports whether the organization's products use Porta sign-in now.
func switched(o store.Org, now time.Time) bool {
	return !o.SwitchDate.IsZero() && !now.Before(o.SwitchDate)
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func linkState(u store.ProductUser, now time.Time) string {
	switch {
	case u.AccountID != "":
		return api.LinkLinked
	case now.Before(u.PostponedUntil):
		return api.LinkPostponed
	}
	return api.LinkNotStarted
}

// linkUserView is what the product sees of one of its users: an unlinked
// one comes with a fresh ticket and the addresses it opens.
func (s *Service) linkUserView(u store.ProductUser, now time.Time) api.LinkUser {
	state := linkState(u, now)
	v := api.LinkUser{UserID: u.UserID, State: state, ShowBanner: state == api.LinkNotStarted}
	switch state {
	case api.LinkLinked:
		v.Sub, v.LinkedAt = u.AccountID, timePtr(u.LinkedAt)
		return v
	case api.LinkPostponed:
		v.PostponedUntil = timePtr(u.PostponedUntil)
	}
	ticket, exp := s.newLinkTicket(u, now)
	v.Ticket, v.TicketExpiresAt = ticket, &exp
	q := "?" + url.Values{"ticket": {ticket}}.Encode()
	v.BannerURL, v.LinkURL = s.baseURL+api.PathLinkBanner+q, s.baseURL+api.PathLink+q
	return v
}

func linkUsersOf(o store.Org, now time.Time) api.LinkUsers {
	return api.LinkUsers{Org: o.Slug, SwitchDate: timePtr(o.SwitchDate), Switched: switched(o, now), Users: []api.LinkUser{}}
}

// cleanCandidate checks a candidate the product sent.
// Errors: api.CodeInvalidRequest.
func cleanCandidate(c api.LinkCandidate) (api.LinkCandidate, error) {
	id, err := cleanProductUserID(c.UserID)
	if err != nil {
		return c, err
	}
	out := api.LinkCandidate{UserID: id}
	if out.DisplayName, err = cleanText("The display name of user "+id, c.DisplayName, maxNameLength); err != nil {
		return c, err
	}
	if len(c.Emails) > maxLinkEmails {
		return c, Errorf(api.CodeInvalidRequest, "User %s has more than %d emails.", id, maxLinkEmails)
	}
	for _, e := range c.Emails {
		addr, err := NormalizeEmail(e)
		if err != nil {
			return c, Errorf(api.CodeInvalidRequest, "User %s: %q is not an email address.", id, e)
		}
		if !slices.Contains(out.Emails, addr) {
			out.Emails = append(out.Emails, addr)
		}
	}
	return out, nil
}

func cleanProductUserID(id string) (string, error) {
	clean, err := cleanText("A user ID", id, maxProductUserID)
	if err != nil {
		return "", err
	}
	if clean == "" || clean != id {
		return "", Errorf(api.CodeInvalidRequest, "Each user needs a userId of 1 to %d characters, without spaces at the ends.", maxProductUserID)
	}
	return id, nil
}

func checkLinkCount(n int) error {
	if n == 0 || n > api.MaxLinkUsers {
		return Errorf(api.CodeInvalidRequest, "Send from 1 to %d users in one call.", api.MaxLinkUsers)
	}
	return nil
}

// UpsertLinkCandidates stores or updates the product's users in the
// organization and returns their states, unlinked ones with fresh
// tickets. Errors: api.CodeInvalidRequest.
func (s *Service) UpsertLinkCandidates(ctx context.Context, clientID string, org store.Org, users []api.LinkCandidate) (api.LinkUsers, error) {
	if err := checkLinkCount(len(users)); err != nil {
		return api.LinkUsers{}, err
	}
	clean := make([]api.LinkCandidate, len(users))
	seen := make(map[string]bool, len(users))
	for i, c := range users {
		var err error
		if clean[i], err = cleanCandidate(c); err != nil {
			return api.LinkUsers{}, err
		}
		if seen[clean[i].UserID] {
			return api.LinkUsers{}, Errorf(api.CodeInvalidRequest, "User %s is in the list twice.", clean[i].UserID)
		}
		seen[clean[i].UserID] = true
	}
	now := s.now()
	stored := make([]store.ProductUser, len(clean))
	errs := make([]error, len(clean))
	var wg sync.WaitGroup
	slots := make(chan struct{}, linkWriters)
	for i, c := range clean {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			stored[i], errs[i] = s.putCandidate(ctx, clientID, org.ID, c, now)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return api.LinkUsers{}, fmt.Errorf("link candidates: %w", err)
	}
	out := linkUsersOf(org, now)
	for _, u := range stored {
		out.Users = append(out.Users, s.linkUserView(u, now))
	}
	return out, nil
}

// putCandidate stores what the product says of a user, writing only when
// it changed: products send their users at every sign-in.
func (s *Service) putCandidate(ctx context.Context, clientID, orgID string, c api.LinkCandidate, now time.Time) (store.ProductUser, error) {
	u, err := s.store.GetProductUser(ctx, clientID, orgID, c.UserID)
	if err == nil && u.DisplayName == c.DisplayName && slices.Equal(u.Emails, c.Emails) {
		return u, nil
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return u, err
	}
	return s.store.UpdateProductUser(ctx, clientID, orgID, c.UserID, func(u store.ProductUser) (store.ProductUser, error) {
		u.DisplayName, u.Emails, u.UpdatedAt = c.DisplayName, c.Emails, now
		if u.CreatedAt.IsZero() {
			u.CreatedAt = now
		}
		return u, nil
	})
}

// LinkStates returns the states of the product's users in the
// organization; a user the product never sent is not_started, without a
// ticket. Errors: api.CodeInvalidRequest.
func (s *Service) LinkStates(ctx context.Context, clientID string, org store.Org, ids []string) (api.LinkUsers, error) {
	if err := checkLinkCount(len(ids)); err != nil {
		return api.LinkUsers{}, err
	}
	now := s.now()
	out := linkUsersOf(org, now)
	for _, id := range ids {
		if _, err := cleanProductUserID(id); err != nil {
			return api.LinkUsers{}, err
		}
		u, err := s.store.GetProductUser(ctx, clientID, org.ID, id)
		switch {
		case errors.Is(err, store.ErrNotFound):
			out.Users = append(out.Users, api.LinkUser{UserID: id, State: api.LinkNotStarted})
		case err != nil:
			return api.LinkUsers{}, fmt.Errorf("link states: %w", err)
		default:
			out.Users = append(out.Users, s.linkUserView(u, now))
		}
	}
	return out, nil
}

// PostponeLink hides the user's banner for the postponement period.
// Errors: api.CodeNotFound (a user the product never sent), api.CodeConflict (linked).
func (s *Service) PostponeLink(ctx context.Context, clientID string, org store.Org, userID string) (api.LinkUser, error) {
	u, err := s.store.GetProductUser(ctx, clientID, org.ID, userID)
	if errors.Is(err, store.ErrNotFound) {
		return api.LinkUser{}, Errorf(api.CodeNotFound, "This product has not sent a user %q for %s.", userID, org.Slug)
	} else if err != nil {
		return api.LinkUser{}, fmt.Errorf("postpone link: %w", err)
	}
	client, err := s.store.GetClient(ctx, clientID)
	if err != nil {
		return api.LinkUser{}, fmt.Errorf("postpone link: %w", err)
	}
	u, err = s.postpone(ctx, linkSubject{client: client, org: org, user: u})
	return s.linkUserView(u, s.now()), err
}

func (s *Service) postpone(ctx context.Context, sub linkSubject) (store.ProductUser, error) {
	now := s.now()
	u, err := s.store.UpdateProductUser(ctx, sub.client.ID, sub.org.ID, sub.user.UserID, func(u store.ProductUser) (store.ProductUser, error) {
		if u.AccountID != "" {
			return u, errAlreadyLinked(sub)
		}
		u.PostponedUntil, u.UpdatedAt = now.Add(s.linkPostpone), now
		return u, nil
	})
	if err != nil {
		return sub.user, err
	}
	return u, nil
}

func errAlreadyLinked(sub linkSubject) *Error {
	return Errorf(api.CodeConflict, "Your %s user at %s is already linked to a Porta account: there is nothing more to do.", sub.client.Name, sub.org.Name)
}

// LinkBanner returns what the banner of a ticket says.
// Errors: api.CodeInvalidLink, api.CodeExpiredLink.
func (s *Service) LinkBanner(ctx context.Context, ticket string) (api.LinkBanner, error) {
	sub, err := s.ticketSubject(ctx, ticket)
	if err != nil {
		return api.LinkBanner{}, err
	}
	return s.bannerOf(sub, ticket), nil
}

func (s *Service) bannerOf(sub linkSubject, ticket string) api.LinkBanner {
	now := s.now()
	state := linkState(sub.user, now)
	b := api.LinkBanner{
		Show:          state == api.LinkNotStarted,
		Linked:        state == api.LinkLinked,
		Product:       sub.client.Name,
		OrgName:       sub.org.Name,
		Title:         "We are upgrading our sign-in",
		Message:       fmt.Sprintf("Soon %s will have you sign in to %s with Porta: one account for every product you use at work. Connect your account now; it takes a minute.", sub.org.Name, sub.client.Name),
		SettingsLabel: "Go to account settings",
		PostponeLabel: "Not right now",
		LinkURL:       s.baseURL + api.PathLink + "?" + url.Values{"ticket": {ticket}}.Encode(),
	}
	if state == api.LinkPostponed {
		b.PostponedUntil = timePtr(sub.user.PostponedUntil)
	}
	return b
}

// PostponeLinkByTicket is the banner's "Not right now".
// Errors: api.CodeInvalidLink, api.CodeExpiredLink, api.CodeConflict.
func (s *Service) PostponeLinkByTicket(ctx context.Context, ticket string) (api.LinkBanner, error) {
	sub, err := s.ticketSubject(ctx, ticket)
	if err != nil {
		return api.LinkBanner{}, err
	}
	if sub.user, err = s.postpone(ctx, sub); err != nil {
		return api.LinkBanner{}, err
	}
	return s.bannerOf(sub, ticket), nil
}

// LinkPage returns what the linking screen of a ticket shows.
// Errors: api.CodeInvalidLink, api.CodeExpiredLink.
func (s *Service) LinkPage(ctx context.Context, ticket string) (api.LinkPage, error) {
	sub, err := s.ticketSubject(ctx, ticket)
	if err != nil {
		return api.LinkPage{}, err
	}
	now := s.now()
	p := api.LinkPage{
		Product: sub.client.Name, Org: sub.org.Slug, OrgName: sub.org.Name, DisplayName: sub.user.DisplayName,
		Emails: append([]string{}, sub.user.Emails...), State: linkState(sub.user, now),
		SwitchDate: timePtr(sub.org.SwitchDate), Switched: switched(sub.org, now),
	}
	if t, err := s.store.GetToken(ctx, linkCodeKey(sub)); err == nil && t.Kind == tokenLinkCode && now.Before(t.ExpiresAt) {
		p.CodeSentTo = t.Email
	}
	return p, nil
}

// linkCodeKey is where the code of a product user waits: one at a time.
func linkCodeKey(sub linkSubject) string {
	return tokenLinkCode + ":" + hashSecretHex(sub.client.ID+"\x00"+sub.org.ID+"\x00"+sub.user.UserID)
}

// trustedAddress reports whether addr may link without a code: the
// product suggested it and the organization trusts its domain. An address
// the person typed always needs a code.
func trustedAddress(sub linkSubject, addr string) bool {
	domain := addr[strings.LastIndexByte(addr, '@')+1:]
	return slices.Contains(sub.user.Emails, addr) && slices.Contains(sub.org.TrustedDomains, domain)
}

// SendLinkCode emails a code to the address the person chose, or links
// at once an address the organization trusts. The answer is the same
// whether or not the address has a Porta account; past SendsPerAddress
// codes an hour to one address it is still the same, and nothing is sent.
// Errors: api.CodeInvalidLink, api.CodeExpiredLink, api.CodeInvalidRequest,
// api.CodeConflict (already linked), api.CodeTooManyAttempts (this address's IP).
func (s *Service) SendLinkCode(ctx context.Context, ticket, email string, m Meta) (api.LinkSent, error) {
	sub, err := s.unlinkedSubject(ctx, ticket)
	if err != nil {
		return api.LinkSent{}, err
	}
	addr, err := NormalizeEmail(email)
	if err != nil {
		return api.LinkSent{}, err
	}
	if trustedAddress(sub, addr) {
		linked, err := s.linkAccount(ctx, sub, addr, false, m)
		if err != nil {
			return api.LinkSent{}, err
		}
		return api.LinkSent{Email: addr, Message: fmt.Sprintf("%s trusts %s addresses: no code is needed.", sub.org.Name, addr[strings.LastIndexByte(addr, '@')+1:]), Linked: &linked}, nil
	}
	if err := s.checkSendIP(ctx, m.IP); err != nil {
		return api.LinkSent{}, err
	}
	sent := api.LinkSent{Email: addr, Message: fmt.Sprintf("We sent a 6-digit code to %s. It is valid for %s.", addr, api.Lifetime(linkCodeTTL))}
	if ok, err := s.allowSendTo(ctx, tokenLinkCode+":"+addr); err != nil || !ok {
		return sent, err
	}
	code, err := s.digits(smsCodeDigits)
	if err != nil {
		return api.LinkSent{}, err
	}
	now := s.now()
	t := store.Token{Hash: linkCodeKey(sub), Kind: tokenLinkCode, Email: addr, Data: hex.EncodeToString(s.box.codeMAC(code)), CreatedAt: now, ExpiresAt: now.Add(linkCodeTTL)}
	if err := s.putCode(ctx, t); err != nil {
		return api.LinkSent{}, fmt.Errorf("send link code: %w", err)
	}
	_, err = s.store.GetAccountByEmail(ctx, addr)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return api.LinkSent{}, fmt.Errorf("send link code: %w", err)
	}
	mail := notify.LinkCode{Account: addr, Product: sub.client.Name, Org: sub.org.Name, Code: code, Exists: err == nil, Valid: linkCodeTTL}
	return sent, s.sendEmail(ctx, addr, mail)
}

// putCode stores a code token in place of any older one under its key,
// with a fresh count of tries.
func (s *Service) putCode(ctx context.Context, t store.Token) error {
	replace := func() error {
		_, err := s.store.UpdateToken(ctx, t.Hash, func(store.Token) (store.Token, error) { return t, nil })
		return err
	}
	err := replace()
	if errors.Is(err, store.ErrNotFound) {
		if err = s.store.CreateToken(ctx, t); errors.Is(err, store.ErrAlreadyExists) {
			err = replace()
		}
	}
	return err
}

// VerifyLinkCode links the product user to the account of the address
// the code went to, making it when there is none. Of concurrent right
// answers one links; the others get api.CodeInvalidCode.
// Errors: api.CodeInvalidLink, api.CodeExpiredLink, api.CodeInvalidCode, api.CodeConflict.
func (s *Service) VerifyLinkCode(ctx context.Context, ticket, code string, m Meta) (api.Linked, error) {
	sub, err := s.unlinkedSubject(ctx, ticket)
	if err != nil {
		return api.Linked{}, err
	}
	code = strings.TrimSpace(code)
	if len(code) != smsCodeDigits {
		return api.Linked{}, Errorf(api.CodeInvalidCode, "Enter the 6-digit code from the email.")
	}
	t, err := s.checkCode(ctx, tokenLinkCode, linkCodeKey(sub), code, linkCodeTries)
	if err != nil {
		return api.Linked{}, err
	}
	return s.linkAccount(ctx, sub, t.Email, true, m)
}

// linkAccount links the product user to the account of addr, made when
// there is none, and makes that account a member of the organization.
// proved says the person has just shown addr is theirs (a code came back):
// only then is the address marked verified and a way to choose a password
// handed over directly. Errors: api.CodeConflict.
func (s *Service) linkAccount(ctx context.Context, sub linkSubject, addr string, proved bool, m Meta) (api.Linked, error) {
	now := s.now()
	acct, created, err := s.accountForEmail(ctx, addr, sub.user.DisplayName, now, "linked from "+sub.client.Name, proved)
	if err != nil {
		return api.Linked{}, fmt.Errorf("link: %w", err)
	}
	_, err = s.store.UpdateProductUser(ctx, sub.client.ID, sub.org.ID, sub.user.UserID, func(u store.ProductUser) (store.ProductUser, error) {
		if u.AccountID != "" {
			return u, errAlreadyLinked(sub)
		}
		u.AccountID, u.LinkedAt, u.PostponedUntil, u.UpdatedAt = acct.ID, now, time.Time{}, now
		return u, nil
	})
	if errors.Is(err, store.ErrConflict) {
		return api.Linked{}, Errorf(api.CodeConflict, "The Porta account %s is already linked to another %s user at %s. Choose another email address, or ask your administrator.", addr, sub.client.Name, sub.org.Name)
	} else if err != nil {
		return api.Linked{}, err
	}
	if _, err := s.store.GetMembership(ctx, sub.org.ID, acct.ID); errors.Is(err, store.ErrNotFound) {
		if _, err := s.putMember(ctx, sub.org, acct, api.RoleMember, ""); err != nil {
			return api.Linked{}, err
		}
	} else if err != nil {
		return api.Linked{}, fmt.Errorf("link: %w", err)
	}
	how := "with a code"
	if !proved {
		how = "by trusted domain"
	}
	s.record(ctx, store.AuditEvent{
		Type: AuditProductLinked, OrgID: sub.org.ID, AccountID: acct.ID, Email: acct.Email,
		Detail: fmt.Sprintf("%s user %s, %s", sub.client.Name, sub.user.UserID, how),
	}, m)
	out := api.Linked{
		Email: acct.Email, Created: created, HasPassword: acct.PasswordHash != "",
		Product: sub.client.Name, OrgName: sub.org.Name, SwitchDate: timePtr(sub.org.SwitchDate), Switched: switched(sub.org, now),
	}
	if proved && !out.HasPassword {
		secret, err := s.issueToken(ctx, tokenReset, acct, s.resetTTL)
		if err != nil {
			return api.Linked{}, err
		}
		out.SetPasswordURL = s.link("/reset", secret)
	}
	return out, nil
}
