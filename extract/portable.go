package extract

import (
	"encoding/csv"
	"fmt"
	"io"
	"time"

	"github.com/tillit-privacy/tillit"
)

// WritePortableJSON writes the data a person provided (GDPR art. 20) as
// indented JSON: {"items": [...]}, with [] when there are none.
func WritePortableJSON(w io.Writer, items []tillit.PortableItem) error {
	return writeJSON(w, struct {
		Items []tillit.PortableItem `json:"items"`
	}{nonNil(items)})
}

// portableHeader is the first row of the portable CSV.
var portableHeader = []string{"category", "value", "point", "collected"}

// WritePortableCSV writes the data a person provided (GDPR art. 20) as
// CSV in UTF-8 without a byte-order mark, with the header row
// category,value,point,collected. The collected time is RFC 3339 in UTC,
// empty when unknown.
//
// A spreadsheet runs a cell that starts with = + - or @ as a formula, so a
// value taken in from outside could run in the person's spreadsheet (CSV
// injection). Every field that starts with one of those characters, a tab or
// a carriage return is written with a leading single quote, which
// spreadsheets show as text; a program reading the file must strip it. A
// telephone number such as +46 70 123 45 67 is thus written
// '+46 70 123 45 67.
func WritePortableCSV(w io.Writer, items []tillit.PortableItem) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(portableHeader); err != nil {
		return fmt.Errorf("extract: csv: %w", err)
	}
	for _, it := range items {
		collected := ""
		if !it.Collected.IsZero() {
			collected = it.Collected.UTC().Format(time.RFC3339)
		}
		row := []string{defuse(it.Category), defuse(it.Value), defuse(it.Point), collected}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("extract: csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("extract: csv: %w", err)
	}
	return nil
}

// defuse prefixes s with a single quote if a spreadsheet would take it for
// a formula.
func defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
