package calendar_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/calendar"
)

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, calendar.Stockholm)
}

func endOf(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 23, 59, 59, 0, calendar.Stockholm)
}

// TestStockholm checks that the zone is the real Europe/Stockholm, with
// summer time, not a fixed offset.
func TestStockholm(t *testing.T) {
	if got := calendar.Stockholm.String(); got != "Europe/Stockholm" {
		t.Errorf("Stockholm = %q, want Europe/Stockholm", got)
	}
	for _, tc := range []struct {
		t    time.Time
		want int
	}{
		{date(2026, time.January, 15), 3600},
		{date(2026, time.July, 15), 7200},
	} {
		if _, off := tc.t.Zone(); off != tc.want {
			t.Errorf("offset on %s = %d, want %d", tc.t.Format(time.DateOnly), off, tc.want)
		}
	}
}

// TestEaster checks Easter Sunday, found as the holiday named Påskdagen,
// against known dates, including the earliest (22 March) and latest
// (25 April) possible.
func TestEaster(t *testing.T) {
	tests := []string{
		"1818-03-22", "1943-04-25", "1961-04-02", "2000-04-23", "2008-03-23",
		"2011-04-24", "2016-03-27", "2019-04-21", "2023-04-09", "2024-03-31",
		"2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16", "2029-04-01",
		"2030-04-21", "2038-04-25", "2049-04-18", "2100-03-28", "2285-03-22",
	}
	for _, want := range tests {
		t.Run(want, func(t *testing.T) {
			w, err := time.ParseInLocation(time.DateOnly, want, calendar.Stockholm)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range calendar.Holidays(w.Year()) {
				if h.Name.SV == "Påskdagen" {
					got = append(got, h.Date.Format(time.DateOnly))
				}
			}
			if diff := cmp.Diff([]string{want}, got); diff != "" {
				t.Errorf("Easter Sunday %d (-want +got):\n%s", w.Year(), diff)
			}
		})
	}
}

func TestHolidays2026(t *testing.T) {
	want := []calendar.Holiday{
		{date(2026, time.January, 1), tillit.Text{SV: "Nyårsdagen", EN: "New Year's Day"}},
		{date(2026, time.January, 6), tillit.Text{SV: "Trettondedag jul", EN: "Epiphany"}},
		{date(2026, time.April, 3), tillit.Text{SV: "Långfredagen", EN: "Good Friday"}},
		{date(2026, time.April, 5), tillit.Text{SV: "Påskdagen", EN: "Easter Sunday"}},
		{date(2026, time.April, 6), tillit.Text{SV: "Annandag påsk", EN: "Easter Monday"}},
		{date(2026, time.May, 1), tillit.Text{SV: "Första maj", EN: "May Day"}},
		{date(2026, time.May, 14), tillit.Text{SV: "Kristi himmelsfärdsdag", EN: "Ascension Day"}},
		{date(2026, time.May, 24), tillit.Text{SV: "Pingstdagen", EN: "Whit Sunday"}},
		{date(2026, time.June, 6), tillit.Text{SV: "Sveriges nationaldag", EN: "National Day of Sweden"}},
		{date(2026, time.June, 19), tillit.Text{SV: "Midsommarafton", EN: "Midsummer Eve"}},
		{date(2026, time.June, 20), tillit.Text{SV: "Midsommardagen", EN: "Midsummer Day"}},
		{date(2026, time.October, 31), tillit.Text{SV: "Alla helgons dag", EN: "All Saints' Day"}},
		{date(2026, time.December, 24), tillit.Text{SV: "Julafton", EN: "Christmas Eve"}},
		{date(2026, time.December, 25), tillit.Text{SV: "Juldagen", EN: "Christmas Day"}},
		{date(2026, time.December, 26), tillit.Text{SV: "Annandag jul", EN: "Boxing Day"}},
		{date(2026, time.December, 31), tillit.Text{SV: "Nyårsafton", EN: "New Year's Eve"}},
	}
	if diff := cmp.Diff(want, calendar.Holidays(2026)); diff != "" {
		t.Errorf("Holidays(2026) (-want +got):\n%s", diff)
	}
}

// TestHolidaysMovable checks the holidays fixed to a weekday and the
// movable feasts in years where they meet their bounds or another holiday.
func TestHolidaysMovable(t *testing.T) {
	tests := []struct {
		name string
		sv   string
		want []time.Time
	}{
		{"midsommarafton 2026", "Midsommarafton", []time.Time{date(2026, time.June, 19)}},
		{"midsommardagen 2026", "Midsommardagen", []time.Time{date(2026, time.June, 20)}},
		{"midsommarafton 2025", "Midsommarafton", []time.Time{date(2025, time.June, 20)}},
		{"midsommardagen, latest", "Midsommardagen", []time.Time{date(2027, time.June, 26)}},
		{"midsommarafton, earliest", "Midsommarafton", []time.Time{date(2020, time.June, 19)}},
		{"alla helgons dag 2025", "Alla helgons dag", []time.Time{date(2025, time.November, 1)}},
		{"alla helgons dag, latest", "Alla helgons dag", []time.Time{date(2027, time.November, 6)}},
		{"Kristi himmelsfärdsdag on första maj", "Kristi himmelsfärdsdag", []time.Time{date(2008, time.May, 1)}},
		{"pingstdagen on nationaldagen", "Pingstdagen", []time.Time{date(2049, time.June, 6)}},
		{"långfredagen 2027", "Långfredagen", []time.Time{date(2027, time.March, 26)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []time.Time
			for _, h := range calendar.Holidays(tc.want[0].Year()) {
				if h.Name.SV == tc.sv {
					got = append(got, h.Date)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.sv, diff)
			}
		})
	}
}

// TestHolidaysShape checks every year from 1990 to 2100: sixteen days in
// date order, at midnight Stockholm, named in both languages, and the
// weekday-bound ones on their weekday.
func TestHolidaysShape(t *testing.T) {
	weekday := map[string]time.Weekday{
		"Långfredagen":           time.Friday,
		"Påskdagen":              time.Sunday,
		"Annandag påsk":          time.Monday,
		"Kristi himmelsfärdsdag": time.Thursday,
		"Pingstdagen":            time.Sunday,
		"Midsommarafton":         time.Friday,
		"Midsommardagen":         time.Saturday,
		"Alla helgons dag":       time.Saturday,
	}
	for y := 1990; y <= 2100; y++ {
		hs := calendar.Holidays(y)
		if len(hs) != 16 {
			t.Errorf("Holidays(%d) has %d days, want 16", y, len(hs))
		}
		for i, h := range hs {
			if h.Date.Year() != y || h.Date.Location() != calendar.Stockholm ||
				h.Date.Hour() != 0 || h.Date.Minute() != 0 || h.Date.Second() != 0 {
				t.Errorf("%d: %s at %v, want midnight Stockholm in %d", y, h.Name.SV, h.Date, y)
			}
			if h.Name.SV == "" || h.Name.EN == "" {
				t.Errorf("%d: holiday on %s lacks a name: %+v", y, h.Date.Format(time.DateOnly), h.Name)
			}
			if i > 0 && h.Date.Before(hs[i-1].Date) {
				t.Errorf("%d: %s before %s, not in date order", y, h.Name.SV, hs[i-1].Name.SV)
			}
			if wd, ok := weekday[h.Name.SV]; ok && h.Date.Weekday() != wd {
				t.Errorf("%d: %s on %s, want %s", y, h.Name.SV, h.Date.Weekday(), wd)
			}
			if calendar.IsWorkingDay(h.Date) {
				t.Errorf("%d: IsWorkingDay(%s, %s) = true", y, h.Name.SV, h.Date.Format(time.DateOnly))
			}
		}
	}
}

func TestIsWorkingDay(t *testing.T) {
	tests := []struct {
		name string
		day  time.Time
		want bool
	}{
		{"Monday", date(2026, time.December, 21), true},
		{"Saturday", date(2026, time.November, 21), false},
		{"Sunday", date(2027, time.February, 28), false},
		{"julafton, Thursday", date(2026, time.December, 24), false},
		{"nyårsafton, Thursday", date(2026, time.December, 31), false},
		{"midsommarafton", date(2026, time.June, 19), false},
		{"annandag påsk", date(2026, time.April, 6), false},
		{"Kristi himmelsfärdsdag", date(2026, time.May, 14), false},
		{"Friday after Kristi himmelsfärdsdag", date(2026, time.May, 15), true},
		{"Saturday before Easter", date(2026, time.April, 4), false},
		{"Thursday before Easter", date(2026, time.April, 2), true},
		{"late on a Monday", time.Date(2026, time.December, 21, 23, 59, 59, 0, calendar.Stockholm), true},
		// 23:30 UTC on Friday 18 June 2026 is already midsommarafton in Stockholm.
		{"Stockholm date, not UTC", time.Date(2026, time.June, 18, 22, 30, 0, 0, time.UTC), false},
		// 22:30 UTC on Sunday 21 June 2026 is Monday in Stockholm.
		{"Stockholm Monday, UTC Sunday", time.Date(2026, time.June, 21, 22, 30, 0, 0, time.UTC), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := calendar.IsWorkingDay(tc.day); got != tc.want {
				t.Errorf("IsWorkingDay(%v) = %v, want %v", tc.day, got, tc.want)
			}
		})
	}
}

func TestDue(t *testing.T) {
	tests := []struct {
		name     string
		received time.Time
		months   int
		want     time.Time
	}{
		{
			"one month, working day",
			time.Date(2026, time.November, 21, 10, 0, 0, 0, calendar.Stockholm), 1,
			endOf(2026, time.December, 21),
		},
		{
			// Thu 24 julafton, Fri 25 juldagen, Sat 26 annandag jul, Sun 27.
			"julafton to Sunday",
			time.Date(2026, time.November, 24, 10, 0, 0, 0, calendar.Stockholm), 1,
			endOf(2026, time.December, 28),
		},
		{
			// Art. 3(2)(c): February 2027 has no 31st; its last day,
			// the 28th, is a Sunday, so art. 3(4) moves the end to Monday.
			"31 January to Sunday 28 February",
			time.Date(2027, time.January, 31, 10, 0, 0, 0, calendar.Stockholm), 1,
			endOf(2027, time.March, 1),
		},
		{
			"31 January, leap year",
			time.Date(2028, time.January, 31, 10, 0, 0, 0, calendar.Stockholm), 1,
			endOf(2028, time.February, 29),
		},
		{
			// Sun 5 April påskdagen, Mon 6 April annandag påsk.
			"påskdagen and annandag påsk",
			time.Date(2026, time.March, 5, 10, 0, 0, 0, calendar.Stockholm), 1,
			endOf(2026, time.April, 7),
		},
		{
			// Wed 24 julafton, Thu 25 juldagen, Fri 26 annandag jul, Sat,
			// Sun: the longest run of non-working days there is.
			"julafton on a Wednesday",
			time.Date(2025, time.November, 24, 10, 0, 0, 0, calendar.Stockholm), 1,
			endOf(2025, time.December, 29),
		},
		{
			// Fri 1 January nyårsdagen, Sat, Sun.
			"nyårsdagen",
			time.Date(2026, time.December, 1, 10, 0, 0, 0, calendar.Stockholm), 1,
			endOf(2027, time.January, 4),
		},
		{
			// Thu 31 December nyårsafton, Fri 1 January nyårsdagen, Sat, Sun.
			"nyårsafton into the next year",
			time.Date(2025, time.December, 31, 10, 0, 0, 0, calendar.Stockholm), 12,
			endOf(2027, time.January, 4),
		},
		{
			"received at the first instant of the day",
			time.Date(2026, time.June, 1, 0, 0, 0, 0, calendar.Stockholm), 1,
			endOf(2026, time.July, 1),
		},
		{
			"received at the last instant of the day",
			time.Date(2026, time.May, 31, 23, 59, 59, 999999999, calendar.Stockholm), 1,
			endOf(2026, time.June, 30),
		},
		{
			// 22:30 UTC on 31 May is 00:30 on 1 June in Stockholm (CEST);
			// counted from 31 May it would be Tuesday 30 June.
			"late evening UTC is the next day in Stockholm",
			time.Date(2026, time.May, 31, 22, 30, 0, 0, time.UTC), 1,
			endOf(2026, time.July, 1),
		},
		{
			// 23:30 UTC on 20 January is 00:30 on 21 January (CET).
			"late evening UTC in winter",
			time.Date(2027, time.January, 20, 23, 30, 0, 0, time.UTC), 1,
			endOf(2027, time.February, 22), // Sunday 21 February
		},
		{
			// Counted from receipt: 24 February. Rolling the first deadline
			// (28 December) on by two months would give 1 March instead.
			"extended, counted from receipt",
			time.Date(2026, time.November, 24, 10, 0, 0, 0, calendar.Stockholm), 3,
			endOf(2027, time.February, 24),
		},
		{
			// Counted from receipt: Friday 30 April. From the rolled first
			// deadline (1 March) it would be 1 May, a Saturday and första
			// maj, and so 3 May.
			"extended from 31 January",
			time.Date(2027, time.January, 31, 10, 0, 0, 0, calendar.Stockholm), 3,
			endOf(2027, time.April, 30),
		},
		{
			// 30 February does not exist; Sunday 28 February moves on.
			"extended to a missing date",
			time.Date(2026, time.November, 30, 10, 0, 0, 0, calendar.Stockholm), 3,
			endOf(2027, time.March, 1),
		},
		{
			"extended over midsommar",
			time.Date(2026, time.March, 19, 10, 0, 0, 0, calendar.Stockholm), 3,
			endOf(2026, time.June, 22),
		},
		{
			// Summer time begins on 29 March 2026; the period ends at
			// 23:59:59 CEST, 21:59:59 UTC.
			"across the start of summer time",
			time.Date(2026, time.March, 28, 10, 0, 0, 0, calendar.Stockholm), 1,
			time.Date(2026, time.April, 28, 21, 59, 59, 0, time.UTC),
		},
		{
			// Summer time ends on Sunday 25 October 2026; the period ends
			// on Monday 26 October at 23:59:59 CET, 22:59:59 UTC.
			"across the end of summer time",
			time.Date(2026, time.September, 25, 10, 0, 0, 0, calendar.Stockholm), 1,
			time.Date(2026, time.October, 26, 22, 59, 59, 0, time.UTC),
		},
		{
			"twelve months",
			time.Date(2027, time.February, 28, 10, 0, 0, 0, calendar.Stockholm), 12,
			endOf(2028, time.February, 28),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := calendar.Due(tc.received, tc.months)
			if !got.Equal(tc.want) {
				t.Errorf("Due(%v, %d) = %v, want %v", tc.received, tc.months, got, tc.want)
			}
			if got.Location() != calendar.Stockholm {
				t.Errorf("Due(%v, %d) in %v, want Stockholm", tc.received, tc.months, got.Location())
			}
			if h, m, s := got.Clock(); h != 23 || m != 59 || s != 59 || got.Nanosecond() != 0 {
				t.Errorf("Due(%v, %d) = %v, want 23:59:59 local", tc.received, tc.months, got)
			}
		})
	}
}

func TestDuePanicsOnNoMonths(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Due(t, 0) did not panic")
		}
	}()
	calendar.Due(date(2026, time.January, 1), 0)
}

// TestDueEveryDay checks Due for every day received from 2020 to 2030, early
// and late in the day, for the one-month and the extended deadline: the
// result is the end (23:59:59 Stockholm) of a working day, on or after the
// unrolled end of the period, with no working day in between.
func TestDueEveryDay(t *testing.T) {
	for day := date(2020, time.January, 1); day.Year() <= 2030; day = day.AddDate(0, 0, 1) {
		for _, received := range []time.Time{
			day,
			time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, calendar.Stockholm),
		} {
			for _, months := range []int{1, 3} {
				got := calendar.Due(received, months)
				where := fmt.Sprintf("received %s, %d months", received.Format(time.DateTime), months)

				if got.Location() != calendar.Stockholm {
					t.Fatalf("%s: result in %v, want Stockholm", where, got.Location())
				}
				if h, m, s := got.Clock(); h != 23 || m != 59 || s != 59 || got.Nanosecond() != 0 {
					t.Fatalf("%s: result %v, want 23:59:59", where, got)
				}
				if wd := got.Weekday(); wd == time.Saturday || wd == time.Sunday || !calendar.IsWorkingDay(got) {
					t.Fatalf("%s: result %v is not a working day", where, got)
				}

				// The unrolled end, by art. 3(2)(c): the same date, or the
				// last day of a month that lacks it.
				y, m, d := received.Date()
				target := m + time.Month(months)
				daysIn := time.Date(y, target+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1).Day()
				unrolled := time.Date(y, target, min(d, daysIn), 0, 0, 0, 0, calendar.Stockholm)
				if got.Before(unrolled) {
					t.Fatalf("%s: result %v before the end of the period %v", where, got, unrolled)
				}
				if gm := got.Year()*12 + int(got.Month()) - (y*12 + int(m)); gm < months {
					t.Fatalf("%s: result %v only %d months later", where, got, gm)
				}
				// No run of non-working days in Sweden is longer than
				// five (julafton on a Wednesday to Sunday).
				if limit := unrolled.AddDate(0, 0, 6); !got.Before(limit) {
					t.Fatalf("%s: result %v rolled too far from %v", where, got, unrolled)
				}
				for between := unrolled; between.Before(date(got.Year(), got.Month(), got.Day())); between = between.AddDate(0, 0, 1) {
					if calendar.IsWorkingDay(between) {
						t.Fatalf("%s: result %v, but %v is an earlier working day", where, got, between)
					}
				}
			}
		}
	}
}

func TestDueDays(t *testing.T) {
	tests := []struct {
		received time.Time
		days     int
		want     time.Time
	}{
		// 20 December + 4 days is julafton, then juldagen, annandag jul
		// and a weekend: Monday 28 December.
		{time.Date(2026, 12, 20, 15, 0, 0, 0, calendar.Stockholm), 4, time.Date(2026, 12, 28, 23, 59, 59, 0, calendar.Stockholm)},
		{time.Date(2026, 11, 2, 8, 0, 0, 0, calendar.Stockholm), 30, time.Date(2026, 12, 2, 23, 59, 59, 0, calendar.Stockholm)},
		// Late on Sunday in UTC is already Monday in Stockholm.
		{time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC), 1, time.Date(2026, 11, 24, 23, 59, 59, 0, calendar.Stockholm)},
	}
	for _, tt := range tests {
		if got := calendar.DueDays(tt.received, tt.days); !got.Equal(tt.want) {
			t.Errorf("calendar.DueDays(%s, %d) = %s, want %s", tt.received, tt.days, got, tt.want)
		}
	}
}
