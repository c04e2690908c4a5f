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
		{"CreateAccount/OK", accounts.testCreate},
		{"CreateAccount/ErrAlreadyExists/ID", accounts.testCreateDuplicateKey},
		{"CreateAccount/ErrAlreadyExists/Email", accounts.testCreateDuplicateField},
		{"GetAccount/ErrNotFound", accounts.testGetNotFound},
		{"GetAccountByEmail/OK", accounts.testGetBy},
		{"GetAccountByEmail/ErrNotFound", accounts.testGetByNotFound},
		{"UpdateAccount/OK", accounts.testOK},
		{"UpdateAccount/EmailMoved", accounts.testFieldMoved},
		{"UpdateAccount/ErrConflict/Email", accounts.testFieldTaken},
		{"UpdateAccount/ErrConflict/ID", accounts.testKeyChanged},
		{"UpdateAccount/ErrNotFound", accounts.testNotFound},
		{"UpdateAccount/UpdaterError", accounts.testUpdaterError},
		{"UpdateAccount/Concurrent", testUpdateAccountConcurrent},
		{"ListAccounts/OK", accounts.testList},

		{"CreateSession/OK", testCreateSession},
		{"CreateSession/ErrAlreadyExists", testCreateSessionDuplicate},
		{"GetSession/ErrNotFound", testGetSessionNotFound},
		{"UpdateSession/OK", sessions.testOK},
		{"UpdateSession/AccountChanged", testUpdateSessionAccountChanged},
		{"UpdateSession/ErrConflict/ID", sessions.testKeyChanged},
		{"UpdateSession/ErrNotFound", sessions.testNotFound},
		{"UpdateSession/UpdaterError", sessions.testUpdaterError},
		{"DeleteSession/OK", testDeleteSession},
		{"DeleteSession/ErrNotFound", testDeleteSessionNotFound},
		{"ListSessions/OK", testListSessions},
		{"DeleteExpiredSessions/OK", testDeleteExpiredSessions},
		{"DeleteExpiredSessions/AfterUpdate", testDeleteExpiredSessionsAfterUpdate},
		{"UpdateSession/PasswordChangeOwed", testUpdateSessionPasswordChangeOwed},

		{"GetFailures/Zero", testGetFailuresZero},
		{"UpdateFailures/OK", failures.testOK},
		{"UpdateFailures/FromZero", testUpdateFailuresFromZero},
		{"UpdateFailures/Reset", testUpdateFailuresReset},
		{"UpdateFailures/LockKept", testUpdateFailuresLockKept},
		{"UpdateFailures/ErrConflict/Key", failures.testKeyChanged},
		{"UpdateFailures/UpdaterError", testUpdateFailuresUpdaterError},
		{"UpdateFailures/Concurrent", testUpdateFailuresConcurrent},
		{"DeleteExpiredFailures/OK", testDeleteExpiredFailures},

		{"CreateToken/OK", testCreateToken},
		{"CreateToken/ErrAlreadyExists", testCreateTokenDuplicate},
		{"ConsumeToken/ErrNotFound/Missing", testConsumeTokenMissing},
		{"ConsumeToken/ErrNotFound/Twice", testConsumeTokenTwice},
		{"ConsumeToken/ErrNotFound/Kind", testConsumeTokenWrongKind},
		{"ConsumeToken/ErrNotFound/Expired", testConsumeTokenExpired},
		{"ConsumeToken/Concurrent", testConsumeTokenConcurrent},
		{"UpdateToken/OK", tokens.testOK},
		{"UpdateToken/ErrConflict/Hash", tokens.testKeyChanged},
		{"UpdateToken/ErrNotFound", tokens.testNotFound},
		{"UpdateToken/UpdaterError", tokens.testUpdaterError},
		{"DeleteTokens/OK", testDeleteTokens},
		{"DeleteTokens/AfterUpdate", testDeleteTokensAfterUpdate},
		{"GetToken/OK", testGetToken},
		{"GetToken/ErrNotFound", tokens.testGetNotFound},
		{"DeleteExpiredTokens/OK", testDeleteExpiredTokens},
		{"DeleteExpiredTokens/AfterUpdate", testDeleteExpiredTokensAfterUpdate},

		{"ListAudit/OK", testListAudit},
		{"DeleteAuditBefore/OK", testDeleteAuditBefore},
		{"ListOrgAudit/OK", testListOrgAudit},

		{"Secret/OK", testSecret},
		{"Secret/GenError", testSecretGenError},
		{"Secret/Concurrent", testSecretConcurrent},

		{"ListFailures/OK", testListFailures},
		{"ListTokens/OK", testListTokens},
		{"ListSecrets/OK", testListSecrets},

		{"CreateOrg/OK", orgs.testCreate},
		{"CreateOrg/ErrAlreadyExists/ID", orgs.testCreateDuplicateKey},
		{"CreateOrg/ErrAlreadyExists/Slug", orgs.testCreateDuplicateField},
		{"GetOrg/ErrNotFound", orgs.testGetNotFound},
		{"GetOrgBySlug/OK", orgs.testGetBy},
		{"GetOrgBySlug/ErrNotFound", orgs.testGetByNotFound},
		{"UpdateOrg/OK", orgs.testOK},
		{"UpdateOrg/SlugMoved", orgs.testFieldMoved},
		{"UpdateOrg/ErrConflict/Slug", orgs.testFieldTaken},
		{"UpdateOrg/ErrConflict/ID", orgs.testKeyChanged},
		{"UpdateOrg/ErrNotFound", orgs.testNotFound},
		{"UpdateOrg/UpdaterError", orgs.testUpdaterError},
		{"ListOrgs/OK", orgs.testList},
		{"UpdateOrg/Enforce2FA", testOrgEnforce2FA},

		{"PutMembership/OK", memberships.testPut},
		{"PutMembership/Replaces", memberships.testPutReplaces},
		{"GetMembership/ErrNotFound", memberships.testGetNotFound},
		{"DeleteMembership/OK", memberships.testDelete},
		{"DeleteMembership/ErrNotFound", memberships.testDeleteNotFound},
		{"ListMemberships/OK", testListMemberships},
		{"ListMemberships/AfterChanges", testListMembershipsAfterChanges},
		{"UpdateMembership/OK", testUpdateMembership},
		{"UpdateMembership/Errors", testUpdateMembershipErrors},
		{"UpdateMembership/Concurrent", testUpdateMembershipConcurrent},

		{"EnqueueMessage/OK", testEnqueueMessage},
		{"EnqueueMessage/ErrAlreadyExists", testEnqueueMessageDuplicate},
		{"GetMessage/ErrNotFound", messages.testGetNotFound},
		{"UpdateMessage/OK", messages.testOK},
		{"UpdateMessage/ErrConflict/ID", messages.testKeyChanged},
		{"UpdateMessage/ErrNotFound", messages.testNotFound},
		{"UpdateMessage/UpdaterError", messages.testUpdaterError},
		{"ClaimMessage/OK", testClaimMessage},
		{"ClaimMessage/ErrNotFound", testClaimMessageNotDue},
		{"ClaimMessage/Leased", testClaimMessageLeased},
		{"ClaimMessage/Finished", testClaimMessageFinished},
		{"ClaimMessage/Retry", testClaimMessageRetry},
		{"ClaimMessage/Concurrent", testClaimMessageConcurrent},
		{"ListMessages/OK", testListMessages},
		{"DeleteMessagesBefore/OK", testDeleteMessagesBefore},
		{"DeleteMessagesBefore/AfterUpdate", testDeleteMessagesBeforeAfterUpdate},

		{"PutDevice/OK", devices.testPut},
		{"PutDevice/Replaces", devices.testPutReplaces},
		{"GetDevice/ErrNotFound", devices.testGetNotFound},
		{"DeleteDevice/OK", devices.testDelete},
		{"DeleteDevice/ErrNotFound", devices.testDeleteNotFound},
		{"ListDevices/OK", testListDevices},

		{"CreateFactor/OK", factorPairs.testPut},
		{"CreateFactor/ErrAlreadyExists", testCreateFactorDuplicate},
		{"GetFactor/ErrNotFound", factorPairs.testGetNotFound},
		{"UpdateFactor/OK", factors.testOK},
		{"UpdateFactor/ErrConflict/AccountID", factors.testKeyChanged},
		{"UpdateFactor/ErrConflict/ID", factorsNewID.testKeyChanged},
		{"UpdateFactor/ErrNotFound", testUpdateFactorNotFound},
		{"UpdateFactor/UpdaterError", factors.testUpdaterError},
		{"UpdateFactor/Concurrent", testUpdateFactorConcurrent},
		{"DeleteFactor/OK", factorPairs.testDelete},
		{"DeleteFactor/ErrNotFound", factorPairs.testDeleteNotFound},
		{"ListFactors/OK", testListFactors},
		{"UpdateFactors/OK", testUpdateFactors},
		{"UpdateFactors/Delete", testUpdateFactorsDelete},
		{"UpdateFactors/Add", testUpdateFactorsAdd},
		{"UpdateFactors/ErrConflict/AccountID", testUpdateFactorsForeignAccount},
		{"UpdateFactors/ErrConflict/DuplicateID", testUpdateFactorsDuplicateID},
		{"UpdateFactors/ErrConflict/EmptyID", testUpdateFactorsEmptyID},
		{"UpdateFactors/UpdaterError", testUpdateFactorsUpdaterError},
		{"UpdateFactors/Concurrent", testUpdateFactorsConcurrent},
		{"UpdateFactors/ConcurrentFirst", testUpdateFactorsConcurrentFirst},

		{"CreateClient/OK", testCreateClient},
		{"CreateClient/ErrAlreadyExists", testCreateClientDuplicate},
		{"GetClient/ErrNotFound", clients.testGetNotFound},
		{"UpdateClient/OK", clients.testOK},
		{"UpdateClient/ErrConflict/ID", clients.testKeyChanged},
		{"UpdateClient/ErrNotFound", clients.testNotFound},
		{"UpdateClient/UpdaterError", clients.testUpdaterError},
		{"DeleteClient/OK", testDeleteClient},
		{"DeleteClient/ErrNotFound", testDeleteClientNotFound},
		{"ListClients/OK", testListClients},

		{"CreateAuthRequest/OK", testCreateAuthRequest},
		{"CreateAuthRequest/ErrAlreadyExists", testCreateAuthRequestDuplicate},
		{"GetAuthRequest/ErrNotFound", authRequests.testGetNotFound},
		{"UpdateAuthRequest/OK", authRequests.testOK},
		{"UpdateAuthRequest/ErrConflict/ID", authRequests.testKeyChanged},
		{"UpdateAuthRequest/ErrNotFound", authRequests.testNotFound},
		{"UpdateAuthRequest/UpdaterError", authRequests.testUpdaterError},
		{"DeleteAuthRequest/OK", testDeleteAuthRequest},
		{"DeleteAuthRequest/ErrNotFound", testDeleteAuthRequestNotFound},
		{"DeleteExpiredAuthRequests/OK", testDeleteExpiredAuthRequests},
		{"DeleteExpiredAuthRequests/AfterUpdate", testDeleteExpiredAuthRequestsAfterUpdate},

		{"CreateGrant/OK", testCreateGrant},
		{"CreateGrant/ErrAlreadyExists", testCreateGrantDuplicate},
		{"CreateGrant/WithEvent", testCreateGrantWithEvent},
		{"RedeemCode/OK", testRedeemCode},
		{"RedeemCode/ErrNotFound", testRedeemCodeUnknown},
		{"RedeemCode/GrantTaken", testRedeemCodeGrantTaken},
		{"RedeemCode/Concurrent", testRedeemCodeConcurrent},
		{"GetGrant/ErrNotFound", grants.testGetNotFound},
		{"UpdateGrant/OK", grants.testOK},
		{"UpdateGrant/ErrConflict/ID", grants.testKeyChanged},
		{"UpdateGrant/ErrConflict/AccountID", testUpdateGrantAccountChanged},
		{"UpdateGrant/ErrConflict/ClientID", testUpdateGrantClientChanged},
		{"UpdateGrant/ErrNotFound", grants.testNotFound},
		{"UpdateGrant/UpdaterError", grants.testUpdaterError},
		{"UpdateGrant/Concurrent", testUpdateGrantConcurrent},
		{"DeleteGrant/OK", testDeleteGrant},
		{"DeleteGrant/ErrNotFound", testDeleteGrantNotFound},
		{"ListGrants/OK", testListGrants},
		{"ListGrants/AfterUpdate", testListGrantsAfterUpdate},
		{"DeleteExpiredGrants/OK", testDeleteExpiredGrants},
		{"DeleteExpiredGrants/AfterUpdate", testDeleteExpiredGrantsAfterUpdate},

		{"UpdateSigningKeys/OK", testUpdateSigningKeys},
		{"UpdateSigningKeys/Rotate", testUpdateSigningKeysRotate},
		{"UpdateSigningKeys/ErrConflict/EmptyID", testUpdateSigningKeysEmptyID},
		{"UpdateSigningKeys/ErrConflict/DuplicateID", testUpdateSigningKeysDuplicateID},
		{"UpdateSigningKeys/UpdaterError", testUpdateSigningKeysUpdaterError},
		{"UpdateSigningKeys/Concurrent", testUpdateSigningKeysConcurrent},

		{"PutConsent/OK", consents.testPut},
		{"PutConsent/Replaces", consents.testPutReplaces},
		{"GetConsent/ErrNotFound", consents.testGetNotFound},
		{"DeleteConsent/OK", consents.testDelete},
		{"DeleteConsent/ErrNotFound", consents.testDeleteNotFound},
		{"ListConsents/OK", testListConsents},

		{"PutIdentityProvider/OK", testPutIdentityProvider},
		{"PutIdentityProvider/Replaces", testPutIdentityProviderReplaces},
		{"PutIdentityProvider/ErrConflict/Domain", testPutIdentityProviderDomainTaken},
		{"GetIdentityProvider/ErrNotFound", testGetIdentityProviderNotFound},
		{"DeleteIdentityProvider/OK", testDeleteIdentityProvider},
		{"DeleteIdentityProvider/ErrNotFound", testDeleteIdentityProviderNotFound},
		{"ListIdentityProviders/OK", testListIdentityProviders},

		{"PutExternalIdentity/OK", externalIdentities.testPut},
		{"PutExternalIdentity/Replaces", externalIdentities.testPutReplaces},
		{"GetExternalIdentity/ErrNotFound", externalIdentities.testGetNotFound},
		{"DeleteExternalIdentity/OK", externalIdentities.testDelete},
		{"DeleteExternalIdentity/ErrNotFound", externalIdentities.testDeleteNotFound},
		{"ListExternalIdentities/OK", testListExternalIdentities},

		{"UpdateProductUser/Fresh", testUpdateProductUserFresh},
		{"UpdateProductUser/ErrConflict/Account", testUpdateProductUserAccountTaken},
		{"UpdateProductUser/Errors", testUpdateProductUserErrors},
		{"UpdateProductUser/Concurrent", testUpdateProductUserConcurrent},
		{"GetProductUser/ErrNotFound", testGetProductUserNotFound},
		{"ListProductUsers/OK", testListProductUsers},
		{"ProgressSnapshots/OK", testProgressSnapshots},
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
