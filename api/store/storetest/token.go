package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newToken returns a token with every field set, valid until t0+10m.
func newToken(hash, kind, accountID string) store.Token {
	return store.Token{
		Hash:      hash,
		Kind:      kind,
		AccountID: accountID,
		Email:     "ada@example.com",
		Data:      `{"next":"/settings"}`,
		Attempts:  1,
		CreatedAt: t0,
		ExpiresAt: t0.Add(10 * time.Minute),
	}
}

var tokens = updatable[store.Token]{
	seed:   created(newToken("h1", "reset", "a1"), store.Store.CreateToken),
	key:    func(tok store.Token) string { return tok.Hash },
	get:    store.Store.GetToken,
	update: store.Store.UpdateToken,
	edit: func(tok store.Token) store.Token {
		tok.Attempts++
		tok.Data = ""
		return tok
	},
	rekey: func(tok store.Token) store.Token {
		tok.Hash += "-other"
		return tok
	},
}

func testCreateToken(t *testing.T, s store.Store) {
	tok := newToken("h1", "reset", "a1")
	MustCreateToken(t, s, tok)
	assertEqual(t, MustConsumeToken(t, s, tok.Kind, tok.Hash, t0), tok)
}

func testCreateTokenDuplicate(t *testing.T, s store.Store) {
	tok := newToken("h1", "reset", "a1")
	MustCreateToken(t, s, tok)
	err := s.CreateToken(t.Context(), newToken(tok.Hash, "activate", "a2"))
	assertErrorIs(t, err, store.ErrAlreadyExists)
	assertEqual(t, MustConsumeToken(t, s, tok.Kind, tok.Hash, t0), tok)
}

func testConsumeTokenMissing(t *testing.T, s store.Store) {
	_, err := s.ConsumeToken(t.Context(), "reset", "missing", t0)
	assertErrorIs(t, err, store.ErrNotFound)
}

func testConsumeTokenTwice(t *testing.T, s store.Store) {
	tok := tokens.seed(t, s)
	MustConsumeToken(t, s, tok.Kind, tok.Hash, t0)
	_, err := s.ConsumeToken(t.Context(), tok.Kind, tok.Hash, t0)
	assertErrorIs(t, err, store.ErrNotFound)
}

func testConsumeTokenWrongKind(t *testing.T, s store.Store) {
	tok := tokens.seed(t, s)
	_, err := s.ConsumeToken(t.Context(), "activate", tok.Hash, t0)
	assertErrorIs(t, err, store.ErrNotFound)
	assertEqual(t, MustConsumeToken(t, s, tok.Kind, tok.Hash, t0), tok)
}

func testConsumeTokenExpired(t *testing.T, s store.Store) {
	tok := tokens.seed(t, s)
	for _, now := range []time.Time{tok.ExpiresAt, tok.ExpiresAt.Add(time.Hour)} {
		_, err := s.ConsumeToken(t.Context(), tok.Kind, tok.Hash, now)
		assertErrorIs(t, err, store.ErrNotFound)
	}
	MustConsumeToken(t, s, tok.Kind, tok.Hash, tok.ExpiresAt.Add(-time.Microsecond))
}

func testConsumeTokenConcurrent(t *testing.T, s store.Store) {
	const n = 50
	tok := tokens.seed(t, s)
	won := make(chan store.Token, n)
	parallel(n, func(i int) {
		got, err := s.ConsumeToken(t.Context(), tok.Kind, tok.Hash, t0)
		switch {
		case err == nil:
			won <- got
		case !errors.Is(err, store.ErrNotFound):
			t.Errorf("ConsumeToken %d: %v", i, err)
		}
	})
	close(won)
	if len(won) != 1 {
		t.Fatalf("%d of %d concurrent consumers won, want exactly 1", len(won), n)
	}
	assertEqual(t, <-won, tok)
}

func testDeleteTokens(t *testing.T, s store.Store) {
	gone := []store.Token{newToken("h1", "reset", "a1"), newToken("h2", "reset", "a1")}
	kept := []store.Token{newToken("h3", "activate", "a1"), newToken("h4", "reset", "a2"), newToken("h5", "reset", "a10"), newToken("h6", "reset", "")}
	for _, tok := range append(gone, kept...) {
		MustCreateToken(t, s, tok)
	}
	if err := s.DeleteTokens(t.Context(), "reset", "a1"); err != nil {
		t.Fatalf("DeleteTokens: %v", err)
	}
	if err := s.DeleteTokens(t.Context(), "reset", "missing"); err != nil {
		t.Fatalf("DeleteTokens with nothing to delete: %v", err)
	}
	for _, tok := range gone {
		_, err := s.ConsumeToken(t.Context(), tok.Kind, tok.Hash, t0)
		assertErrorIs(t, err, store.ErrNotFound)
	}
	for _, tok := range kept {
		assertEqual(t, MustConsumeToken(t, s, tok.Kind, tok.Hash, t0), tok)
	}
}

// testDeleteTokensAfterUpdate has DeleteTokens follow an AccountID or Kind
// that changed after the token was created.
func testDeleteTokensAfterUpdate(t *testing.T, s store.Store) {
	left, rekinded, arrived := newToken("h1", "reset", "a1"), newToken("h2", "reset", "a1"), newToken("h3", "reset", "a2")
	for _, tok := range []store.Token{left, rekinded, arrived} {
		MustCreateToken(t, s, tok)
	}
	left.AccountID, rekinded.Kind, arrived.AccountID = "a2", "activate", "a1"
	for _, tok := range []store.Token{left, rekinded, arrived} {
		if _, err := s.UpdateToken(t.Context(), tok.Hash, func(store.Token) (store.Token, error) { return tok, nil }); err != nil {
			t.Fatalf("UpdateToken(%q): %v", tok.Hash, err)
		}
	}
	if err := s.DeleteTokens(t.Context(), "reset", "a1"); err != nil {
		t.Fatalf("DeleteTokens: %v", err)
	}
	_, err := s.GetToken(t.Context(), arrived.Hash)
	assertErrorIs(t, err, store.ErrNotFound)
	tokens.assertStored(t, s, left)
	tokens.assertStored(t, s, rekinded)
}

func testGetToken(t *testing.T, s store.Store) {
	tok := tokens.seed(t, s)
	MustCreateToken(t, s, newToken("h2", "reset", "a1"))
	tokens.assertStored(t, s, tok)
	if _, err := s.ConsumeToken(t.Context(), tok.Kind, tok.Hash, tok.ExpiresAt); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ConsumeToken of an expired token: %v", err)
	}
	tokens.assertStored(t, s, tok)
}

func testDeleteExpiredTokens(t *testing.T, s store.Store) {
	now := t0.Add(time.Hour)
	expired := newToken("h1", "reset", "a1")
	expired.ExpiresAt = now.Add(-time.Microsecond)
	atNow := newToken("h2", "activate", "a2")
	atNow.ExpiresAt = now
	later := newToken("h3", "reset", "a1")
	later.ExpiresAt = now.Add(time.Microsecond)
	for _, tok := range []store.Token{expired, atNow, later} {
		MustCreateToken(t, s, tok)
	}
	for _, want := range []int{2, 0} {
		n, err := s.DeleteExpiredTokens(t.Context(), now)
		if err != nil || n != want {
			t.Fatalf("DeleteExpiredTokens = %d, %v; want %d, nil", n, err, want)
		}
	}
	for _, tok := range []store.Token{expired, atNow} {
		_, err := s.GetToken(t.Context(), tok.Hash)
		assertErrorIs(t, err, store.ErrNotFound)
	}
	tokens.assertStored(t, s, later)
}

// testDeleteExpiredTokensAfterUpdate has sweeps follow an ExpiresAt that
// changed after the token was created, and not count a consumed token.
func testDeleteExpiredTokensAfterUpdate(t *testing.T, s store.Store) {
	now := t0.Add(time.Hour)
	shortened := newToken("h1", "reset", "a1")
	shortened.ExpiresAt = now.Add(time.Hour)
	extended := newToken("h2", "reset", "a1")
	extended.ExpiresAt = now.Add(-time.Hour)
	consumed := newToken("h3", "reset", "a1")
	consumed.ExpiresAt = now.Add(-time.Hour)
	for _, tok := range []store.Token{shortened, extended, consumed} {
		MustCreateToken(t, s, tok)
	}
	MustConsumeToken(t, s, consumed.Kind, consumed.Hash, t0.Add(-time.Minute))
	shortened.ExpiresAt, extended.ExpiresAt = now.Add(-time.Microsecond), now.Add(time.Hour)
	for _, tok := range []store.Token{shortened, extended} {
		if _, err := s.UpdateToken(t.Context(), tok.Hash, func(store.Token) (store.Token, error) { return tok, nil }); err != nil {
			t.Fatalf("UpdateToken(%q): %v", tok.Hash, err)
		}
	}
	for _, want := range []int{1, 0} {
		n, err := s.DeleteExpiredTokens(t.Context(), now)
		if err != nil || n != want {
			t.Fatalf("DeleteExpiredTokens = %d, %v; want %d, nil", n, err, want)
		}
	}
	_, err := s.GetToken(t.Context(), shortened.Hash)
	assertErrorIs(t, err, store.ErrNotFound)
	tokens.assertStored(t, s, extended)
}
