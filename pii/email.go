package pii

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on the length of an address in octets (RFC 5321, 4.5.3.1.1 and
// 4.5.3.1.3, with RFC 3696 errata 1690: a path of 256 octets holds an address
// of 254).
const (
	maxEmail = 254
	maxLocal = 64
	maxLabel = 63 // RFC 1035, 2.3.4
)

var (
	errEmailEmpty = Error{Reason: ReasonEmpty,
		EN: "Enter an e-mail address.",
		SV: "Ange en e-postadress."}
	errEmailFormat = Error{Reason: ReasonFormat,
		EN: "Enter one e-mail address, like name@example.se.",
		SV: "Ange en e-postadress, till exempel namn@exempel.se."}
	errEmailDomain = Error{Reason: ReasonFormat,
		EN: "After the @ must come a domain name with a dot, like example.se.",
		SV: "Efter @ ska det stå ett domännamn med punkt, till exempel exempel.se."}
	errEmailLength = Error{Reason: ReasonLength,
		EN: "An e-mail address can be at most 254 characters.",
		SV: "En e-postadress får vara högst 254 tecken."}
	errEmailLocalLength = Error{Reason: ReasonLength,
		EN: "The part before the @ can be at most 64 characters.",
		SV: "Delen före @ får vara högst 64 tecken."}
)

// Email validates an e-mail address and returns it normalised.
//
// The address must be a single bare address (RFC 5322, 3.4.1) as parsed by
// net/mail, with white space around it allowed but no display name, angle
// brackets, comments or quoting; it must hold exactly one @, at most 64 octets
// before it, and a domain name with a dot after it; and it may be at most 254
// octets long (RFC 5321, 4.5.3.1).
//
// The address is returned trimmed and wholly in lower case. The domain is
// case-insensitive anyway (RFC 5321, 2.4); the local part is lowered too, by
// choice, although RFC 5321 lets a server tell its cases apart: a person who
// once writes Anna@example.se and once anna@example.se must be found as the
// same data subject (GDPR art. 15), and the common mail providers do not
// tell them apart either.
//
// An error is an *Error with Reason empty, format or length.
func Email(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", fail(errEmailEmpty)
	case len(s) > maxEmail:
		return "", fail(errEmailLength)
	case strings.Count(s, "@") != 1:
		return "", fail(errEmailFormat)
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", fail(errEmailFormat)
	}
	local, domain, _ := strings.Cut(strings.ToLower(s), "@")
	if len(local) > maxLocal {
		return "", fail(errEmailLocalLength)
	}
	if !isDomainName(domain) {
		return "", fail(errEmailDomain)
	}
	if len(local)+1+len(domain) > maxEmail {
		return "", fail(errEmailLength) // lowering can lengthen some letters
	}
	return local + "@" + domain, nil
}

// isDomainName reports whether d is a domain name of at least two labels,
// each of 1 to 63 octets made of letters, digits and inner hyphens (RFC 1035,
// 2.3.1). Letters and digits outside ASCII are allowed, for internationalised
// domain names (RFC 6531).
func isDomainName(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > maxLabel || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			ok := r == '-' || ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') ||
				(r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)))
			if !ok {
				return false
			}
		}
	}
	return true
}
