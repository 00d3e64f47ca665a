package pii_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit/pii"
)

// found is what a test expects Scan to find: the kind and the exact text.
type found struct {
	Kind pii.Kind
	Text string
}

func TestScan(t *testing.T) {
	const (
		pnr  = pii.PersonnummerKind
		card = pii.CardNumberKind
	)
	tests := []struct {
		name string
		text string
		want []found
	}{
		{"nothing", "Hej! Jag vill se mina uppgifter.", nil},
		{"personnummer", "Mitt personnummer är 811218-9876, tack.", []found{{pnr, "811218-9876"}}},
		{"glued to punctuation", "pnr:811218-9876.", []found{{pnr, "811218-9876"}}},
		{"glued to letters", "pnr811218-9876st", []found{{pnr, "811218-9876"}}},
		{"10 digits", "(8112189876)", []found{{pnr, "8112189876"}}},
		{"12 digits with dash", "född 19811218-9876", []found{{pnr, "19811218-9876"}}},
		{"12 digits", "198112189876", []found{{pnr, "198112189876"}}},
		{"centenarian", "811218+9876", []found{{pnr, "811218+9876"}}},
		{"samordningsnummer", "samordningsnr 850472-1237", []found{{pnr, "850472-1237"}}},
		{"wrong check digit", "pnr 811218-9877", nil},
		{"10 digits failing Luhn", "Ärende 8112189877", nil},
		{"no such date", "810230-1234", nil},
		{"future date", "20260316-1239", nil},
		{"inside a longer run", "ordernr 11981121898760000000", nil},
		{"five digits after the dash", "811218-98765", nil},
		{"space inside", "811218 9876", nil},
		{"Visa test card grouped", "Kort 4111 1111 1111 1111 exp 12/29", []found{{card, "4111 1111 1111 1111"}}},
		{"Visa test card with dashes", "4111-1111-1111-1111", []found{{card, "4111-1111-1111-1111"}}},
		{"Visa test card ungrouped", "kortnr=4111111111111111;", []found{{card, "4111111111111111"}}},
		{"American Express 4-6-5", "3782 822463 10005", []found{{card, "3782 822463 10005"}}},
		{"19 digits 4-4-4-4-3", "6011 0000 0000 0000 001", []found{{card, "6011 0000 0000 0000 001"}}},
		{"mixed separators", "4111 1111-1111 1111", nil},
		{"double space", "4111  1111 1111 1111", nil},
		{"odd grouping", "41 11 11 11 11 11 11 11", nil},
		{"card failing Luhn", "4111 1111 1111 1112", nil},
		{"no plausible IIN", "1111 1111 1111 1117", nil},
		{"20-digit order number", "Order 41111111111111110000", nil},
		{"card then a fifth group", "4111 1111 1111 1111 1234", []found{{card, "4111 1111 1111 1111"}}},
		{"phone number", "Ring 070-123 45 67", nil},
		{"both, in order", "Kort 5555 5555 5555 4444 och pnr 811218-9876 och 850472-1237.", []found{
			{card, "5555 5555 5555 4444"}, {pnr, "811218-9876"}, {pnr, "850472-1237"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []found
			for _, f := range pii.Scan(tt.text, today) {
				got = append(got, found{f.Kind, tt.text[f.Start:f.End]})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Scan(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	text := "pnr 19811218-9876 och kort 4111-1111-1111-1111, tel 070-123 45 67."
	want := "pnr ********-**** och kort ****-****-****-****, tel 070-123 45 67."
	if got := pii.Redact(text, pii.Scan(text, today)); got != want {
		t.Errorf("Redact = %q, want %q", got, want)
	}
}

func TestRedactClipsFindings(t *testing.T) {
	fs := []pii.Finding{{Start: -3, End: 2}, {Start: 4, End: 99}, {Start: 3, End: 1}}
	if got, want := pii.Redact("12345a", fs), "**34*a"; got != want {
		t.Errorf("Redact = %q, want %q", got, want)
	}
}

func TestLuhn(t *testing.T) {
	for in, want := range map[string]bool{
		"4111111111111111": true,
		"4111111111111112": false,
		"8112189876":       true,
		"0":                false,
		"":                 false,
		"4111 1111":        false,
	} {
		if got := pii.Luhn(in); got != want {
			t.Errorf("Luhn(%q) = %v, want %v", in, got, want)
		}
	}
}
