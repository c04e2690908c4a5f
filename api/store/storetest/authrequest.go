package storetest

import (
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newAuthRequest returns a signed-in request with every field set, valid
// until expires.
func newAuthRequest(id string, expires time.Time) store.AuthRequest {
	return store.AuthRequest{
		ID:                  id,
		ClientID:            "c1",
		RedirectURI:         "https://app.example.com/callback",
		Scopes:              []string{"openid", "email", "profile"},
		State:               "af0ifjsldkj",
		Nonce:               "n-0S6_WzA2Mj",
		ResponseType:        "code",
		ResponseMode:        "query",
		CodeChallenge:       "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
		CodeChallengeMethod: "S256",
		Prompt:              []string{"login", "consent"},
		// Beyond 32 bits, so a narrower column would show.
		MaxAge:    1<<40 + 3,
		HasMaxAge: true,
		LoginHint: "ada@example.com",
		ACRValues: []string{"urn:porta:mfa"},
		UILocales: []string{"fr-CA", "en"},
		OrgSlug:   "acme",
		AccountID: "a1",
		SessionID: "s1",
		AuthTime:  t0,
		AMR:       []string{"pwd", "otp"},
		Done:      true,
		CreatedAt: t0.Add(-time.Minute),
		ExpiresAt: expires,
	}
}

var authRequests = updatable[store.AuthRequest]{
	seed:   created(newAuthRequest("r1", t0.Add(10*time.Minute)), store.Store.CreateAuthRequest),
	key:    func(r store.AuthRequest) string { return r.ID },
	get:    store.Store.GetAuthRequest,
	update: store.Store.UpdateAuthRequest,
	edit: func(r store.AuthRequest) store.AuthRequest {
		// max_age=0 is legal and must not read back as "no max_age".
		r.MaxAge = 0
		r.Prompt = nil
		r.AccountID = "a2"
		r.SessionID = "s2"
		r.AuthTime = r.AuthTime.Add(time.Minute)
		r.AMR = []string{"pwd"}
		r.Done = false
		r.ExpiresAt = r.ExpiresAt.Add(5 * time.Minute)
		return r
	},
	rekey: func(r store.AuthRequest) store.AuthRequest {
		r.ID += "-other"
		return r
	},
}

func testCreateAuthRequest(t *testing.T, s store.Store) {
	r := newAuthRequest("r1", t0.Add(10*time.Minute))
	MustCreateAuthRequest(t, s, r)
	authRequests.assertStored(t, s, r)
	// Before the person signs in, the request has no account yet.
	fresh := newAuthRequest("r2", t0.Add(10*time.Minute))
	fresh.AccountID, fresh.SessionID, fresh.AuthTime, fresh.AMR, fresh.Done = "", "", time.Time{}, nil, false
	fresh.HasMaxAge, fresh.MaxAge = false, 0
	MustCreateAuthRequest(t, s, fresh)
	authRequests.assertStored(t, s, fresh)
}

func testCreateAuthRequestDuplicate(t *testing.T, s store.Store) {
	r := authRequests.seed(t, s)
	err := s.CreateAuthRequest(t.Context(), authRequests.edit(r))
	assertErrorIs(t, err, store.ErrAlreadyExists)
	authRequests.assertStored(t, s, r)
}

func testDeleteAuthRequest(t *testing.T, s store.Store) {
	gone, kept := newAuthRequest("r1", t0), newAuthRequest("r2", t0)
	MustCreateAuthRequest(t, s, gone)
	MustCreateAuthRequest(t, s, kept)
	if err := s.DeleteAuthRequest(t.Context(), gone.ID); err != nil {
		t.Fatalf("DeleteAuthRequest: %v", err)
	}
	_, err := s.GetAuthRequest(t.Context(), gone.ID)
	assertErrorIs(t, err, store.ErrNotFound)
	authRequests.assertStored(t, s, kept)
	err = s.DeleteAuthRequest(t.Context(), gone.ID)
	assertErrorIs(t, err, store.ErrNotFound)
}

func testDeleteAuthRequestNotFound(t *testing.T, s store.Store) {
	err := s.DeleteAuthRequest(t.Context(), "missing")
	assertErrorIs(t, err, store.ErrNotFound)
}

// testDeleteExpiredAuthRequests has the boundary of tokens: a request
// whose ExpiresAt is now goes, and an expired one is still there to Get
// until the sweep.
func testDeleteExpiredAuthRequests(t *testing.T, s store.Store) {
	now := t0.Add(time.Hour)
	never := newAuthRequest("r0", time.Time{})
	expired := newAuthRequest("r1", now.Add(-time.Microsecond))
	atNow := newAuthRequest("r2", now)
	later := newAuthRequest("r3", now.Add(time.Microsecond))
	for _, r := range []store.AuthRequest{never, expired, atNow, later} {
		MustCreateAuthRequest(t, s, r)
	}
	authRequests.assertStored(t, s, expired)
	for _, want := range []int{3, 0} {
		n, err := s.DeleteExpiredAuthRequests(t.Context(), now)
		if err != nil || n != want {
			t.Fatalf("DeleteExpiredAuthRequests = %d, %v; want %d, nil", n, err, want)
		}
	}
	for _, r := range []store.AuthRequest{never, expired, atNow} {
		_, err := s.GetAuthRequest(t.Context(), r.ID)
		assertErrorIs(t, err, store.ErrNotFound)
	}
	authRequests.assertStored(t, s, later)
}

// testDeleteExpiredAuthRequestsAfterUpdate has sweeps follow an ExpiresAt
// that changed after the request was created.
func testDeleteExpiredAuthRequestsAfterUpdate(t *testing.T, s store.Store) {
	now := t0.Add(time.Hour)
	shortened := newAuthRequest("r1", now.Add(time.Hour))
	extended := newAuthRequest("r2", now.Add(-time.Hour))
	MustCreateAuthRequest(t, s, shortened)
	MustCreateAuthRequest(t, s, extended)
	shortened.ExpiresAt, extended.ExpiresAt = now, now.Add(time.Hour)
	for _, r := range []store.AuthRequest{shortened, extended} {
		if _, err := s.UpdateAuthRequest(t.Context(), r.ID, func(store.AuthRequest) (store.AuthRequest, error) { return r, nil }); err != nil {
			t.Fatalf("UpdateAuthRequest(%q): %v", r.ID, err)
		}
	}
	for _, want := range []int{1, 0} {
		n, err := s.DeleteExpiredAuthRequests(t.Context(), now)
		if err != nil || n != want {
			t.Fatalf("DeleteExpiredAuthRequests = %d, %v; want %d, nil", n, err, want)
		}
	}
	_, err := s.GetAuthRequest(t.Context(), shortened.ID)
	assertErrorIs(t, err, store.ErrNotFound)
	authRequests.assertStored(t, s, extended)
}
