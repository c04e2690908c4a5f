// Package storetest is the conformance suite every store.Store backend must
// pass. A backend's test calls Run with a constructor for empty stores.
package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/porta-id/porta/api/store"
)

// Run runs the whole suite, each subtest on a fresh store from newStore.
// newStore returns an empty store; Run closes it when the subtest ends.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, s store.Store)
	}{
		{"CreateAccount/OK", testCreateAccount},
		{"CreateAccount/ErrAlreadyExists/ID", testCreateAccountDuplicateID},
		{"CreateAccount/ErrAlreadyExists/Email", testCreateAccountDuplicateEmail},
		{"GetAccount/ErrNotFound", testGetAccountNotFound},
		{"GetAccountByEmail/OK", testGetAccountByEmail},
		{"GetAccountByEmail/ErrNotFound", testGetAccountByEmailNotFound},
		{"UpdateAccount/OK", testUpdateAccount},
		{"UpdateAccount/EmailMoved", testUpdateAccountEmailMoved},
		{"UpdateAccount/ErrConflict/Email", testUpdateAccountEmailTaken},
		{"UpdateAccount/ErrConflict/ID", testUpdateAccountIDChanged},
		{"UpdateAccount/ErrNotFound", testUpdateAccountNotFound},
		{"UpdateAccount/UpdaterError", testUpdateAccountUpdaterError},
		{"UpdateAccount/Concurrent", testUpdateAccountConcurrent},
		{"ListAccounts/OK", testListAccounts},

		{"CreateSession/OK", testCreateSession},
		{"CreateSession/ErrAlreadyExists", testCreateSessionDuplicate},
		{"GetSession/ErrNotFound", testGetSessionNotFound},
		{"UpdateSession/OK", testUpdateSession},
		{"UpdateSession/AccountChanged", testUpdateSessionAccountChanged},
		{"UpdateSession/ErrConflict/ID", testUpdateSessionIDChanged},
		{"UpdateSession/ErrNotFound", testUpdateSessionNotFound},
		{"UpdateSession/UpdaterError", testUpdateSessionUpdaterError},
		{"DeleteSession/OK", testDeleteSession},
		{"DeleteSession/ErrNotFound", testDeleteSessionNotFound},
		{"ListSessions/OK", testListSessions},
		{"DeleteExpiredSessions/OK", testDeleteExpiredSessions},

		{"GetFailures/Zero", testGetFailuresZero},
		{"UpdateFailures/OK", testUpdateFailures},
		{"UpdateFailures/FromZero", testUpdateFailuresFromZero},
		{"UpdateFailures/Reset", testUpdateFailuresReset},
		{"UpdateFailures/LockKept", testUpdateFailuresLockKept},
		{"UpdateFailures/ErrConflict/Key", testUpdateFailuresKeyChanged},
		{"UpdateFailures/UpdaterError", testUpdateFailuresUpdaterError},
		{"UpdateFailures/Concurrent", testUpdateFailuresConcurrent},

		{"CreateToken/OK", testCreateToken},
		{"CreateToken/ErrAlreadyExists", testCreateTokenDuplicate},
		{"ConsumeToken/ErrNotFound/Missing", testConsumeTokenMissing},
		{"ConsumeToken/ErrNotFound/Twice", testConsumeTokenTwice},
		{"ConsumeToken/ErrNotFound/Kind", testConsumeTokenWrongKind},
		{"ConsumeToken/ErrNotFound/Expired", testConsumeTokenExpired},
		{"ConsumeToken/Concurrent", testConsumeTokenConcurrent},
		{"UpdateToken/OK", testUpdateToken},
		{"UpdateToken/ErrConflict/Hash", testUpdateTokenHashChanged},
		{"UpdateToken/ErrNotFound", testUpdateTokenNotFound},
		{"UpdateToken/UpdaterError", testUpdateTokenUpdaterError},
		{"DeleteTokens/OK", testDeleteTokens},

		{"ListAudit/OK", testListAudit},

		{"Secret/OK", testSecret},
		{"Secret/GenError", testSecretGenError},
		{"Secret/Concurrent", testSecretConcurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.run(t, s)
		})
	}
}

// t0 is the suite's reference time: microsecond precision, since that is
// what PostgreSQL keeps, and outside UTC, since a backend may hand times
// back in another location.
var t0 = time.Date(2026, 3, 14, 15, 9, 26, 535897000, time.FixedZone("CET", 3600))

// normalize returns v with every time in UTC without a monotonic reading
// and every empty slice nil, so records that a backend round-tripped
// compare equal with reflect.DeepEqual.
func normalize[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	for i := range rv.NumField() {
		f := rv.Field(i)
		if tm, ok := f.Interface().(time.Time); ok {
			f.Set(reflect.ValueOf(tm.Round(0).UTC()))
		} else if f.Kind() == reflect.Slice && f.Len() == 0 {
			f.SetZero()
		}
	}
	return v
}

// assertEqual fails tb unless got and want hold the same record.
func assertEqual[T any](tb testing.TB, got, want T) {
	tb.Helper()
	if !reflect.DeepEqual(normalize(got), normalize(want)) {
		tb.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// assertEqualList fails tb unless got and want hold the same records in the
// same order.
func assertEqualList[T any](tb testing.TB, got, want []T) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("got %d records, want %d:\n%+v", len(got), len(want), got)
	}
	for i := range got {
		assertEqual(tb, got[i], want[i])
	}
}

// assertErrorIs fails tb unless errors.Is(err, target).
func assertErrorIs(tb testing.TB, err, target error) {
	tb.Helper()
	if !errors.Is(err, target) {
		tb.Fatalf("got error %v, want %v", err, target)
	}
}
