package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// newProductUser returns user id of client c in organization o with every
// field but the link set.
func newProductUser(c, o, id string) store.ProductUser {
	return store.ProductUser{
		ClientID: c, OrgID: o, UserID: id,
		DisplayName:    "User " + id,
		Emails:         []string{id + "@acme.com", id + "@home.example"},
		PostponedUntil: t0.Add(24 * time.Hour),
		CreatedAt:      t0.Add(-time.Hour),
		UpdatedAt:      t0,
	}
}

// mustPutProductUser stores u through UpdateProductUser and returns what
// the store returned.
func mustPutProductUser(tb testing.TB, s store.Store, u store.ProductUser) store.ProductUser {
	tb.Helper()
	got, err := s.UpdateProductUser(tb.Context(), u.ClientID, u.OrgID, u.UserID, func(store.ProductUser) (store.ProductUser, error) { return u, nil })
	if err != nil {
		tb.Fatalf("UpdateProductUser(%s/%s/%s): %v", u.ClientID, u.OrgID, u.UserID, err)
	}
	return got
}

func linkTo(u store.ProductUser, accountID string) store.ProductUser {
	u.AccountID, u.LinkedAt = accountID, t0
	return u
}

// testUpdateProductUserFresh starts a missing user from its key alone,
// then changes it: each Get sees the last write.
func testUpdateProductUserFresh(t *testing.T, s store.Store) {
	var started store.ProductUser
	u := newProductUser("c1", "o1", "u1")
	if _, err := s.UpdateProductUser(t.Context(), "c1", "o1", "u1", func(old store.ProductUser) (store.ProductUser, error) {
		started = old
		return u, nil
	}); err != nil {
		t.Fatal(err)
	}
	assertEqual(t, started, store.ProductUser{ClientID: "c1", OrgID: "o1", UserID: "u1"})
	assertFound(t, u, "GetProductUser", func(ctx context.Context) (store.ProductUser, error) { return s.GetProductUser(ctx, "c1", "o1", "u1") })
	linked := linkTo(u, "a1")
	linked.PostponedUntil = time.Time{}
	mustPutProductUser(t, s, linked)
	assertFound(t, linked, "GetProductUser", func(ctx context.Context) (store.ProductUser, error) { return s.GetProductUser(ctx, "c1", "o1", "u1") })
	assertFound(t, linked, "GetProductUserByAccount", func(ctx context.Context) (store.ProductUser, error) {
		return s.GetProductUserByAccount(ctx, "c1", "o1", "a1")
	})
}

func testGetProductUserNotFound(t *testing.T, s store.Store) {
	mustPutProductUser(t, s, linkTo(newProductUser("c1", "o1", "u1"), "a1"))
	for _, key := range [][3]string{{"c1", "o1", "u2"}, {"c1", "o2", "u1"}, {"c2", "o1", "u1"}} {
		_, err := s.GetProductUser(t.Context(), key[0], key[1], key[2])
		assertErrorIs(t, err, store.ErrNotFound)
	}
	for _, key := range [][3]string{{"c1", "o1", "a2"}, {"c1", "o2", "a1"}, {"c2", "o1", "a1"}, {"c1", "o1", ""}} {
		_, err := s.GetProductUserByAccount(t.Context(), key[0], key[1], key[2])
		assertErrorIs(t, err, store.ErrNotFound)
	}
}

// testUpdateProductUserAccountTaken links two users of one product and
// organization to one account: the second is refused and unchanged. The
// same account may be a user of another product, or in another
// organization, and is free again once its user is unlinked.
func testUpdateProductUserAccountTaken(t *testing.T, s store.Store) {
	first := mustPutProductUser(t, s, linkTo(newProductUser("c1", "o1", "u1"), "a1"))
	second := mustPutProductUser(t, s, newProductUser("c1", "o1", "u2"))
	_, err := s.UpdateProductUser(t.Context(), "c1", "o1", "u2", func(u store.ProductUser) (store.ProductUser, error) { return linkTo(u, "a1"), nil })
	assertErrorIs(t, err, store.ErrConflict)
	_, err = s.UpdateProductUser(t.Context(), "c1", "o1", "u3", func(u store.ProductUser) (store.ProductUser, error) { return linkTo(u, "a1"), nil })
	assertErrorIs(t, err, store.ErrConflict)
	assertEqualList(t, mustListProductUsers(t, s, "c1", "o1"), []store.ProductUser{first, second})

	mustPutProductUser(t, s, linkTo(newProductUser("c2", "o1", "u1"), "a1"))
	mustPutProductUser(t, s, linkTo(newProductUser("c1", "o2", "u9"), "a1"))
	unlinked := first
	unlinked.AccountID, unlinked.LinkedAt = "", time.Time{}
	mustPutProductUser(t, s, unlinked)
	moved := mustPutProductUser(t, s, linkTo(second, "a1"))
	assertFound(t, moved, "GetProductUserByAccount", func(ctx context.Context) (store.ProductUser, error) {
		return s.GetProductUserByAccount(ctx, "c1", "o1", "a1")
	})
}

func testUpdateProductUserErrors(t *testing.T, s store.Store) {
	u := mustPutProductUser(t, s, newProductUser("c1", "o1", "u1"))
	for name, move := range map[string]func(*store.ProductUser){
		"client": func(u *store.ProductUser) { u.ClientID = "c2" },
		"org":    func(u *store.ProductUser) { u.OrgID = "o2" },
		"user":   func(u *store.ProductUser) { u.UserID = "u2" },
	} {
		_, err := s.UpdateProductUser(t.Context(), "c1", "o1", "u1", func(old store.ProductUser) (store.ProductUser, error) {
			move(&old)
			return old, nil
		})
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("changing the %s: got %v, want ErrConflict", name, err)
		}
	}
	mine := errors.New("mine")
	_, err := s.UpdateProductUser(t.Context(), "c1", "o1", "u1", func(store.ProductUser) (store.ProductUser, error) { return store.ProductUser{}, mine })
	if err != mine {
		t.Errorf("updater error came back as %v", err)
	}
	_, err = s.UpdateProductUser(t.Context(), "c1", "o1", "u2", func(store.ProductUser) (store.ProductUser, error) { return store.ProductUser{}, mine })
	if err != mine {
		t.Errorf("updater error of a fresh user came back as %v", err)
	}
	_, err = s.GetProductUser(t.Context(), "c1", "o1", "u2")
	assertErrorIs(t, err, store.ErrNotFound)
	assertEqualList(t, mustListProductUsers(t, s, "c1", "o1"), []store.ProductUser{u})
}

// testListProductUsers lists one product's users of one organization in
// UserID order, none of the others'.
func testListProductUsers(t *testing.T, s store.Store) {
	var want []store.ProductUser
	for _, id := range []string{"u3", "u1", "u10", "u2"} {
		mustPutProductUser(t, s, newProductUser("c1", "o1", id))
	}
	for _, id := range []string{"u1", "u10", "u2", "u3"} {
		want = append(want, newProductUser("c1", "o1", id))
	}
	mustPutProductUser(t, s, newProductUser("c1", "o10", "u0"))
	mustPutProductUser(t, s, newProductUser("c1", "o", "u0"))
	mustPutProductUser(t, s, newProductUser("c10", "o1", "u0"))
	assertEqualList(t, mustListProductUsers(t, s, "c1", "o1"), want)
	assertEqualList(t, mustListProductUsers(t, s, "c1", "o2"), nil)
}

// testUpdateProductUserConcurrent has several users of one product race
// to link one account: exactly one is linked.
func testUpdateProductUserConcurrent(t *testing.T, s store.Store) {
	const n = 8
	var won atomic.Int32
	parallel(n, func(i int) {
		_, err := s.UpdateProductUser(t.Context(), "c1", "o1", fmt.Sprintf("u%d", i), func(u store.ProductUser) (store.ProductUser, error) {
			return linkTo(u, "a1"), nil
		})
		switch {
		case err == nil:
			won.Add(1)
		case !errors.Is(err, store.ErrConflict):
			t.Errorf("user %d: %v", i, err)
		}
	})
	if won.Load() != 1 {
		t.Errorf("%d users linked one account, want 1", won.Load())
	}
	linked := 0
	for _, u := range mustListProductUsers(t, s, "c1", "o1") {
		if u.AccountID != "" {
			linked++
		}
	}
	if linked != 1 {
		t.Errorf("%d users stored as linked, want 1", linked)
	}
}

func mustListProductUsers(tb testing.TB, s store.Store, clientID, orgID string) []store.ProductUser {
	tb.Helper()
	list, err := s.ListProductUsers(tb.Context(), clientID, orgID)
	if err != nil {
		tb.Fatalf("ListProductUsers: %v", err)
	}
	return list
}
