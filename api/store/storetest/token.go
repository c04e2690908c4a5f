package storetest

import (
	"context"
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
	seed: func(tb testing.TB, s store.Store) store.Token {
		tok := newToken("h1", "reset", "a1")
		MustCreateToken(tb, s, tok)
		return tok
	},
	key: func(tok store.Token) string { return tok.Hash },
	// The store has no GetToken; an update that changes nothing reads one.
	get: func(ctx context.Context, s store.Store, hash string) (store.Token, error) {
		tok, err := s.UpdateToken(ctx, hash, func(tok store.Token) (store.Token, error) { return tok, nil })
		return tok, err
	},
	update: func(ctx context.Context, s store.Store, hash string, fn func(store.Token) (store.Token, error)) (store.Token, error) {
		return s.UpdateToken(ctx, hash, fn)
	},
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

func testUpdateToken(t *testing.T, s store.Store) { tokens.testOK(t, s) }

func testUpdateTokenHashChanged(t *testing.T, s store.Store) { tokens.testKeyChanged(t, s) }

func testUpdateTokenNotFound(t *testing.T, s store.Store) { tokens.testNotFound(t, s) }

func testUpdateTokenUpdaterError(t *testing.T, s store.Store) { tokens.testUpdaterError(t, s) }

func testDeleteTokens(t *testing.T, s store.Store) {
	gone := []store.Token{newToken("h1", "reset", "a1"), newToken("h2", "reset", "a1")}
	kept := []store.Token{newToken("h3", "activate", "a1"), newToken("h4", "reset", "a2")}
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
