package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newAccount returns an account with every field set.
func newAccount(id, email string) store.Account {
	return store.Account{
		ID:                id,
		Email:             email,
		Name:              "Name " + id,
		EmailVerified:     true,
		PasswordHash:      "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
		PasswordChangedAt: t0.Add(-time.Hour),
		CreatedAt:         t0.Add(-2 * time.Hour),
		UpdatedAt:         t0,
	}
}

var accounts = updatable[store.Account]{
	seed: func(tb testing.TB, s store.Store) store.Account {
		a := newAccount("a1", "ada@example.com")
		MustCreateAccount(tb, s, a)
		return a
	},
	key: func(a store.Account) string { return a.ID },
	get: func(ctx context.Context, s store.Store, id string) (store.Account, error) {
		return s.GetAccount(ctx, id)
	},
	update: func(ctx context.Context, s store.Store, id string, fn func(store.Account) (store.Account, error)) (store.Account, error) {
		return s.UpdateAccount(ctx, id, fn)
	},
	edit: func(a store.Account) store.Account {
		a.Name = "Ada Lovelace"
		a.EmailVerified = false
		a.PasswordHash = ""
		a.PasswordChangedAt = time.Time{}
		a.UpdatedAt = t0.Add(time.Minute)
		return a
	},
	rekey: func(a store.Account) store.Account {
		a.ID += "-other"
		return a
	},
}

func testCreateAccount(t *testing.T, s store.Store) {
	a := newAccount("a1", "ada@example.com")
	MustCreateAccount(t, s, a)
	assertEqual(t, MustGetAccount(t, s, a.ID), a)
}

func testCreateAccountDuplicateID(t *testing.T, s store.Store) {
	a := newAccount("a1", "ada@example.com")
	MustCreateAccount(t, s, a)
	err := s.CreateAccount(t.Context(), newAccount(a.ID, "bob@example.com"))
	assertErrorIs(t, err, store.ErrAlreadyExists)
	assertEqual(t, MustGetAccount(t, s, a.ID), a)
	_, err = s.GetAccountByEmail(t.Context(), "bob@example.com")
	assertErrorIs(t, err, store.ErrNotFound)
}

func testCreateAccountDuplicateEmail(t *testing.T, s store.Store) {
	a := newAccount("a1", "ada@example.com")
	MustCreateAccount(t, s, a)
	err := s.CreateAccount(t.Context(), newAccount("a2", a.Email))
	assertErrorIs(t, err, store.ErrAlreadyExists)
	_, err = s.GetAccount(t.Context(), "a2")
	assertErrorIs(t, err, store.ErrNotFound)
	assertAccountByEmail(t, s, a)
}

func testGetAccountNotFound(t *testing.T, s store.Store) {
	_, err := s.GetAccount(t.Context(), "missing")
	assertErrorIs(t, err, store.ErrNotFound)
}

// assertAccountByEmail fails tb unless looking want's email up gives want.
func assertAccountByEmail(tb testing.TB, s store.Store, want store.Account) {
	tb.Helper()
	got, err := s.GetAccountByEmail(tb.Context(), want.Email)
	if err != nil {
		tb.Fatalf("GetAccountByEmail(%q): %v", want.Email, err)
	}
	assertEqual(tb, got, want)
}

func testGetAccountByEmail(t *testing.T, s store.Store) {
	a := newAccount("a1", "ada@example.com")
	MustCreateAccount(t, s, a)
	MustCreateAccount(t, s, newAccount("a2", "bob@example.com"))
	assertAccountByEmail(t, s, a)
}

func testGetAccountByEmailNotFound(t *testing.T, s store.Store) {
	MustCreateAccount(t, s, newAccount("a1", "ada@example.com"))
	_, err := s.GetAccountByEmail(t.Context(), "bob@example.com")
	assertErrorIs(t, err, store.ErrNotFound)
}

func testUpdateAccount(t *testing.T, s store.Store) { accounts.testOK(t, s) }

func testUpdateAccountIDChanged(t *testing.T, s store.Store) { accounts.testKeyChanged(t, s) }

func testUpdateAccountNotFound(t *testing.T, s store.Store) { accounts.testNotFound(t, s) }

func testUpdateAccountUpdaterError(t *testing.T, s store.Store) { accounts.testUpdaterError(t, s) }

// setEmail returns an updater that moves an account to email.
func setEmail(email string) func(store.Account) (store.Account, error) {
	return func(a store.Account) (store.Account, error) {
		a.Email = email
		return a, nil
	}
}

func testUpdateAccountEmailMoved(t *testing.T, s store.Store) {
	a := newAccount("a1", "ada@example.com")
	MustCreateAccount(t, s, a)
	want := a
	want.Email = "ada@example.org"
	if _, err := s.UpdateAccount(t.Context(), a.ID, setEmail(want.Email)); err != nil {
		t.Fatalf("UpdateAccount: %v", err)
	}
	assertAccountByEmail(t, s, want)
	_, err := s.GetAccountByEmail(t.Context(), a.Email)
	assertErrorIs(t, err, store.ErrNotFound)
	MustCreateAccount(t, s, newAccount("a2", a.Email))
}

func testUpdateAccountEmailTaken(t *testing.T, s store.Store) {
	a := newAccount("a1", "ada@example.com")
	b := newAccount("a2", "bob@example.com")
	MustCreateAccount(t, s, a)
	MustCreateAccount(t, s, b)
	_, err := s.UpdateAccount(t.Context(), a.ID, setEmail(b.Email))
	assertErrorIs(t, err, store.ErrConflict)
	assertAccountByEmail(t, s, a)
	assertAccountByEmail(t, s, b)
}

func testUpdateAccountConcurrent(t *testing.T, s store.Store) {
	const n = 20
	a := newAccount("a1", "ada@example.com")
	a.Name = ""
	MustCreateAccount(t, s, a)
	parallel(n, func(i int) {
		_, err := s.UpdateAccount(t.Context(), a.ID, func(a store.Account) (store.Account, error) {
			a.Name += fmt.Sprintf("[%d]", i)
			return a, nil
		})
		if err != nil {
			t.Errorf("UpdateAccount %d: %v", i, err)
		}
	})
	name := MustGetAccount(t, s, a.ID).Name
	for i := range n {
		if c := strings.Count(name, fmt.Sprintf("[%d]", i)); c != 1 {
			t.Errorf("update %d applied %d times; name %q", i, c, name)
		}
	}
}

func testListAccounts(t *testing.T, s store.Store) {
	list, err := s.ListAccounts(t.Context())
	if err != nil || len(list) != 0 {
		t.Fatalf("ListAccounts on an empty store = %v, %v; want none", list, err)
	}
	c := newAccount("a1", "cy@example.com")
	a := newAccount("a2", "ada@example.com")
	b := newAccount("a3", "bob@example.com")
	for _, acc := range []store.Account{c, a, b} {
		MustCreateAccount(t, s, acc)
	}
	list, err = s.ListAccounts(t.Context())
	if err != nil {
		t.Fatalf("ListAccounts: %v", err)
	}
	assertEqualList(t, list, []store.Account{a, b, c})
}
