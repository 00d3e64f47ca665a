package core

import (
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/calendar"
)

// RequestTTL is how long a request waits for the person to confirm it
// when Config.RequestTTL is zero.
const RequestTTL = 24 * time.Hour

// Deadline is the answer's deadline for a request received at received
// (GDPR art. 12(3)), counted as EU Regulation 1182/71 counts periods.
func Deadline(received time.Time, d tillit.Duration) time.Time {
	switch d.Unit {
	case tillit.Months:
		return calendar.Due(received, d.N)
	case tillit.Years:
		return calendar.Due(received, 12*d.N)
	}
	if d.Unit == tillit.Weeks {
		return calendar.DueDays(received, 7*d.N)
	}
	return calendar.DueDays(received, d.N)
}

// Plus adds two durations of the same unit, or of months and years.
func Plus(a, b tillit.Duration) tillit.Duration {
	months := func(d tillit.Duration) (int, bool) {
		switch d.Unit {
		case tillit.Months:
			return d.N, true
		case tillit.Years:
			return 12 * d.N, true
		}
		return 0, false
	}
	ma, oka := months(a)
	mb, okb := months(b)
	switch {
	case oka && okb:
		return tillit.Duration{N: ma + mb, Unit: tillit.Months}
	case a.Unit == b.Unit:
		return tillit.Duration{N: a.N + b.N, Unit: a.Unit}
	}
	days := func(d tillit.Duration) int {
		if m, ok := months(d); ok {
			return 31 * m // an upper bound only reached by an odd register
		}
		if d.Unit == tillit.Weeks {
			return 7 * d.N
		}
		return d.N
	}
	return tillit.Duration{N: days(a) + days(b), Unit: tillit.Days}
}
