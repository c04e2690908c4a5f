package api_test

import (
	"testing"
	"time"

	"github.com/porta-id/porta/api"
)

func TestLifetime(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Hour: "1 hour", 2 * time.Hour: "2 hours", 24 * time.Hour: "24 hours", 30 * 24 * time.Hour: "30 days",
		7 * 24 * time.Hour: "7 days", 10 * time.Minute: "10 minutes", 90 * time.Minute: "90 minutes",
		time.Minute: "60 seconds", 30 * time.Second: "30 seconds", 0: "1 second",
	} {
		if got := api.Lifetime(d); got != want {
			t.Errorf("Lifetime(%v) = %q, want %q", d, got, want)
		}
	}
}
