package app

import "time"

// when formats a moment in the browser's time zone.
func when(t time.Time) string {
	if t.IsZero() {
		return tr(msgUnknownTime)
	}
	return t.Local().Format("2 Jan 2006, 15:04")
}
