package identity

import (
	"context"
	"errors"
	"fmt"
)

// Sweep forgets what has expired, so nothing grows without bound from
// anonymous traffic: sessions and half-finished sign-ins past their end,
// links and codes, delivered messages, failure counters (unknown emails'
// included) and audit events older than the retention. The server runs it
// on a schedule; with several replicas any may run it. It returns how many
// records of each kind went.
func (s *Service) Sweep(ctx context.Context) (map[string]int, error) {
	now := s.now()
	steps := []struct {
		what string
		run  func() (int, error)
	}{
		{"sessions", func() (int, error) { return s.store.DeleteExpiredSessions(ctx, now) }},
		{"tokens", func() (int, error) { return s.store.DeleteExpiredTokens(ctx, now) }},
		{"messages", func() (int, error) { return s.queue.Forget(ctx, now) }},
		{"limits", func() (int, error) { return s.store.DeleteExpiredFailures(ctx, now) }},
		{"audit", func() (int, error) { return s.store.DeleteAuditBefore(ctx, now.Add(-s.auditRetention)) }},
	}
	swept := map[string]int{}
	var errs []error
	for _, st := range steps {
		n, err := st.run()
		swept[st.what] = n
		if err != nil {
			errs = append(errs, fmt.Errorf("sweep %s: %w", st.what, err))
		}
	}
	return swept, errors.Join(errs...)
}
