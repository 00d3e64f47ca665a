package pii_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit/pii"
)

func TestEmail(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"anna@example.se", "anna@example.se"},
		{"  Anna.Svensson@Example.SE ", "anna.svensson@example.se"},
		{"anna+nyhetsbrev@post.example.se", "anna+nyhetsbrev@post.example.se"},
		{"Åsa@exempel.se", "åsa@exempel.se"},
		{"bo@xn--rksmrgs-5wao1o.se", "bo@xn--rksmrgs-5wao1o.se"},
		{strings.Repeat("a", 64) + "@example.se", strings.Repeat("a", 64) + "@example.se"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := pii.Email(tt.in)
			if err != nil {
				t.Fatalf("Email: %v", err)
			}
			if got != tt.want {
				t.Errorf("Email = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEmailInvalid(t *testing.T) {
	long := strings.Repeat("a", 60) + "@" + strings.Repeat("b", 60) + "." + strings.Repeat("c", 60) + "." + strings.Repeat("d", 60) + ".se"
	tests := []struct {
		name, in, reason string
	}{
		{"empty", " ", pii.ReasonEmpty},
		{"no @", "anna.example.se", pii.ReasonFormat},
		{"two @", "anna@bo@example.se", pii.ReasonFormat},
		{"display name", "Anna <anna@example.se>", pii.ReasonFormat},
		{"angle brackets", "<anna@example.se>", pii.ReasonFormat},
		{"comment", "anna@example.se (Anna)", pii.ReasonFormat},
		{"quoted local part", `"anna svensson"@example.se`, pii.ReasonFormat},
		{"two addresses", "anna@example.se, bo@example.se", pii.ReasonFormat},
		{"space inside", "anna @example.se", pii.ReasonFormat},
		{"no dot in domain", "anna@localhost", pii.ReasonFormat},
		{"domain literal", "anna@[192.0.2.1]", pii.ReasonFormat},
		{"empty label", "anna@example..se", pii.ReasonFormat},
		{"trailing dot", "anna@example.se.", pii.ReasonFormat},
		{"underscore in domain", "anna@ex_ample.se", pii.ReasonFormat},
		{"hyphen first in label", "anna@-example.se", pii.ReasonFormat},
		{"invisible character in domain", "anna@example.se\u200b", pii.ReasonFormat},
		{"local part of 65", strings.Repeat("a", 65) + "@example.se", pii.ReasonLength},
		{"255 octets", long + strings.Repeat("e", 255-len(long)), pii.ReasonLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pii.Email(tt.in)
			if err == nil {
				t.Fatalf("Email = %q, want an error", got)
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
