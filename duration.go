package tillit

import (
	"fmt"
	"time"
	_ "time/tzdata" // Stockholm must not depend on the host's zone database
)

// Unit is the unit of a Duration.
type Unit string

// The units a register may count in.
const (
	Days   Unit = "day"
	Weeks  Unit = "week"
	Months Unit = "month"
	Years  Unit = "year"
)

// Duration is a period stated in a register: a count of calendar days,
// weeks, months or years. Months and years are calendar months and years,
// never blocks of 30 or 365 days.
type Duration struct {
	N    int
	Unit Unit
}

// IsZero reports whether d is the zero Duration (no period given).
func (d Duration) IsZero() bool { return d.N == 0 && d.Unit == "" }

// String returns d as the register writes it, e.g. "30 days" or "1 month".
func (d Duration) String() string {
	if d.IsZero() {
		return ""
	}
	if d.N == 1 {
		return fmt.Sprintf("1 %s", d.Unit)
	}
	return fmt.Sprintf("%d %ss", d.N, d.Unit)
}

// Stockholm is the time zone in which a register's calendar periods are
// counted. If the zone database is missing, a fixed CET offset is used.
var Stockholm = loadStockholm()

func loadStockholm() *time.Location {
	if loc, err := time.LoadLocation("Europe/Stockholm"); err == nil {
		return loc
	}
	return time.FixedZone("CET", 3600)
}

// After returns the instant d after t, counted on the Stockholm calendar.
//
// A period in months or years ends on the same day of the month as it began;
// when that day does not exist in the last month, it ends on that month's
// last day (EU Regulation 1182/71, art. 3(2)(c)), so 31 January plus one
// month is 28 or 29 February, never 2 or 3 March.
func (d Duration) After(t time.Time) time.Time {
	lt := t.In(Stockholm)
	switch d.Unit {
	case Days:
		return lt.AddDate(0, 0, d.N)
	case Weeks:
		return lt.AddDate(0, 0, 7*d.N)
	case Months:
		return addMonths(lt, d.N)
	case Years:
		return addMonths(lt, 12*d.N)
	}
	return lt
}

func addMonths(t time.Time, n int) time.Time {
	y, m, day := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	if day > last {
		day = last
	}
	return time.Date(first.Year(), first.Month(), day, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

// EndOfYear returns the first instant after the calendar year (Stockholm)
// in which t falls: the start of 1 January of the next year.
func EndOfYear(t time.Time) time.Time {
	lt := t.In(Stockholm)
	return time.Date(lt.Year()+1, time.January, 1, 0, 0, 0, 0, Stockholm)
}
