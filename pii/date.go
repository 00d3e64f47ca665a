package pii

// dateAt returns the end of the date that starts at text[i], the first digit
// of a run of digits, if one does: YYYY-MM-DD (ISO 8601, the way dates are
// written in Sweden) or D.M.YYYY with a day and month of one or two digits,
// in a year from 1900 to 2099. The day need not exist in its month.
func dateAt(text string, i int) (int, bool) {
	var n, v [3]int // the length and value of each group of digits
	var sep byte
	j := i
	for k := range 3 {
		e := runEnd(text, j, 4)
		n[k] = e - j
		for _, c := range []byte(text[j:e]) {
			v[k] = v[k]*10 + int(c-'0')
		}
		j = e
		if k == 2 {
			break
		}
		if e+1 >= len(text) || !isDigit(text[e+1]) || (sep != 0 && text[e] != sep) {
			return 0, false
		}
		sep = text[e]
		j = e + 1
	}
	var y, m, d int
	switch {
	case sep == '-' && n == [3]int{4, 2, 2}:
		y, m, d = v[0], v[1], v[2]
	case sep == '.' && n[0] <= 2 && n[1] <= 2 && n[2] == 4:
		d, m, y = v[0], v[1], v[2]
	default:
		return 0, false
	}
	return j, y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31
}
