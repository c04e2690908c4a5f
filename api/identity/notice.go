package identity

import (
	"context"
	"errors"
	"time"

	"github.com/porta-id/porta/api/notify"
	"github.com/porta-id/porta/api/store"
)

// deviceTouchEvery limits how often a known device's LastSeen is written.
const deviceTouchEvery = time.Hour

// notice emails a security notice (key "changed", "reset-done", "device",
// "second-locked")
// about a change made from m. A notice that cannot be queued is logged:
// the change itself has happened.
func (s *Service) notice(ctx context.Context, acct store.Account, key string, m Meta) {
	link := s.link("/account", "")
	if key == notify.EventSecondLocked {
		link = s.link("/forgot", "")
	}
	err := s.sendEmail(ctx, acct.Email, notify.SecurityNotice{Event: key, Account: acct.Email, From: noticeFrom(m), Link: link, When: s.now()})
	if err != nil {
		s.log.Error("security notice", "kind", key, "account", acct.ID, "err", err)
	}
}

// noticeFrom names where a change came from in a notice: the browser and
// system, and the IP address when known.
func noticeFrom(m Meta) string {
	from := DescribeDevice(m.UserAgent)
	if m.IP != "" {
		from += " (" + m.IP + ")"
	}
	return from
}

// sendEmail words c and queues it for to.
func (s *Service) sendEmail(ctx context.Context, to string, c notify.Content) error {
	e, err := notify.Compose(to, c)
	if err != nil {
		return err
	}
	return s.queue.SendEmail(ctx, e)
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
			s.notice(ctx, acct, notify.EventNewDevice, m)
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
