package pii

import "time"

// Kind is the kind of identifier a Finding is.
type Kind string

// The kinds of identifier Scan finds.
const (
	PersonnummerKind Kind = "personnummer"
	CardNumberKind   Kind = "card_number"
)

// Finding is a personnummer or payment-card number found in free text.
type Finding struct {
	Kind       Kind // PersonnummerKind or CardNumberKind
	Start, End int  // byte offsets in the text: the number is text[Start:End]
}

// Scan finds personnummer, samordningsnummer and payment-card numbers in text
// and returns them sorted by Start, none overlapping another.
//
// A personnummer or samordningsnummer is found in any of the forms Personnummer
// accepts, without white space inside, when its date exists and is not after
// now's date, and its check digit is right.
//
// A payment-card number has 13 to 19 digits and passes the Luhn check, and its
// first digit, the major industry identifier of ISO/IEC 7812-1, is 2 to 6, the
// identifiers under which Mastercard, American Express, Diners, JCB, Visa,
// Discover and Maestro issue cards. Its digits are written together or in
// groups joined by single spaces or by single dashes, the same throughout:
// groups of four with a last group of one to four digits, or the 4-6-4 and
// 4-6-5 groups of Diners and American Express. Where a card number could end
// after more than one group, the longest is taken.
//
// A number is found only where its digits stand apart from other digits: a
// personnummer or card number inside a longer run of digits is none.
func Scan(text string, now time.Time) []Finding {
	var fs []Finding
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}
		// text[i] starts a run of digits.
		if end, ok := cardAt(text, i); ok {
			fs = append(fs, Finding{Kind: CardNumberKind, Start: i, End: end})
			i = end
			continue
		}
		if end, ok := personnummerAt(text, i, now); ok {
			fs = append(fs, Finding{Kind: PersonnummerKind, Start: i, End: end})
			i = end
			continue
		}
		i = runEnd(text, i, len(text))
	}
	return fs
}

// runEnd returns the end of the run of digits that starts at i, or
// i+limit+1 if the run is longer than limit.
func runEnd(text string, i, limit int) int {
	j := i
	for j < len(text) && isDigit(text[j]) {
		if j-i == limit {
			return j + 1
		}
		j++
	}
	return j
}

// personnummerAt returns the end of the personnummer that starts at text[i],
// if one does.
func personnummerAt(text string, i int, now time.Time) (int, bool) {
	end := runEnd(text, i, 12)
	switch n := end - i; {
	case n == 10 || n == 12:
	case (n == 6 && end < len(text) && (text[end] == '-' || text[end] == '+')) ||
		(n == 8 && end < len(text) && text[end] == '-'):
		e := runEnd(text, end+1, 4)
		if e-(end+1) != 4 {
			return 0, false
		}
		end = e
	default:
		return 0, false
	}
	_, err := parsePersonnummer(text[i:end], now)
	return end, err == nil
}
