package letters

import (
	"time"

	"github.com/tillit-privacy/tillit"
)

// Art19 is the e-mail that tells a recipient of a rectification, erasure
// or restriction of data it received (GDPR art. 19). It names the person
// by their pseudonymous ID and the disclosures by theirs; only a
// rectification carries values, the corrected ones. The recipient is an
// organisation whose language is not known, so the e-mail is in Swedish
// and then English.
type Art19 struct {
	Type        string // tillit.art19.rectification, .erasure or .restriction
	Controller  string // its name
	Subject     string // the person's pseudonymous ID
	Categories  []string
	Disclosures []Disclosure
	Changes     map[string]string // rectification: category -> corrected value
}

// Disclosure is a disclosure an Art19 notice concerns.
type Disclosure struct {
	ID      string
	Purpose string
	At      time.Time
}

type change struct {
	Category, Value string
}

// Bilingual writes the e-mail, in Swedish and then English.
func (d Art19) Bilingual() (Letter, error) {
	v := struct {
		Art19
		Corrected []change
	}{Art19: d}
	for _, c := range d.Categories {
		if val, ok := d.Changes[c]; ok {
			v.Corrected = append(v.Corrected, change{c, val})
		}
	}
	sv, err := write(tillit.Swedish, "art19", "subject", "body", v)
	if err != nil {
		return Letter{}, err
	}
	en, err := write(tillit.English, "art19", "subject", "body", v)
	if err != nil {
		return Letter{}, err
	}
	return Letter{Subject: sv.Subject + " / " + en.Subject, Body: sv.Body + "\n---\n\n" + en.Body}, nil
}
