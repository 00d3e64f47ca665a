package pii

import "slices"

// Card numbers have 13 to 19 digits (ISO/IEC 7812-1).
const (
	minCard = 13
	maxCard = 19
)

// cardAt returns the end of the payment-card number that starts at text[i], if
// one does.
func cardAt(text string, i int) (int, bool) {
	if text[i] < '2' || text[i] > '6' {
		return 0, false
	}
	// Read the groups of digits joined by one separator, while they could
	// still make a card number.
	var groups, ends []int
	var sep byte
	total := 0
	for j := i; ; {
		e := runEnd(text, j, maxCard)
		total += e - j
		if total > maxCard {
			break
		}
		groups = append(groups, e-j)
		ends = append(ends, e)
		if e+1 >= len(text) || !isDigit(text[e+1]) ||
			(text[e] != ' ' && text[e] != '-') || (sep != 0 && text[e] != sep) {
			break
		}
		sep = text[e]
		j = e + 1
	}
	for k := len(groups); k > 0; k-- {
		if cardGroups(groups[:k]) && Luhn(cardDigits(text[i:ends[k-1]])) {
			return ends[k-1], true
		}
	}
	return 0, false
}

// cardGroups reports whether a card number may be written in groups of these
// sizes.
func cardGroups(g []int) bool {
	total := 0
	for _, n := range g {
		total += n
	}
	if total < minCard || total > maxCard {
		return false
	}
	switch {
	case len(g) == 1:
		return true
	case g[0] != 4:
		return false
	case slices.Equal(g, []int{4, 6, 4}), slices.Equal(g, []int{4, 6, 5}):
		return true
	}
	for _, n := range g[1 : len(g)-1] {
		if n != 4 {
			return false
		}
	}
	return g[len(g)-1] <= 4
}

// cardDigits returns s without its separators.
func cardDigits(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}
