package notify

import (
	"time"

	"github.com/porta-id/porta/api"
)

// Content is the data of one kind of email; Compose words and lays it out.
// Text a person typed (names of people and organizations) is defanged
// here, so identity passes it as stored.
type Content interface {
	letter() letter
}

// Compose returns the email to to saying c, with its text and HTML parts.
func Compose(to string, c Content) (Email, error) {
	l := c.letter()
	text, html, err := renderLetter(l)
	if err != nil {
		return Email{}, err
	}
	return Email{To: to, Subject: l.Subject, Text: text, HTML: html}, nil
}

// Inviter names who invites: a person (Name) of an organization (Org,
// may be empty), or the operator when Name is empty.
type Inviter struct{ Name, Org string }

func (i Inviter) label() string {
	switch {
	case i.Name == "":
		return tr("inviter.operator")
	case i.Org == "":
		return userText(i.Name)
	}
	return tr("inviter.org", userText(i.Name), userText(i.Org))
}

// PasswordReset carries a link that resets Account's password once, for Valid.
type PasswordReset struct {
	Account, Link string
	Valid         time.Duration
}

func (c PasswordReset) letter() letter {
	return letter{
		Subject:    tr("reset.subject"),
		Heading:    tr("reset.heading"),
		Paragraphs: []string{tr("reset.body", c.Account, api.Lifetime(c.Valid)), tr("reset.ignore")},
		Action:     &letterLink{tr("reset.action"), c.Link},
		Why:        tr("why.account"),
	}
}

// Activation invites a new Account to choose its password through Link,
// which works once, for Valid.
type Activation struct {
	Inviter       Inviter
	Account, Link string
	Valid         time.Duration
}

func (c Activation) letter() letter {
	return letter{
		Subject:    tr("activate.subject"),
		Heading:    tr("activate.heading"),
		Paragraphs: []string{tr("activate.body", c.Inviter.label(), c.Account, api.Lifetime(c.Valid))},
		Action:     &letterLink{tr("activate.action"), c.Link},
		Why:        tr("why.account"),
	}
}

// Invitation tells an existing Account that Inviter (a person's name, or
// empty for the operator) invites it to Org; Link opens the page where it
// is answered. The invitation stays open for Valid.
type Invitation struct {
	Inviter, Account, Org, Link string
	Valid                       time.Duration
}

func (c Invitation) letter() letter {
	name := userText(c.Org)
	return letter{
		Subject:    tr("invited.subject", name),
		Heading:    tr("invited.heading", name),
		Paragraphs: []string{tr("invited.body", Inviter{Name: c.Inviter, Org: c.Org}.label(), c.Account, name), tr("invited.consent", api.Lifetime(c.Valid))},
		Action:     &letterLink{tr("invited.action"), c.Link},
		Why:        tr("why.account"),
	}
}

// OrgList lists where Account can sign in: one link per organization.
type OrgList struct {
	Account string
	Orgs    []OrgLink
}

// OrgLink is an organization's name and sign-in address.
type OrgLink struct{ Name, URL string }

func (c OrgList) letter() letter {
	l := letter{Subject: tr("find.subject"), Heading: tr("find.heading"), Why: tr("why.account")}
	if len(c.Orgs) == 0 {
		l.Paragraphs = []string{tr("find.none", c.Account)}
		return l
	}
	l.Paragraphs = []string{tr("find.body", c.Account)}
	for _, o := range c.Orgs {
		l.Links = append(l.Links, letterLink{userText(o.Name), o.URL})
	}
	return l
}

// Security events a notice reports.
const (
	EventPasswordChanged = "changed"
	EventPasswordReset   = "reset-done"
	EventNewDevice       = "device"
	EventSecondLocked    = "second-locked"
)

// SecurityNotice tells Account that Event happened When, from the device
// described by From; Link opens what to do about it.
type SecurityNotice struct {
	Event               string
	Account, From, Link string
	When                time.Time
}

func (c SecurityNotice) letter() letter {
	when := stamp(c.When)
	body := tr(c.Event+".body", c.Account, when, c.From)
	if c.Event == EventNewDevice {
		body = tr(c.Event+".body", c.Account, c.From, when)
	}
	action := &letterLink{tr("notice.action"), c.Link}
	if c.Event == EventSecondLocked {
		action = &letterLink{tr(c.Event + ".action"), c.Link}
	}
	return letter{
		Subject:    tr(c.Event + ".subject"),
		Heading:    tr(c.Event + ".heading"),
		Paragraphs: []string{body},
		Action:     action,
		Why:        tr("why.security"),
	}
}

// TwoStepChange tells Account that its second step changed: Change is
// "totp-added", "sms-added", "passkey-added", "totp-removed",
// "sms-removed", "passkey-removed", "emergency-removed", "emergency-new",
// "emergency-used" or "off".
type TwoStepChange struct {
	Change              string
	Account, From, Link string
	When                time.Time
}

func (c TwoStepChange) letter() letter {
	return letter{
		Subject:    tr("twostep.subject"),
		Heading:    tr("twostep.heading"),
		Paragraphs: []string{tr("twostep." + c.Change), tr("twostep.when", c.Account, stamp(c.When), c.From)},
		Action:     &letterLink{tr("notice.action"), c.Link},
		Why:        tr("why.security"),
	}
}

// LinkCode carries the code that links Product's user in Org to the
// Porta account of Account, which Exists or will be made, valid for Valid.
type LinkCode struct {
	Account, Product, Org, Code string
	Exists                      bool
	Valid                       time.Duration
}

func (c LinkCode) letter() letter {
	outcome := tr("link.create", c.Account)
	if c.Exists {
		outcome = tr("link.existing", c.Account)
	}
	return letter{
		Subject:    tr("link.subject", c.Code),
		Heading:    tr("link.heading"),
		Paragraphs: []string{tr("link.body", userText(c.Product), userText(c.Org)), outcome, tr("link.valid", api.Lifetime(c.Valid))},
		Code:       c.Code,
		Why:        tr("link.ignore"),
	}
}

// SignInCode is the text message that carries a sign-in code to phone;
// the code works for valid.
func SignInCode(phone, code string, valid time.Duration) SMS {
	return SMS{To: phone, Text: "Your Porta code is " + code + ". It works for " + api.Lifetime(valid) + ". Never share it."}
}
