package tillit_test

import (
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
)

func stockholm(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, tillit.Stockholm)
}

// TestDurationAfter checks calendar arithmetic: months are calendar months,
// and a period ending on a day the month lacks ends on its last day
// (EU Regulation 1182/71, art. 3(2)(c)).
func TestDurationAfter(t *testing.T) {
	tests := []struct {
		name string
		from time.Time
		d    tillit.Duration
		want time.Time
	}{
		{"30 days", stockholm(2026, 1, 10, 12), tillit.Duration{N: 30, Unit: tillit.Days}, stockholm(2026, 2, 9, 12)},
		{"one month from 31 January", stockholm(2026, 1, 31, 9), tillit.Duration{N: 1, Unit: tillit.Months}, stockholm(2026, 2, 28, 9)},
		{"one month from 31 January, leap year", stockholm(2028, 1, 31, 9), tillit.Duration{N: 1, Unit: tillit.Months}, stockholm(2028, 2, 29, 9)},
		{"12 months", stockholm(2026, 3, 15, 0), tillit.Duration{N: 12, Unit: tillit.Months}, stockholm(2027, 3, 15, 0)},
		{"36 months from 29 February", stockholm(2028, 2, 29, 0), tillit.Duration{N: 3, Unit: tillit.Years}, stockholm(2031, 2, 28, 0)},
		{"2 weeks", stockholm(2026, 12, 28, 8), tillit.Duration{N: 2, Unit: tillit.Weeks}, stockholm(2027, 1, 11, 8)},
		// Across the switch to summer time the wall-clock hour is kept.
		{"across DST", stockholm(2026, 3, 1, 10), tillit.Duration{N: 1, Unit: tillit.Months}, stockholm(2026, 4, 1, 10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.After(tt.from); !got.Equal(tt.want) {
				t.Errorf("%s after %s = %s, want %s", tt.d, tt.from, got, tt.want)
			}
		})
	}
}

// TestEndOfYear checks the start of a legal hold counted from the end of a
// calendar year (Bokföringslagen 7 kap. 2 §).
func TestEndOfYear(t *testing.T) {
	paid := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC) // already 2027 in Stockholm
	if got, want := tillit.EndOfYear(paid), stockholm(2028, 1, 1, 0); !got.Equal(want) {
		t.Errorf("EndOfYear = %s, want %s", got, want)
	}
	keep := tillit.Duration{N: 7, Unit: tillit.Years}
	if got, want := keep.After(tillit.EndOfYear(stockholm(2026, 6, 1, 0))), stockholm(2034, 1, 1, 0); !got.Equal(want) {
		t.Errorf("7 years after end of 2026 = %s, want %s", got, want)
	}
}

func TestDurationString(t *testing.T) {
	for d, want := range map[tillit.Duration]string{
		{N: 1, Unit: tillit.Months}: "1 month",
		{N: 30, Unit: tillit.Days}:  "30 days",
		{}:                          "",
	} {
		if got := d.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", d, got, want)
		}
	}
}
