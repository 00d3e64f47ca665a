package pii

import "strings"

// Phone numbers in E.164 hold at most 15 digits, country code included
// (ITU-T E.164). Fewer than 8 are refused, so that a fragment of a
// number is not taken for a whole one.
const (
	minPhone = 8
	maxPhone = 15
)

var (
	errPhoneEmpty = Error{Reason: ReasonEmpty,
		EN: "Enter a phone number.",
		SV: "Ange ett telefonnummer."}
	errPhoneFormat = Error{Reason: ReasonFormat,
		EN: "A phone number may hold only digits, spaces, dashes, dots, parentheses and a + first.",
		SV: "Ett telefonnummer får bara innehålla siffror, mellanslag, bindestreck, punkter, parenteser och ett + först."}
	errPhonePrefix = Error{Reason: ReasonFormat,
		EN: "Start the phone number with + and the country code, with 00, or with 0 for a Swedish number.",
		SV: "Börja telefonnumret med + och landsnumret, med 00, eller med 0 för ett svenskt nummer."}
	errPhoneCountry = Error{Reason: ReasonFormat,
		EN: "A country code never starts with 0.",
		SV: "Ett landsnummer börjar aldrig med 0."}
	errPhoneLength = Error{Reason: ReasonLength,
		EN: "A phone number has 8 to 15 digits, country code included.",
		SV: "Ett telefonnummer har 8 till 15 siffror, landsnumret inräknat."}
)

// Phone validates a phone number and returns it in E.164 form, such as
// +46701234567 (ITU-T E.164).
//
// Spaces, dashes, dots and parentheses between the digits are ignored, and so
// is white space around the number. A number written +CC… or 00CC… is
// international; one written with a single leading 0 is Swedish, and the 0 (the
// trunk prefix) gives way to +46. A trunk prefix written "(0)" after the country
// code is dropped, as is a 0 after +46, since no Swedish subscriber number
// starts with 0. The result has 8 to 15 digits after the +.
//
// An error is an *Error with Reason empty, format or length.
func Phone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fail(errPhoneEmpty)
	}
	plus := s[0] == '+'
	if plus {
		s = s[1:]
	}
	digits, ok := phoneDigits(s)
	if !ok {
		return "", fail(errPhoneFormat)
	}
	intl := plus || strings.HasPrefix(digits, "00")
	if intl && strings.Contains(s, "(0)") {
		digits, _ = phoneDigits(strings.Replace(s, "(0)", "", 1))
	}
	switch {
	case plus:
	case strings.HasPrefix(digits, "00"):
		digits = digits[2:]
	case strings.HasPrefix(digits, "0"):
		digits = "46" + digits[1:]
	case digits == "":
		return "", fail(errPhoneLength)
	default:
		return "", fail(errPhonePrefix)
	}
	if strings.HasPrefix(digits, "0") {
		return "", fail(errPhoneCountry)
	}
	if strings.HasPrefix(digits, "460") {
		digits = "46" + digits[3:]
	}
	if len(digits) < minPhone || len(digits) > maxPhone {
		return "", fail(errPhoneLength)
	}
	return "+" + digits, nil
}

// phoneDigits returns the digits of s with the separators Phone allows
// removed, and false if s holds any other character.
func phoneDigits(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			b.WriteByte(c)
		case c == ' ', c == '-', c == '.', c == '(', c == ')':
		default:
			return "", false
		}
	}
	return b.String(), true
}
