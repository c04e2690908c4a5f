package limit

import (
	"context"
	"time"
)

// Check returns *Refused when key may not be tried at now, reading the
// counter only. It is for checks that are cheap to repeat and should cost
// no write when they pass (a product's client secret on every token
// request): call Reserve only once such a check has failed.
func (l *Limiter) Check(ctx context.Context, key string, r Rule, now time.Time) error {
	f, err := l.store.GetFailures(ctx, key)
	if err != nil {
		return err
	}
	return r.refusal(f, now)
}
