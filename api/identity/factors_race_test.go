package identity_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/porta-id/porta/api"
	"github.com/porta-id/porta/api/identity"
	"github.com/porta-id/porta/api/store"
)

// slowFactors widens the window between reading an account's factors and
// writing them, so that a rule checked outside the one store call that
// changes them shows under a race.
type slowFactors struct{ store.Store }

const factorPause = 5 * time.Millisecond

func (s slowFactors) ListFactors(ctx context.Context, accountID string) ([]store.Factor, error) {
	list, err := s.Store.ListFactors(ctx, accountID)
	time.Sleep(factorPause)
	return list, err
}

func (s slowFactors) GetFactor(ctx context.Context, accountID, id string) (store.Factor, error) {
	f, err := s.Store.GetFactor(ctx, accountID, id)
	time.Sleep(factorPause)
	return f, err
}

func (s slowFactors) UpdateFactors(ctx context.Context, accountID string, update func([]store.Factor) ([]store.Factor, error)) ([]store.Factor, error) {
	return s.Store.UpdateFactors(ctx, accountID, func(old []store.Factor) ([]store.Factor, error) {
		time.Sleep(factorPause)
		return update(old)
	})
}

// TestRemoveFactorRace has the two methods of an account whose
// organization enforces two-step verification removed at once: one
// removal wins, the other meets the last-method rule, one method is left.
func TestRemoveFactorRace(t *testing.T) {
	ctx := context.Background()
	for round := range 5 {
		e := MustEnv(t, func(c *identity.Config) { c.Store = slowFactors{c.Store} })
		auth, _ := e.MustAppAccount(t)
		e.MustSMS(t, auth, "+44 7700 900123", "+447700900123")
		if _, err := e.svc.CreateOrg(ctx, "acme", "Acme"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AddMember(ctx, "acme", "ann@example.com", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SetEnforce2FA(ctx, "acme", true, meta); err != nil {
			t.Fatal(err)
		}
		state, err := e.svc.TwoStepState(ctx, auth.Account.ID)
		if err != nil || len(state.Factors) != 2 || !state.Enforced {
			t.Fatalf("before the race: %+v, %v; want two methods, enforced", state, err)
		}
		errs := make([]error, len(state.Factors))
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, f := range state.Factors {
			wg.Go(func() {
				<-start
				errs[i] = e.svc.RemoveFactor(ctx, auth, f.ID, "", meta)
			})
		}
		close(start)
		wg.Wait()
		codes := map[string]int{}
		for _, err := range errs {
			codes[identity.ErrorCode(err)]++
		}
		if codes[""] != 1 || codes[api.CodeForbidden] != 1 {
			t.Fatalf("round %d: removals ended with %v; want one success and one %s", round, errs, api.CodeForbidden)
		}
		left, err := e.store.ListFactors(ctx, auth.Account.ID)
		if err != nil || len(left) != 1 {
			t.Fatalf("round %d: %d factors left (%v); want 1", round, len(left), err)
		}
		if after, _ := e.svc.TwoStepState(ctx, auth.Account.ID); !after.Enabled() {
			t.Fatalf("round %d: two-step verification is off for an account that must have it", round)
		}
	}
}
