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
		// Rounded down: the thing lasts at least what is shown.
		1500 * time.Millisecond: "1 second", 119*time.Second + 900*time.Millisecond: "119 seconds",
		150 * time.Second: "2 minutes", time.Hour + 30*time.Second: "1 hour", 47*time.Hour + 59*time.Minute: "2879 minutes",
	} {
		if got := api.Lifetime(d); got != want {
			t.Errorf("Lifetime(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestWait(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Hour: "1 hour", 2 * time.Hour: "2 hours", 15 * time.Minute: "15 minutes", 48 * time.Hour: "2 days",
		time.Second: "1 second", 30 * time.Second: "30 seconds", time.Minute: "60 seconds", 119 * time.Second: "119 seconds",
		2 * time.Minute: "2 minutes", 0: "1 second", -time.Second: "1 second",
		// Rounded up: trying again after what is shown always works.
		time.Millisecond: "1 second", 1500 * time.Millisecond: "2 seconds", 119*time.Second + time.Millisecond: "2 minutes",
		121 * time.Second: "3 minutes", 150 * time.Second: "3 minutes", 59*time.Minute + time.Second: "1 hour",
		time.Hour + time.Second: "61 minutes",
	} {
		if got := api.Wait(d); got != want {
			t.Errorf("Wait(%v) = %q, want %q", d, got, want)
		}
	}
}
