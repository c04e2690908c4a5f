package identity

import (
	"context"
	"errors"
	"time"

	"github.com/porta-id/porta/api/store"
)

// deviceTouchEvery limits how often a known device's LastSeen is written.
const deviceTouchEvery = time.Hour

// notice emails a security notice (key "changed", "reset-done", "device",
// "second-locked")
// about a change made from m. A notice that cannot be queued is logged:
// the change itself has happened.
func (s *Service) notice(ctx context.Context, acct store.Account, key string, m Meta) {
	from := DescribeDevice(m.UserAgent)
	if m.IP != "" {
		from += " (" + m.IP + ")"
	}
	when := stamp(s.now())
	body := tr(key+".body", acct.Email, when, from)
	if key == "device" {
		body = tr(key+".body", acct.Email, from, when)
	}
	action := &emailLink{tr("notice.action"), s.link("/account", "")}
	if key == "second-locked" {
		action = &emailLink{tr(key + ".action"), s.link("/forgot", "")}
	}
	err := s.sendEmail(ctx, acct.Email, email{
		Subject:    tr(key + ".subject"),
		Heading:    tr(key + ".heading"),
		Paragraphs: []string{body},
		Action:     action,
		Why:        tr("why.security"),
	})
	if err != nil {
		s.log.Error("security notice", "kind", key, "account", acct.ID, "err", err)
	}
}

// seeDevice records the browser a sign-in came from. The first sign-in
// from a browser the account has not used before sends a notice, unless
// the account has never signed in anywhere (its first device is no news).
func (s *Service) seeDevice(ctx context.Context, acct store.Account, m Meta, now time.Time) {
	if m.DeviceID == "" {
		return
	}
	d, err := s.store.GetDevice(ctx, acct.ID, m.DeviceID)
	switch {
	case err == nil:
		if now.Sub(d.LastSeen) < deviceTouchEvery {
			return
		}
		d.LastSeen, d.IP, d.UserAgent = now, m.IP, truncate(m.UserAgent, 512)
	case errors.Is(err, store.ErrNotFound):
		known, lerr := s.store.ListDevices(ctx, acct.ID)
		if lerr != nil {
			s.log.Error("list devices", "account", acct.ID, "err", lerr)
			return
		}
		if len(known) > 0 {
			s.notice(ctx, acct, "device", m)
		}
		d = store.Device{AccountID: acct.ID, ID: m.DeviceID, UserAgent: truncate(m.UserAgent, 512), IP: m.IP, FirstSeen: now, LastSeen: now}
	default:
		s.log.Error("get device", "account", acct.ID, "err", err)
		return
	}
	if err := s.store.PutDevice(ctx, d); err != nil {
		s.log.Error("put device", "account", acct.ID, "err", err)
	}
}
