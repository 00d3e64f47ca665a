// Package extract writes a person's copy of their data (GDPR art. 15) as
// JSON, as a printable HTML page and as an A4 PDF for delivery by post, and
// the data they provided (art. 20) as JSON and CSV.
//
// An extract arrives resolved into one language (tillit.Extract.Lang): its
// categories, purposes and sentences are already in that language. This
// package adds only the fixed words (headings, column names, notes), which it
// keeps in Swedish and English in words.go, and shows every date on the
// Stockholm calendar as 2006-01-02.
package extract

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Stockholm even where the system has no zone database

	"github.com/tillit-privacy/tillit"
)

// stockholm is the zone an extract's dates are shown in.
var stockholm = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic("extract: " + err.Error()) // cannot happen with time/tzdata
	}
	return loc
}()

// WriteJSON writes x as indented JSON. The output is stable: the same
// extract gives the same bytes, and lists the schema requires are written as
// [] rather than null when empty. HTML characters are written as they are,
// not as \u escapes, so the file reads well in a text editor.
func WriteJSON(w io.Writer, x tillit.Extract) error {
	x.Items = nonNil(x.Items)
	for i := range x.Items {
		x.Items[i].Purposes = nonNil(x.Items[i].Purposes)
	}
	if x.Recipients != nil {
		recipients := make([]tillit.ExtractRecipient, len(x.Recipients))
		for i, r := range x.Recipients {
			r.Categories = nonNil(r.Categories)
			r.Purposes = nonNil(r.Purposes)
			recipients[i] = r
		}
		x.Recipients = recipients
	}
	x.Rights = nonNil(x.Rights)
	return writeJSON(w, x)
}

// writeJSON writes v indented, without escaping HTML characters.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("extract: json: %w", err)
	}
	return nil
}

// nonNil returns a copy of s, or an empty slice when s is nil.
func nonNil[T any](s []T) []T {
	return append(make([]T, 0, len(s)), s...)
}

// view is an extract prepared for a page: its fixed words chosen, its dates
// formatted and its lists joined.
type view struct {
	Lang       tillit.Lang
	W          words
	Generated  string
	Subject    string
	Request    string
	Controller tillit.ExtractController
	Restricted bool
	Items      []itemView
	Recipients []recipientView
	Consents   []consentView
	Rights     []string
	Complaint  string
}

type itemView struct {
	Category   string
	Value      string
	Purposes   string
	Source     string
	Collected  string
	Retention  string
	Until      string
	Archived   bool
	Recipients string
}

type recipientView struct {
	Name       string
	Country    string
	Categories string
	Purposes   string
	Period     string
	Times      int
}

type consentView struct {
	Purpose string
	Status  string
	Version string
	At      string
}

// newView prepares x for a page. It fails with EINVALID when x is in a
// language Tillit does not have.
func newView(op string, x tillit.Extract) (view, error) {
	w, ok := vocabulary[x.Lang]
	if !ok {
		return view{}, tillit.Errorf(tillit.EINVALID, op, "unknown language %q", x.Lang)
	}
	v := view{
		Lang:       x.Lang,
		W:          w,
		Generated:  day(x.Generated),
		Subject:    x.Subject,
		Request:    x.Request,
		Controller: x.Controller,
		Restricted: x.Restricted,
		Rights:     x.Rights,
		Complaint:  x.Complaint,
	}
	for _, it := range x.Items {
		v.Items = append(v.Items, itemView{
			Category:   it.Category,
			Value:      it.Value,
			Purposes:   list(it.Purposes),
			Source:     it.Source,
			Collected:  day(it.Collected),
			Retention:  it.Retention,
			Until:      day(it.Until),
			Archived:   it.Archived,
			Recipients: list(it.Recipients),
		})
	}
	for _, r := range x.Recipients {
		v.Recipients = append(v.Recipients, recipientView{
			Name:       r.Name,
			Country:    r.Country,
			Categories: list(r.Categories),
			Purposes:   list(r.Purposes),
			Period:     period(r.First, r.Last),
			Times:      r.Times,
		})
	}
	for _, c := range x.Consents {
		status := w.Withdrawn
		if c.Given {
			status = w.Given
		}
		v.Consents = append(v.Consents, consentView{Purpose: c.Purpose, Status: status, Version: c.Version, At: day(c.At)})
	}
	return v, nil
}

// Kept is how long the item is kept in words, with its last day if known.
func (it itemView) Kept(w words) string {
	if it.Until == "" {
		return it.Retention
	}
	return fmt.Sprintf("%s (%s %s)", it.Retention, w.Until, it.Until)
}

// day formats t as a date on the Stockholm calendar; "" for the zero time.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(stockholm).Format(time.DateOnly)
}

// period formats the first and last day of a span, once if they are the same.
func period(first, last time.Time) string {
	a, b := day(first), day(last)
	if a == b || b == "" {
		return a
	}
	if a == "" {
		return b
	}
	return a + " – " + b
}

func list(ss []string) string { return strings.Join(ss, ", ") }
