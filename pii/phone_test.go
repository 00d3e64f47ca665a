package pii_test

import (
	"errors"
	"testing"

	"github.com/tillit-privacy/tillit/pii"
)

func TestPhone(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"070-123 45 67", "+46701234567"},
		{" 0701234567 ", "+46701234567"},
		{"+46 70 123 45 67", "+46701234567"},
		{"+46701234567", "+46701234567"},
		{"0046 70 123 45 67", "+46701234567"},
		{"+46 (0)70-123 45 67", "+46701234567"},
		{"+46 070 123 45 67", "+46701234567"},
		{"(08) 123 456 78", "+46812345678"},
		{"08-123 45", "+46812345"},
		{"+44 (0)20 7946 0958", "+442079460958"},
		{"+1 555.010.0199", "+15550100199"},
		{"+358 40 123 4567", "+358401234567"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := pii.Phone(tt.in)
			if err != nil {
				t.Fatalf("Phone: %v", err)
			}
			if got != tt.want {
				t.Errorf("Phone = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPhoneInvalid(t *testing.T) {
	tests := []struct {
		name, in, reason string
	}{
		{"empty", "", pii.ReasonEmpty},
		{"letters", "070-ABC 45 67", pii.ReasonFormat},
		{"extension", "070-123 45 67 ext 2", pii.ReasonFormat},
		{"plus inside", "46+701234567", pii.ReasonFormat},
		{"two pluses", "++46701234567", pii.ReasonFormat},
		{"slash", "070/1234567", pii.ReasonFormat},
		{"no prefix", "701234567", pii.ReasonFormat},
		{"country code 0", "+0701234567", pii.ReasonFormat},
		{"000", "000701234567", pii.ReasonFormat},
		{"only separators", "( - )", pii.ReasonLength},
		{"only plus", "+", pii.ReasonLength},
		{"too short", "+46 70 12", pii.ReasonLength},
		{"too long", "+46 70 123 45 67 89 01 2", pii.ReasonLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pii.Phone(tt.in)
			if err == nil {
				t.Fatalf("Phone = %q, want an error", got)
			}
			var e *pii.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not a *pii.Error", err)
			}
			if e.Reason != tt.reason {
				t.Errorf("Reason = %q (%s), want %q", e.Reason, e.EN, tt.reason)
			}
		})
	}
}
