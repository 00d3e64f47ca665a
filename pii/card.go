package pii

import "strings"

// Card numbers have 13 to 19 digits (ISO/IEC 7812-1).
const (
	minCard = 13
	maxCard = 19
)

// A card number written in groups has at most maxGroup digits in a group and
// at most maxSep separators between two groups.
const (
	maxGroup = 6
	maxSep   = 2
)

// cardAt returns the end of the payment-card number that starts at text[i],
// the first digit of a run of digits, if one does.
func cardAt(text string, i int) (int, bool) {
	if text[i] < '2' || text[i] > '6' {
		return 0, false
	}
	if e := runEnd(text, i, maxCard); e-i > maxGroup {
		// Written together, the run of digits is the whole number.
		n := e - i
		return e, n >= minCard && n <= maxCard && Luhn(text[i:e])
	}
	// Read the groups while they could still make a card number, noting
	// where the number would end after each of them.
	digits := make([]byte, 0, maxCard)
	var ends, counts []int
	for j := i; ; {
		if _, ok := dateAt(text, j); ok {
			break // a date is never part of a card number
		}
		e := runEnd(text, j, maxGroup)
		if e-j > maxGroup || len(digits)+e-j > maxCard {
			break
		}
		digits = append(digits, text[j:e]...)
		ends = append(ends, e)
		counts = append(counts, len(digits))
		next, ok := sepEnd(text, e)
		if !ok || areaCodeAt(text, next) {
			break
		}
		j = next
	}
	// The longest number wins, so that a card number is never cut short.
	for k := len(ends) - 1; k >= 0 && counts[k] >= minCard; k-- {
		if Luhn(string(digits[:counts[k]])) {
			return ends[k], true
		}
	}
	return 0, false
}

// sepEnd returns where the next group of a card number starts, if text[i:]
// holds one to maxSep separators and then a digit. A "\r\n" counts as one
// separator, since browsers send the line breaks of a form's text that way.
func sepEnd(text string, i int) (int, bool) {
	j := i
	for n := 0; n < maxSep && j < len(text); n++ {
		if text[j] == '\r' && j+1 < len(text) && text[j+1] == '\n' {
			j += 2
			continue
		}
		if !isCardSep(text[j]) {
			break
		}
		j++
	}
	return j, j > i && j < len(text) && isDigit(text[j])
}

// areaCodeAt reports whether text[i], the first digit of a run of digits
// after a separator, starts the area code of a Swedish phone number written
// the usual way, as in "070-123 45 67" or "08-123 456 78": two or three digits
// starting with 0, after white space and before a dash. A card number never
// runs on into one, so that phone numbers listed one after another are not
// taken for a card number.
func areaCodeAt(text string, i int) bool {
	e := runEnd(text, i, 3)
	n := e - i
	return text[i] == '0' && n >= 2 && n <= 3 && e < len(text) && text[e] == '-' &&
		strings.IndexByte(" \t\r\n", text[i-1]) >= 0
}

// isCardSep reports whether c may stand between the groups of a card number.
func isCardSep(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '-', '.':
		return true
	}
	return false
}
