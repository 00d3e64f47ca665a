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
// accepts, and also with one space where the dash goes (YYMMDD NNNC, YYYYMMDD
// NNNC), when its date exists and is not after now's date, and its check digit
// is right. Other white space inside, such as two spaces, a tab or a line
// break, hides it.
//
// A payment-card number has 13 to 19 digits and passes the Luhn check, and its
// first digit, the major industry identifier of ISO/IEC 7812-1, is 2 to 6, the
// identifiers under which Mastercard, American Express, Diners, JCB, Visa,
// Discover and Maestro issue cards. Its digits are written together, or in
// groups of one to six digits with one or two separators between two groups:
// spaces, tabs, line breaks ("\r\n" counts as one), dashes and dots, mixed as
// the writer likes. So "4111.1111.1111.1111", "4111  1111 1111 1111",
// "4111-1111 1111-1111" and "4111 1111" with "1111 1111" on the next line are
// all found. A card number starts at the start of a group and ends at the end
// of one; where more groups follow, the longest number that passes the check
// is taken, so a number is never cut short.
//
// Not found as a card number, or part of one: a group of seven to twelve
// digits among other groups; three or more separators in a row; other
// characters between the digits, such as commas, slashes, parentheses or
// letters; a date written YYYY-MM-DD or D.M.YYYY; and a phone number's area
// code written the Swedish way, as "070-" or "08-" after white space, which
// ends any card number before it. A card number written in one of these ways
// is missed.
//
// Any 13 to 19 digits in short groups that pass the Luhn check, which one in
// ten does, are taken for a card number, so other numbers listed with only
// separators between them may be too: amounts such as "2 345 678 901 234",
// phone numbers written without a dash after the area code, or a group of
// digits before or after a real card number, which then joins it. That is
// meant: storing a card number breaks PCI DSS, while a false finding only
// asks the writer to send the text again. For the same reason a card number
// wins over a personnummer whose last group starts it.
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
		if end, ok := dateAt(text, i); ok {
			i = end
			continue
		}
		if end, ok := cardAt(text, i); ok {
			fs = append(fs, Finding{Kind: CardNumberKind, Start: i, End: end})
			i = end
			continue
		}
		if end, last, ok := personnummerAt(text, i, now); ok {
			if _, card := cardAt(text, last); last > i && card {
				// A card number starts in the personnummer's last group, and
				// a card number must never be missed.
				i = last
				continue
			}
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
// if one does, and the start of its last group of digits.
func personnummerAt(text string, i int, now time.Time) (end, last int, ok bool) {
	end = runEnd(text, i, 12)
	last = i
	var sep byte
	if end < len(text) {
		sep = text[end]
	}
	switch n := end - i; {
	case n == 10 || n == 12:
	case (n == 6 && (sep == '-' || sep == '+' || sep == ' ')) ||
		(n == 8 && (sep == '-' || sep == ' ')):
		last = end + 1
		e := runEnd(text, last, 4)
		if e-last != 4 {
			return 0, 0, false
		}
		end = e
	default:
		return 0, 0, false
	}
	s := text[i:end]
	if last > i && sep == ' ' {
		// Written with a space where the dash goes.
		s = text[i:last-1] + "-" + text[last:end]
	}
	_, err := parsePersonnummer(s, now)
	return end, last, err == nil
}
