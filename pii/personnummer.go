package pii

import (
	"fmt"
	"strings"
	"time"
)

var (
	errPnrEmpty = Error{Reason: ReasonEmpty,
		EN: "Enter a personnummer.",
		SV: "Ange ett personnummer."}
	errPnrFormat = Error{Reason: ReasonFormat,
		EN: "Write the personnummer as YYMMDD-NNNN or YYYYMMDDNNNN.",
		SV: "Skriv personnumret som ÅÅMMDD-NNNN eller ÅÅÅÅMMDDNNNN."}
	errPnrPlus = Error{Reason: ReasonFormat,
		EN: "A + is only written after a six-digit date of birth.",
		SV: "Ett + skrivs bara efter ett sexsiffrigt födelsedatum."}
	errPnrLength = Error{Reason: ReasonLength,
		EN: "A personnummer has 10 or 12 digits.",
		SV: "Ett personnummer har 10 eller 12 siffror."}
	errPnrDate = Error{Reason: ReasonDate,
		EN: "The date of birth in the personnummer does not exist.",
		SV: "Födelsedatumet i personnumret finns inte."}
	errPnrFuture = Error{Reason: ReasonFuture,
		EN: "The date of birth in the personnummer is in the future.",
		SV: "Födelsedatumet i personnumret ligger i framtiden."}
	errPnrChecksum = Error{Reason: ReasonChecksum,
		EN: "The check digit of the personnummer is wrong.",
		SV: "Personnumrets kontrollsiffra stämmer inte."}
)

// Personnummer validates a Swedish personnummer (Folkbokföringslagen
// 1991:481, 18 §) or samordningsnummer (18 a §, day of birth plus 60) and
// returns its canonical 12-digit form YYYYMMDDNNNC.
//
// The number may be written YYMMDD-NNNC, YYMMDD+NNNC (the person is 100 or
// older), YYMMDDNNNC, YYYYMMDD-NNNC or YYYYMMDDNNNC, with white space around
// it. The date must exist, leap years included, and must not lie after today,
// which is now's date in now's location: pass now in Europe/Stockholm. The
// check digit is the Luhn digit over the 10-digit form (SKV 704).
//
// For the 10-digit forms the century is inferred as Skatteverket does: the
// most recent century that does not put the date of birth after today, and
// with a + one century earlier still. A samordningsnummer keeps its day plus
// 60 in the canonical form.
//
// An error is an *Error with Reason empty, format, length, date, future or
// checksum.
func Personnummer(s string, now time.Time) (string, error) {
	p, err := parsePersonnummer(strings.TrimSpace(s), now)
	if err != nil {
		return "", err
	}
	return p, nil
}

// parsePersonnummer does Personnummer's work on s, which must already be
// trimmed. Scan calls it directly.
func parsePersonnummer(s string, now time.Time) (string, *Error) {
	if s == "" {
		return "", fail(errPnrEmpty)
	}
	sep, sepAt := byte(0), -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isDigit(c) {
			continue
		}
		if (c != '-' && c != '+') || sepAt >= 0 {
			return "", fail(errPnrFormat)
		}
		sep, sepAt = c, i
	}
	digits := s
	if sepAt >= 0 {
		digits = s[:sepAt] + s[sepAt+1:]
	}
	if len(digits) != 10 && len(digits) != 12 {
		return "", fail(errPnrLength)
	}
	if sepAt >= 0 && sepAt != len(s)-5 {
		return "", fail(errPnrFormat)
	}
	if sep == '+' && len(digits) == 12 {
		return "", fail(errPnrPlus)
	}

	short := digits[len(digits)-10:] // YYMMDDNNNC
	yy, month, day := atoi2(short[0:2]), atoi2(short[2:4]), atoi2(short[4:6])
	if day > 60 {
		day -= 60 // samordningsnummer, Folkbokföringslagen 18 a §
	}
	ny, nm, nd := now.Date()
	var year int
	if len(digits) == 12 {
		year = atoi2(digits[0:2])*100 + yy
	} else {
		year = ny - mod(ny-yy, 100)
		if after(year, month, day, ny, int(nm), nd) {
			year -= 100
		}
		if sep == '+' {
			year -= 100 // the person has turned 100 (SKV 704)
		}
	}
	if year < 0 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return "", fail(errPnrDate)
	}
	if after(year, month, day, ny, int(nm), nd) {
		return "", fail(errPnrFuture)
	}
	if !Luhn(short) {
		return "", fail(errPnrChecksum)
	}
	return fmt.Sprintf("%02d%s", year/100, short), nil
}

// atoi2 returns the value of two ASCII digits.
func atoi2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

// mod returns a modulo m in [0, m).
func mod(a, m int) int { return (a%m + m) % m }

// after reports whether the date y-m-d lies after the date ty-tm-td.
func after(y, m, d, ty, tm, td int) bool {
	if y != ty {
		return y > ty
	}
	if m != tm {
		return m > tm
	}
	return d > td
}

// daysIn returns the number of days in month m of year y in the proleptic
// Gregorian calendar.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
