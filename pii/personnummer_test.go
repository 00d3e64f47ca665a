package pii_test

import (
	"errors"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit/pii"
)

// today is the date the tests treat as now.
var today = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

// The numbers below are made up for these tests; their check digits are
// computed with the Luhn algorithm over the 10-digit form.
func TestPersonnummer(t *testing.T) {
	tests := []struct {
		name string
		in   string
		now  time.Time
		want string
	}{
		{"10 digits with dash", "811218-9876", today, "198112189876"},
		{"10 digits", "8112189876", today, "198112189876"},
		{"12 digits with dash", "19811218-9876", today, "198112189876"},
		{"12 digits", "198112189876", today, "198112189876"},
		{"surrounding spaces", "  811218-9876\t", today, "198112189876"},
		{"centenarian", "811218+9876", today, "188112189876"},
		{"samordningsnummer", "850472-1237", today, "198504721237"},
		{"samordningsnummer, 12 digits", "198504721237", today, "198504721237"},
		{"leap day 2000", "000229-1235", today, "200002291235"},
		{"leap day 2000, 12 digits", "200002291235", today, "200002291235"},
		{"born today", "260315-1230", today, "202603151230"},
		{"tomorrow's date is last century", "260316-1239", today, "192603161239"},
		{"tomorrow's date with plus", "260316+1239", today, "182603161239"},
		{"date in 2000 not yet reached falls to 1900", "000228-1236", time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), "190002281236"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pii.Personnummer(tt.in, tt.now)
			if err != nil {
				t.Fatalf("Personnummer: %v", err)
			}
			if got != tt.want {
				t.Errorf("Personnummer = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestPersonnummerInvalid(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		now    time.Time
		reason string
	}{
		{"empty", "", today, pii.ReasonEmpty},
		{"blank", "   ", today, pii.ReasonEmpty},
		{"wrong check digit", "811218-9877", today, pii.ReasonChecksum},
		{"wrong check digit, 12 digits", "198112189877", today, pii.ReasonChecksum},
		{"30 February", "810230-1234", today, pii.ReasonDate},
		{"month 13", "811318-1237", today, pii.ReasonDate},
		{"day 0", "810100-1230", today, pii.ReasonDate},
		{"samordningsnummer day 92", "811292-1237", today, pii.ReasonDate},
		{"day 60 is day 0", "810160-1234", today, pii.ReasonDate},
		{"leap day 1900, 12 digits", "190002291235", today, pii.ReasonDate},
		{"leap day 1900 with plus", "000229+1235", today, pii.ReasonDate},
		{"leap day falls in 1900 before 2000 began", "000229-1235", time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), pii.ReasonDate},
		{"future date", "20260316-1239", today, pii.ReasonFuture},
		{"future year", "20300101-1234", today, pii.ReasonFuture},
		{"too short", "81121-9876", today, pii.ReasonLength},
		{"11 digits", "81121898765", today, pii.ReasonLength},
		{"slash", "811218/9876", today, pii.ReasonFormat},
		{"letter", "811218-987X", today, pii.ReasonFormat},
		{"two dashes", "811218--9876", today, pii.ReasonFormat},
		{"dash misplaced", "81121-89876", today, pii.ReasonFormat},
		{"plus with 12 digits", "19811218+9876", today, pii.ReasonFormat},
		{"space inside", "811218 9876", today, pii.ReasonFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pii.Personnummer(tt.in, tt.now)
			if err == nil {
				t.Fatalf("Personnummer = %s, want an error", got)
			}
			var e *pii.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not a *pii.Error", err)
			}
			if e.Reason != tt.reason {
				t.Errorf("Reason = %q, want %q", e.Reason, tt.reason)
			}
			if !errors.Is(err, &pii.Error{Reason: tt.reason}) {
				t.Errorf("errors.Is does not match Reason %q", tt.reason)
			}
		})
	}
}
