package api

import (
	"strconv"
	"time"
)

// Lifetime says how long something lasts the way people say it: "1 hour",
// "10 minutes", "30 days". Screens and emails that show a policy value
// (a link's or a code's lifetime, how long a device is remembered) name it
// with this, from the value in force, never from a copy of the default.
// It uses the largest unit that divides d exactly (days from two days
// up, then hours, minutes, seconds), so 24h reads "24 hours" and 90m
// "90 minutes": never rounded into a promise it does not keep.
func Lifetime(d time.Duration) string {
	unit := func(n int64, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.FormatInt(n, 10) + " " + one + "s"
	}
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return unit(int64(d/(24*time.Hour)), "day")
	case d >= time.Hour && d%time.Hour == 0:
		return unit(int64(d/time.Hour), "hour")
	case d >= 2*time.Minute:
		return unit(int64(d/time.Minute), "minute")
	default:
		return unit(max(int64(d/time.Second), 1), "second")
	}
}
