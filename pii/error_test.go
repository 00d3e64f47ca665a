package pii_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit/pii"
)

// leak returns the part of in that msg repeats, or "" if none: in itself, a
// run of four or more of its digits, or the part of an e-mail address before
// the @.
func leak(msg, in string) string {
	in = strings.TrimSpace(in)
	if len(in) >= 4 && strings.Contains(msg, in) {
		return in
	}
	if local, _, ok := strings.Cut(in, "@"); ok && len(local) >= 4 && strings.Contains(strings.ToLower(msg), strings.ToLower(local)) {
		return local
	}
	for _, run := range strings.FieldsFunc(in, func(r rune) bool { return r < '0' || r > '9' }) {
		if len(run) >= 4 && strings.Contains(msg, run) {
			return run
		}
	}
	return ""
}

// checkError fails t unless err is a *pii.Error with a known Reason, messages
// in both languages, and no part of in in any of them.
func checkError(t *testing.T, err error, in string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%q: no error, want one", in)
	}
	var e *pii.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T is not a *pii.Error", err)
	}
	switch e.Reason {
	case pii.ReasonEmpty, pii.ReasonFormat, pii.ReasonLength, pii.ReasonDate, pii.ReasonFuture, pii.ReasonChecksum:
	default:
		t.Errorf("unknown Reason %q", e.Reason)
	}
	if e.EN == "" || e.SV == "" || e.EN == e.SV {
		t.Errorf("messages EN %q and SV %q: want both, and different", e.EN, e.SV)
	}
	for _, msg := range []string{e.EN, e.SV, err.Error()} {
		if l := leak(msg, in); l != "" {
			t.Errorf("message %q repeats %q from the input", msg, l)
		}
	}
}

// TestErrorsHoldNoInput checks that no error repeats the value it rejects, so
// errors may be logged (GDPR art. 5(1)(f)).
func TestErrorsHoldNoInput(t *testing.T) {
	pnrs := []string{"811218-9877", "198112189877", "810230-1234", "20260316-1239", "19811218+9876", "8112-189876", "4711x8-1234", "1234567"}
	emails := []string{"svensson", "karin.svensson@localhost", "Karin <karin@example.se>", strings.Repeat("k", 65) + "@example.se", "karin@[192.0.2.77]"}
	phones := []string{"070123", "+0701234567", "070-1234 567 ext 89", "+4670123456789012", "7012345678"}
	for _, in := range pnrs {
		_, err := pii.Personnummer(in, today)
		checkError(t, err, in)
	}
	for _, in := range emails {
		_, err := pii.Email(in)
		checkError(t, err, in)
	}
	for _, in := range phones {
		_, err := pii.Phone(in)
		checkError(t, err, in)
	}
}
