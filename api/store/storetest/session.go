package storetest

import (
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newSession returns a session of accountID created at created, with every
// field set.
func newSession(id, accountID string, created time.Time) store.Session {
	return store.Session{
		ID:              id,
		SecretHash:      []byte("hash of " + id),
		AccountID:       accountID,
		Stage:           "change_password",
		AMR:             []string{"pwd", "otp"},
		CreatedAt:       created,
		AuthenticatedAt: created.Add(time.Second),
		LastSeenAt:      created.Add(time.Minute),
		ExpiresAt:       created.Add(24 * time.Hour),
		IP:              "192.0.2.1",
		UserAgent:       "Mozilla/5.0 (X11; Linux x86_64)",
		// The field a backend added last is set too.
		PasswordChangeOwed: true,
	}
}

var sessions = updatable[store.Session]{
	seed:   created(newSession("s1", "a1", t0), store.Store.CreateSession),
	key:    func(sess store.Session) string { return sess.ID },
	get:    store.Store.GetSession,
	update: store.Store.UpdateSession,
	edit: func(sess store.Session) store.Session {
		sess.Stage = ""
		sess.AMR = nil
		sess.LastSeenAt = sess.LastSeenAt.Add(time.Hour)
		sess.IP = "2001:db8::1"
		sess.PasswordChangeOwed = false
		return sess
	},
	rekey: func(sess store.Session) store.Session {
		sess.ID += "-other"
		return sess
	},
}

func testCreateSession(t *testing.T, s store.Store) {
	sess := newSession("s1", "a1", t0)
	MustCreateSession(t, s, sess)
	assertEqual(t, MustGetSession(t, s, sess.ID), sess)
}

func testCreateSessionDuplicate(t *testing.T, s store.Store) {
	sess := newSession("s1", "a1", t0)
	MustCreateSession(t, s, sess)
	err := s.CreateSession(t.Context(), newSession(sess.ID, "a2", t0.Add(time.Hour)))
	assertErrorIs(t, err, store.ErrAlreadyExists)
	assertEqual(t, MustGetSession(t, s, sess.ID), sess)
	assertEqualList(t, MustListSessions(t, s, "a2"), nil)
}

func testGetSessionNotFound(t *testing.T, s store.Store) {
	_, err := s.GetSession(t.Context(), "missing")
	assertErrorIs(t, err, store.ErrNotFound)
}

func testUpdateSessionAccountChanged(t *testing.T, s store.Store) {
	sess := newSession("s1", "a1", t0)
	MustCreateSession(t, s, sess)
	want := sess
	want.AccountID = "a2"
	_, err := s.UpdateSession(t.Context(), sess.ID, func(store.Session) (store.Session, error) {
		return want, nil
	})
	if err != nil {
		t.Fatalf("UpdateSession: %v", err)
	}
	assertEqualList(t, MustListSessions(t, s, "a1"), nil)
	assertEqualList(t, MustListSessions(t, s, "a2"), []store.Session{want})
}

func testDeleteSession(t *testing.T, s store.Store) {
	gone := newSession("s1", "a1", t0)
	kept := newSession("s2", "a1", t0.Add(-time.Hour))
	MustCreateSession(t, s, gone)
	MustCreateSession(t, s, kept)
	if err := s.DeleteSession(t.Context(), gone.ID); err != nil {
		t.Fatalf("DeleteSession: %v", err)
	}
	_, err := s.GetSession(t.Context(), gone.ID)
	assertErrorIs(t, err, store.ErrNotFound)
	assertEqualList(t, MustListSessions(t, s, "a1"), []store.Session{kept})
}

func testDeleteSessionNotFound(t *testing.T, s store.Store) {
	err := s.DeleteSession(t.Context(), "missing")
	assertErrorIs(t, err, store.ErrNotFound)
}

func testListSessions(t *testing.T, s store.Store) {
	oldest := newSession("s1", "a1", t0.Add(-2*time.Hour))
	newest := newSession("s2", "a1", t0)
	middle := newSession("s3", "a1", t0.Add(-time.Hour))
	for _, sess := range []store.Session{middle, oldest, newest, newSession("s4", "a2", t0)} {
		MustCreateSession(t, s, sess)
	}
	assertEqualList(t, MustListSessions(t, s, "a1"), []store.Session{newest, middle, oldest})
	assertEqualList(t, MustListSessions(t, s, "a"), nil)
	assertEqualList(t, MustListSessions(t, s, "missing"), nil)
}

func testDeleteExpiredSessions(t *testing.T, s store.Store) {
	now := t0.Add(48 * time.Hour)
	expired := newSession("s1", "a1", t0)
	expired.ExpiresAt = now.Add(-time.Microsecond)
	atNow := newSession("s2", "a1", t0.Add(-time.Hour))
	atNow.ExpiresAt = now
	later := newSession("s3", "a1", t0.Add(-2*time.Hour))
	later.ExpiresAt = now.Add(time.Hour)
	other := newSession("s4", "a2", t0.Add(-3*time.Hour))
	for _, sess := range []store.Session{expired, atNow, later, other} {
		MustCreateSession(t, s, sess)
	}
	n, err := s.DeleteExpiredSessions(t.Context(), now)
	if err != nil || n != 3 {
		t.Fatalf("DeleteExpiredSessions = %d, %v; want 3, nil", n, err)
	}
	_, err = s.GetSession(t.Context(), expired.ID)
	assertErrorIs(t, err, store.ErrNotFound)
	assertEqualList(t, MustListSessions(t, s, "a1"), []store.Session{later})
	assertEqualList(t, MustListSessions(t, s, "a2"), nil)
}

// testDeleteExpiredSessionsAfterUpdate has sweeps follow an ExpiresAt
// that changed after the session was created.
func testDeleteExpiredSessionsAfterUpdate(t *testing.T, s store.Store) {
	now := t0.Add(48 * time.Hour)
	shortened := newSession("s1", "a1", t0)
	shortened.ExpiresAt = now.Add(time.Hour)
	extended := newSession("s2", "a1", t0.Add(-time.Hour))
	extended.ExpiresAt = now.Add(-time.Hour)
	MustCreateSession(t, s, shortened)
	MustCreateSession(t, s, extended)
	shortened.ExpiresAt, extended.ExpiresAt = now.Add(-time.Microsecond), now.Add(time.Hour)
	for _, sess := range []store.Session{shortened, extended} {
		if _, err := s.UpdateSession(t.Context(), sess.ID, func(store.Session) (store.Session, error) { return sess, nil }); err != nil {
			t.Fatalf("UpdateSession(%q): %v", sess.ID, err)
		}
	}
	for _, want := range []int{1, 0} {
		n, err := s.DeleteExpiredSessions(t.Context(), now)
		if err != nil || n != want {
			t.Fatalf("DeleteExpiredSessions = %d, %v; want %d, nil", n, err, want)
		}
	}
	assertEqualList(t, MustListSessions(t, s, "a1"), []store.Session{extended})
}

func testUpdateSessionPasswordChangeOwed(t *testing.T, s store.Store) {
	sess := newSession("s1", "a1", t0)
	sess.PasswordChangeOwed = false
	MustCreateSession(t, s, sess)
	for _, owed := range []bool{true, false, true} {
		want := sess
		want.PasswordChangeOwed = owed
		got, err := s.UpdateSession(t.Context(), sess.ID, func(old store.Session) (store.Session, error) {
			old.PasswordChangeOwed = owed
			return old, nil
		})
		if err != nil {
			t.Fatalf("UpdateSession: %v", err)
		}
		assertEqual(t, got, want)
		assertEqual(t, MustGetSession(t, s, sess.ID), want)
	}
}
