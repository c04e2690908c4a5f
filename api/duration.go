package api

import (
	"strconv"
	"time"
)

// Lifetime says how long something lasts the way people say it: "1 hour",
// "10 minutes", "30 days". Screens and emails that show a policy value
// (a link's or a code's lifetime, how long a device is remembered) name it
// with this, from the value in force, never from a copy of the default.
// It rounds down, so a lifetime is never shown longer than it lasts: the
// link or code works for at least what the person reads.
func Lifetime(d time.Duration) string { return spoken(d, false) }

// Wait says how long someone must wait before trying again, in the same
// words as Lifetime ("45 seconds", "15 minutes", "1 hour"). It rounds up,
// so a wait is never shown shorter than it is: trying again after what the
// person reads always works.
func Wait(d time.Duration) string { return spoken(d, true) }

// spoken is the one rule for every duration people see. d is rounded to
// whole seconds (at least one), and from two minutes up to whole minutes,
// upwards when up is set and downwards otherwise. The result is named in
// the largest unit that divides it exactly (days from two days up, then
// hours, minutes, seconds), so 24h reads "24 hours" and 90m "90 minutes":
// never rounded into a promise it does not keep.
func spoken(d time.Duration, up bool) string {
	round := func(d, unit time.Duration) time.Duration {
		if up && d%unit != 0 {
			return d - d%unit + unit
		}
		return d - d%unit
	}
	d = max(round(d, time.Second), time.Second)
	if d >= 2*time.Minute {
		d = round(d, time.Minute)
	}
	unit := func(n time.Duration, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.FormatInt(int64(n), 10) + " " + one + "s"
	}
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return unit(d/(24*time.Hour), "day")
	case d >= time.Hour && d%time.Hour == 0:
		return unit(d/time.Hour, "hour")
	case d >= 2*time.Minute:
		return unit(d/time.Minute, "minute")
	default:
		return unit(d/time.Second, "second")
	}
}
