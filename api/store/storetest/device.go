package storetest

import (
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newDevice returns a device of accountID last seen at seen, with every
// field set.
func newDevice(accountID, id string, seen time.Time) store.Device {
	return store.Device{
		AccountID:    accountID,
		ID:           id,
		UserAgent:    "Mozilla/5.0 (X11; Linux x86_64)",
		IP:           "192.0.2.1",
		FirstSeen:    seen.Add(-24 * time.Hour),
		LastSeen:     seen,
		TrustedUntil: seen.Add(30 * 24 * time.Hour),
	}
}

var devices = replaceable[store.Device]{
	newRecord: func(accountID, id string) store.Device { return newDevice(accountID, id, t0) },
	ids:       func(d store.Device) (string, string) { return d.AccountID, d.ID },
	put:       store.Store.PutDevice,
	get:       store.Store.GetDevice,
	del:       store.Store.DeleteDevice,
	edit: func(d store.Device) store.Device {
		d.UserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)"
		d.IP = "2001:db8::1"
		d.LastSeen = d.LastSeen.Add(time.Hour)
		d.TrustedUntil = time.Time{}
		return d
	},
}

func testListDevices(t *testing.T, s store.Store) {
	oldest := newDevice("a1", "d1", t0.Add(-time.Hour))
	tiedLater := newDevice("a1", "d2", t0)
	tiedFirst := newDevice("a1", "d0", t0)
	newest := newDevice("a1", "d3", t0.Add(time.Hour))
	for _, d := range []store.Device{oldest, tiedLater, newest, tiedFirst, newDevice("a2", "d4", t0), newDevice("a", "d5", t0)} {
		devices.mustPut(t, s, d)
	}
	assertEqualList(t, MustListDevices(t, s, "a1"), []store.Device{newest, tiedFirst, tiedLater, oldest})
	assertEqualList(t, MustListDevices(t, s, "missing"), nil)
	moved := devices.edit(oldest)
	devices.mustPut(t, s, moved)
	assertEqualList(t, MustListDevices(t, s, "a1"), []store.Device{newest, tiedFirst, moved, tiedLater})
}
