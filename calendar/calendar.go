// Package calendar computes the deadline for answering a data subject's
// request: one month from receipt, extendable by two further months
// (GDPR art. 12(3)).
//
// Periods are counted as Regulation (EEC, Euratom) No 1182/71 counts them,
// on the Stockholm calendar, with Swedish non-working days:
//
//   - The day of receipt is not counted (art. 3(1), second subparagraph).
//   - A period of months ends with the expiry of the last hour of the day in
//     the last month that has the same date as the day of receipt; if that
//     month has no such date, with the expiry of the last hour of its last
//     day (art. 3(2)(c)).
//   - If the last day is a Saturday, Sunday or public holiday, the period
//     ends with the expiry of the last hour of the following working day
//     (art. 3(4)).
//
// The holidays are those of lag (1989:253) om allmänna helgdagar, plus
// midsommarafton, julafton and nyårsafton, which lag (1930:173) om
// beräkning av lagstadgad tid treats like holidays when a period ends.
package calendar

import (
	"time"
	_ "time/tzdata" // Stockholm must not depend on the host's zone database.
)

// Stockholm is the Europe/Stockholm time zone, in which days are counted.
// It is loaded from the zone database embedded in the binary, so it does
// not depend on the host's tzdata.
var Stockholm = mustLoad("Europe/Stockholm")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// Unreachable: time/tzdata embeds every zone.
		panic("calendar: load " + name + ": " + err.Error())
	}
	return loc
}

// Due returns the last instant (23:59:59, Stockholm) of the period of
// months calendar months that starts when a request is received.
//
// The period is counted from the Stockholm date of received, which itself
// is not counted (Regulation 1182/71, art. 3(1), second subparagraph). It
// ends on the same date months later, or on the last day of that month if
// the month has no such date (art. 3(2)(c)): one month from 31 January is
// 28 or 29 February. If that day is not a working day (see IsWorkingDay),
// the period ends on the next working day instead (art. 3(4)).
//
// Use months = 1 for the deadline of GDPR art. 12(3) and months = 3 for the
// deadline extended by two further months. The extended deadline is
// counted from the day of receipt, not from the first deadline after it was
// moved past a non-working day: the extension adds two months to the one
// month, not to the day the first period happened to end on. So a request
// received on 24 November 2026 is due on Monday 28 December 2026 (24
// December to 27 December are not working days) and, extended, on
// Wednesday 24 February 2027, not on 1 March 2027.
//
// Due panics if months is less than 1.
func Due(received time.Time, months int) time.Time {
	if months < 1 {
		panic("calendar: Due: months must be at least 1")
	}
	y, m, d := received.In(Stockholm).Date()
	// Regulation 1182/71, art. 3(2)(c): same date in the last month, or
	// that month's last day. Day 0 of the month after is the last day of
	// the target month; clamping keeps time.Date from spilling into the
	// next month.
	last := time.Date(y, m+time.Month(months)+1, 0, 0, 0, 0, 0, Stockholm)
	end := last
	if d < last.Day() {
		end = time.Date(last.Year(), last.Month(), d, 0, 0, 0, 0, Stockholm)
	}
	return endOf(end)
}

// DueDays is Due for a period of days: it ends with the last hour of the
// days-th day after the day of receipt (art. 3(1), 3(2)(b)), moved to the
// following working day like Due. It panics if days is less than 1.
func DueDays(received time.Time, days int) time.Time {
	if days < 1 {
		panic("calendar: DueDays: days must be at least 1")
	}
	y, m, d := received.In(Stockholm).Date()
	return endOf(time.Date(y, m, d+days, 0, 0, 0, 0, Stockholm))
}

// endOf returns the last second of the period ending on day: that day's,
// or by Regulation 1182/71, art. 3(4), the following working day's when
// day is a Saturday, Sunday or holiday.
func endOf(day time.Time) time.Time {
	for !IsWorkingDay(day) {
		day = day.AddDate(0, 0, 1)
	}
	return time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, Stockholm)
}
