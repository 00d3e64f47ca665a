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
		{"space for the dash", "pnr 811218 9876.", []found{{pnr, "811218 9876"}}},
		{"space for the dash, 10 digits", "850412 1230", []found{{pnr, "850412 1230"}}},
		{"space for the dash, 12 digits", "född 19850412 1230", []found{{pnr, "19850412 1230"}}},
		{"space for the dash, wrong check digit", "850412 1231", nil},
		{"two spaces inside", "850412  1230", nil},
		{"tab inside", "850412\t1230", nil},
		{"line break inside", "850412\n1230", nil},
		{"space and five digits", "850412 12301", nil},
		{"space after 12 digits", "198504121230 1234", []found{{pnr, "198504121230"}}},
		{"Visa test card grouped", "Kort 4111 1111 1111 1111 exp 12/29", []found{{card, "4111 1111 1111 1111"}}},
		{"Visa test card with dashes", "4111-1111-1111-1111", []found{{card, "4111-1111-1111-1111"}}},
		{"Visa test card ungrouped", "kortnr=4111111111111111;", []found{{card, "4111111111111111"}}},
		{"American Express 4-6-5", "3782 822463 10005", []found{{card, "3782 822463 10005"}}},
		{"19 digits 4-4-4-4-3", "6011 0000 0000 0000 001", []found{{card, "6011 0000 0000 0000 001"}}},
		{"dots", "kort 4111.1111.1111.1111.", []found{{card, "4111.1111.1111.1111"}}},
		{"double space", "4111  1111 1111 1111", []found{{card, "4111  1111 1111 1111"}}},
		{"mixed dashes and spaces", "4111-1111 1111-1111", []found{{card, "4111-1111 1111-1111"}}},
		{"mixed, two separators", "4111 -1111. 1111\t1111", []found{{card, "4111 -1111. 1111\t1111"}}},
		{"over a line break", "Kort 4111 1111\n1111 1111\nTack", []found{{card, "4111 1111\n1111 1111"}}},
		{"over a CRLF line break", "4111 1111\r\n1111 1111", []found{{card, "4111 1111\r\n1111 1111"}}},
		{"over a blank line", "4111 1111\r\n\r\n1111 1111", []found{{card, "4111 1111\r\n\r\n1111 1111"}}},
		{"tabs", "4111\t1111\t1111\t1111", []found{{card, "4111\t1111\t1111\t1111"}}},
		{"pairs", "41 11 11 11 11 11 11 11", []found{{card, "41 11 11 11 11 11 11 11"}}},
		{"single digits", "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", []found{{card, "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1"}}},
		{"American Express with dots", "3782.822463.10005", []found{{card, "3782.822463.10005"}}},
		{"American Express in threes", "378 282 246 310 005", []found{{card, "378 282 246 310 005"}}},
		{"three spaces", "4111   1111 1111 1111", nil},
		{"three dots", "4111...1111...1111...1111", nil},
		{"commas", "4111,1111,1111,1111", nil},
		{"slashes", "4111/1111/1111/1111", nil},
		{"group of seven", "4111111 111111111", nil},
		{"group of seven at the end", "41 11 11 11 1111111", nil},
		{"a number before it", "1. 4111 1111 1111 1111", []found{{card, "4111 1111 1111 1111"}}},
		{"longer number fails Luhn", "4111 1111 1111 1111 12", []found{{card, "4111 1111 1111 1111"}}},
		{"after a phone number", "Ring 070-123 45 68 4111 1111 1111 1111", []found{{card, "4111 1111 1111 1111"}}},
		{"a group before it joins it", "Ring 070-123 45 67 4111 1111 1111 1111", []found{{card, "67 4111 1111 1111 1111"}}},
		{"after a date", "2026-03-01 4111 1111 1111 1111", []found{{card, "4111 1111 1111 1111"}}},
		{"before a date", "4111 1111 1111 1111 2026-03-01", []found{{card, "4111 1111 1111 1111"}}},
		{"card wins over personnummer", "750412 5555 5555 5555 4444", []found{{card, "5555 5555 5555 4444"}}},
		{"phone numbers with words between", "ring 08-123 45 67 eller 070-123 45 67", nil},
		{"phone numbers one per line", "070-123 45 67\n08-765 15 21", nil},
		{"dates", "2026-03-02 2026-04-01", nil},
		{"dates passing Luhn", "2026-03-01 2026-03-05", nil},
		{"dates one per line", "2026-03-01\n2026-03-13\n2026-03-21", nil},
		{"day.month.year dates", "1.3.2026 5.3.2026 13.3.2026", nil},
		{"order number", "Order 12345678", nil},
		{"price", "Pris 1 234,50 kr", nil},
		{"amounts", "1 234 567 890 123 kr", nil},
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
	for text, want := range map[string]string{
		"pnr 19811218-9876 och kort 4111-1111-1111-1111, tel 070-123 45 67.": "pnr ********-**** och kort ****-****-****-****, tel 070-123 45 67.",
		"pnr 850412 1230, kort 4111.1111\r\n1111 -1111 tack":                 "pnr ****** ****, kort ****.****\r\n**** -**** tack",
	} {
		if got := pii.Redact(text, pii.Scan(text, today)); got != want {
			t.Errorf("Redact(%q) = %q, want %q", text, got, want)
		}
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
