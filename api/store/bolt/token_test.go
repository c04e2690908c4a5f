package bolt

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/porta-id/porta/api/store"
)

// TestTokensByAccountBackfill opens a file written before tokens_by_account
// existed: Open indexes every token once, and DeleteTokens then takes
// exactly the account's tokens of the kind.
func TestTokensByAccountBackfill(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "porta.db"))
	ctx := t.Context()
	for _, tok := range []store.Token{
		{Hash: "x0", Kind: "reset", AccountID: "a1"},
		{Hash: "x1", Kind: "reset", AccountID: "a1"},
		{Hash: "x2", Kind: "activate", AccountID: "a1"},
		{Hash: "x3", Kind: "reset", AccountID: "a10"},
		{Hash: "x4", Kind: "reset"},
	} {
		if err := s.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	s = reopenWithout(t, s, bucketTokensByAccount)
	defer s.Close()
	err := s.db.View(func(tx *bbolt.Tx) error {
		if n := tx.Bucket(bucketTokensByAccount).Stats().KeyN; n != 5 {
			t.Errorf("tokens_by_account has %d entries, want 5", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteTokens(ctx, "reset", "a1"); err != nil {
		t.Fatalf("DeleteTokens: %v", err)
	}
	list, err := s.ListTokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, tok := range list {
		left = append(left, tok.Hash)
	}
	if got, want := fmt.Sprint(left), "[x2 x3 x4]"; got != want {
		t.Errorf("tokens left = %s, want %s", got, want)
	}
}

// BenchmarkDeleteTokens deletes an account's 3 tokens of one kind from among
// others of other accounts and kinds: the time should follow the 3, not the
// others.
func BenchmarkDeleteTokens(b *testing.B) {
	const mine = 3
	expires := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, others := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("Others=%d", others), func(b *testing.B) {
			s := mustOpen(b, filepath.Join(b.TempDir(), "porta.db"))
			defer s.Close()
			putAll := func(n int, tok func(i int) store.Token) {
				err := s.db.Update(func(tx *bbolt.Tx) error {
					for i := range n {
						if err := tokens.insert(tx, tok(i)); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			putAll(others, func(i int) store.Token {
				kind, account := "reset", fmt.Sprintf("a%07d", i)
				if i%10 == 0 {
					kind, account = "activate", "me"
				}
				return store.Token{Hash: fmt.Sprintf("other%07d", i), Kind: kind, AccountID: account, ExpiresAt: expires}
			})
			round := 0
			for b.Loop() {
				b.StopTimer()
				round++
				putAll(mine, func(i int) store.Token {
					return store.Token{Hash: fmt.Sprintf("mine%07d-%d", round, i), Kind: "reset", AccountID: "me", ExpiresAt: expires}
				})
				b.StartTimer()
				if err := s.DeleteTokens(b.Context(), "reset", "me"); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			list, err := s.ListTokens(b.Context())
			if err != nil || len(list) != others {
				b.Fatalf("ListTokens = %d tokens, %v; want %d", len(list), err, others)
			}
		})
	}
}
