// Package pii validates and normalises the personal identifiers a person
// submits — personnummer and samordningsnummer, e-mail addresses and phone
// numbers — and finds personnummer and payment-card numbers in free text so
// they can be redacted.
//
// Every function that rejects a value returns an *Error. An Error says what is
// wrong with the value, in Swedish and English, and never holds the value or
// any part of it, so it may be logged and shown to the user (GDPR art. 5(1)(f),
// art. 32). The Reason codes are stable and may be stored or matched on.
package pii

// Reasons a value is rejected. They are stable: callers may store them and
// match on them.
const (
	ReasonEmpty    = "empty"    // nothing but white space was given
	ReasonFormat   = "format"   // characters or layout that the identifier cannot have
	ReasonLength   = "length"   // too few or too many digits or characters
	ReasonDate     = "date"     // the date of birth does not exist
	ReasonFuture   = "future"   // the date of birth lies after today
	ReasonChecksum = "checksum" // the check digit is wrong
)

// Error says why a value was rejected. It never holds the value itself.
type Error struct {
	Reason string // stable code, one of the Reason* constants
	EN, SV string // messages safe to show a user
}

// Error returns the English message.
func (e *Error) Error() string { return e.EN }

// Is reports whether target is an *Error with the same Reason, so that
// errors.Is(err, &pii.Error{Reason: pii.ReasonChecksum}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Reason == e.Reason
}

// fail returns a fresh copy of e, so no caller can change the messages
// another caller sees.
func fail(e Error) *Error { return &e }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// allDigits reports whether s is non-empty and holds only ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
