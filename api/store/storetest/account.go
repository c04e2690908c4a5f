package storetest

import (
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
		CurrentOrgID:      "o-" + id,
	}
}

var accounts = uniqueField[store.Account]{
	updatable: updatable[store.Account]{
		seed:   created(newAccount("a1", "ada@example.com"), store.Store.CreateAccount),
		key:    func(a store.Account) string { return a.ID },
		get:    store.Store.GetAccount,
		update: store.Store.UpdateAccount,
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
	},
	newRecord: newAccount,
	create:    store.Store.CreateAccount,
	field:     func(a store.Account) string { return a.Email },
	setField: func(a store.Account, email string) store.Account {
		a.Email = email
		return a
	},
	getBy:  store.Store.GetAccountByEmail,
	list:   store.Store.ListAccounts,
	values: [3]string{"ada@example.com", "bob@example.com", "cy@example.com"},
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
