package calendar

import (
	"slices"
	"time"

	"github.com/tillit-privacy/tillit"
)

// Holiday is a Swedish day on which a period may not end: a public holiday
// or one of the eves that are treated like one.
type Holiday struct {
	Date time.Time   // midnight, Stockholm
	Name tillit.Text // in Swedish and English
}

// Holidays returns the Swedish non-working days of year other than
// Saturdays and Sundays, in date order.
//
// They are the public holidays of lag (1989:253) om allmänna helgdagar
// (nyårsdagen, trettondedag jul, långfredagen, påskdagen, annandag påsk,
// första maj, Kristi himmelsfärdsdag, nationaldagen, pingstdagen,
// midsommardagen, alla helgons dag, juldagen and annandag jul), and
// midsommarafton, julafton and nyårsafton, on which under lag (1930:173) om
// beräkning av lagstadgad tid a period does not end either (2 §). The list
// includes the holidays that fall on a Saturday or Sunday. When two
// holidays fall on the same date (1 May 2008 was also Ascension Day), both
// are listed.
//
// Easter Sunday is computed with the Gregorian computus; the other movable
// feasts follow from it.
func Holidays(year int) []Holiday {
	date := func(m time.Month, d int) time.Time {
		return time.Date(year, m, d, 0, 0, 0, 0, Stockholm)
	}
	easter := easterSunday(year)
	days := []Holiday{
		{date(time.January, 1), tillit.Text{SV: "Nyårsdagen", EN: "New Year's Day"}},
		{date(time.January, 6), tillit.Text{SV: "Trettondedag jul", EN: "Epiphany"}},
		{easter.AddDate(0, 0, -2), tillit.Text{SV: "Långfredagen", EN: "Good Friday"}},
		{easter, tillit.Text{SV: "Påskdagen", EN: "Easter Sunday"}},
		{easter.AddDate(0, 0, 1), tillit.Text{SV: "Annandag påsk", EN: "Easter Monday"}},
		{date(time.May, 1), tillit.Text{SV: "Första maj", EN: "May Day"}},
		{easter.AddDate(0, 0, 39), tillit.Text{SV: "Kristi himmelsfärdsdag", EN: "Ascension Day"}},
		{easter.AddDate(0, 0, 49), tillit.Text{SV: "Pingstdagen", EN: "Whit Sunday"}},
		{date(time.June, 6), tillit.Text{SV: "Sveriges nationaldag", EN: "National Day of Sweden"}},
		// Midsommardagen is the Saturday from 20 to 26 June; the eve
		// before it is a Friday from 19 to 25 June.
		{weekdayFrom(date(time.June, 19), time.Friday), tillit.Text{SV: "Midsommarafton", EN: "Midsummer Eve"}},
		{weekdayFrom(date(time.June, 20), time.Saturday), tillit.Text{SV: "Midsommardagen", EN: "Midsummer Day"}},
		// Alla helgons dag is the Saturday from 31 October to 6 November.
		{weekdayFrom(date(time.October, 31), time.Saturday), tillit.Text{SV: "Alla helgons dag", EN: "All Saints' Day"}},
		{date(time.December, 24), tillit.Text{SV: "Julafton", EN: "Christmas Eve"}},
		{date(time.December, 25), tillit.Text{SV: "Juldagen", EN: "Christmas Day"}},
		{date(time.December, 26), tillit.Text{SV: "Annandag jul", EN: "Boxing Day"}},
		{date(time.December, 31), tillit.Text{SV: "Nyårsafton", EN: "New Year's Eve"}},
	}
	slices.SortStableFunc(days, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return days
}

// IsWorkingDay reports whether the Stockholm date of day is a working day:
// not a Saturday, Sunday or one of the Holidays of its year (Regulation
// 1182/71, art. 2(2); lag (1930:173) 2 §).
func IsWorkingDay(day time.Time) bool {
	lt := day.In(Stockholm)
	if wd := lt.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	y, m, d := lt.Date()
	for _, h := range Holidays(y) {
		if hm, hd := h.Date.Month(), h.Date.Day(); hm == m && hd == d {
			return false
		}
	}
	return true
}

// weekdayFrom returns the first day on or after t that is a wd.
func weekdayFrom(t time.Time, wd time.Weekday) time.Time {
	return t.AddDate(0, 0, (int(wd)-int(t.Weekday())+7)%7)
}

// easterSunday returns midnight (Stockholm) of Easter Sunday in year by the
// anonymous Gregorian computus (Meeus–Jones–Butcher).
func easterSunday(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, Stockholm)
}
