package pii

// Luhn reports whether digits, at least two ASCII digits with the check digit
// last, pass the Luhn check (ISO/IEC 7812-1, annex B). Swedish personnummer
// use the same algorithm over their ten-digit form (SKV 704).
func Luhn(digits string) bool {
	if len(digits) < 2 || !allDigits(digits) {
		return false
	}
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}
