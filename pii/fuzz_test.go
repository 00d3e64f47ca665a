package pii_test

import (
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit/pii"
)

// FuzzScan checks that Scan never panics, returns findings inside the text,
// sorted, apart from each other and from other digits, each of them valid,
// and that Redact keeps the length and leaves nothing for Scan to find.
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"", "pnr:811218-9876.", "Kort 4111 1111 1111 1111 och 19811218-9876",
		"3782 822463 10005", "6011-0000-0000-0000-001", "811218+9876 850472-1237",
		"41111111111111110000", "4111 1111 1111 1111 1234", "4111-850472-1237",
		"000229-1235 20000229-1235", "1 2 3 4 5 6 7 8 9 0 1 2 3 4",
		"4111.1111\r\n1111 -1111", "850412 1230 19850412 1230", "750412 5555 5555 5555 4444",
		"2026-03-01 2026-03-05", "1.3.2026 5.3.2026", "070-123 45 67\n08-765 15 21",
		"Ring 070-123 45 67 4111 1111 1111 1111", "41 11 11 11 11 11 11 11 11 11",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fs := pii.Scan(text, today)
		end := 0
		for _, fd := range fs {
			if fd.Start < end || fd.End <= fd.Start || fd.End > len(text) {
				t.Fatalf("finding %+v out of order or range (previous end %d, length %d)", fd, end, len(text))
			}
			end = fd.End
			if fd.Start > 0 && isDigit(text[fd.Start-1]) || fd.End < len(text) && isDigit(text[fd.End]) {
				t.Errorf("finding %+v touches other digits", fd)
			}
			s := text[fd.Start:fd.End]
			switch fd.Kind {
			case pii.PersonnummerKind:
				// Scan also finds one written with a space where the dash goes.
				if _, err := pii.Personnummer(strings.Replace(s, " ", "-", 1), today); err != nil {
					t.Errorf("found personnummer %q is invalid: %v", s, err)
				}
			case pii.CardNumberKind:
				d := strings.Map(func(r rune) rune {
					if r < '0' || r > '9' {
						return -1
					}
					return r
				}, s)
				if strings.Trim(s, "0123456789 \t\r\n-.") != "" {
					t.Errorf("found card number %q holds other characters than separators", s)
				}
				if len(d) < 13 || len(d) > 19 || !pii.Luhn(d) || d[0] < '2' || d[0] > '6' {
					t.Errorf("found card number %q is invalid", s)
				}
			default:
				t.Errorf("finding %+v has unknown kind", fd)
			}
		}
		r := pii.Redact(text, fs)
		if len(r) != len(text) {
			t.Fatalf("Redact changed the length from %d to %d", len(text), len(r))
		}
		if again := pii.Scan(r, today); len(again) != 0 {
			t.Errorf("Scan finds %+v after Redact", again)
		}
	})
}

// FuzzPersonnummer checks that Personnummer never panics, that an error
// holds no part of the input, and that a valid number comes back as 12 digits
// that validate to themselves and that Scan finds whole.
func FuzzPersonnummer(f *testing.F) {
	for _, s := range []string{
		"811218-9876", "811218+9876", "8112189876", "19811218-9876", "198112189876",
		"850472-1237", "000229-1235", "000229+1235", "260316-1239", " 811218-9876 ", "", "-", "+0000000000",
	} {
		f.Add(s, int64(0))
	}
	f.Fuzz(func(t *testing.T, s string, days int64) {
		now := today.AddDate(0, 0, int(days%200_000)) // about 550 years either way
		got, err := pii.Personnummer(s, now)
		if err != nil {
			checkError(t, err, s)
			return
		}
		if len(got) != 12 || strings.Trim(got, "0123456789") != "" {
			t.Fatalf("Personnummer(%q) = %q, want 12 digits", s, got)
		}
		again, err := pii.Personnummer(got, now)
		if err != nil || again != got {
			t.Fatalf("Personnummer(%q) = %q, %v; want it unchanged", got, again, err)
		}
		trimmed := strings.TrimSpace(s)
		want := []pii.Finding{{Kind: pii.PersonnummerKind, Start: 0, End: len(trimmed)}}
		if fs := pii.Scan(trimmed, now); len(fs) != 1 || fs[0] != want[0] {
			t.Errorf("Scan(%q) = %+v, want %+v", trimmed, fs, want)
		}
	})
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
