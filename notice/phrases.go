package notice

import (
	"strings"

	"github.com/tillit-privacy/tillit"
)

// The functions here give other parts of Tillit (the access extract, the
// answers to requests) the notice's own wording, so that a person reads
// the same sentences in their copy as in the privacy notice.

// Rights returns the person's rights as sentences: "Right of access: …".
func Rights(p *tillit.Policy, lang tillit.Lang) []string {
	rs, _ := rights(p, newWords(lang))
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Title + ": " + r.Text
	}
	return out
}

// Complaint returns the sentence on the right to complain to the
// supervisory authority, with its website.
func Complaint(p *tillit.Policy, lang tillit.Lang) string {
	a := p.Controller().Authority
	s := newWords(lang).t("complaint.text", "Authority", a.Name.In(lang))
	if a.Website != "" {
		s += " (" + a.Website + ")"
	}
	return s + "."
}

// Retention returns how long a purpose keeps its data, in plain words:
// its rules, or its retention note, or that no period is set.
func Retention(p *tillit.Policy, purpose string, lang tillit.Lang) string {
	w := newWords(lang)
	x, ok := p.Purpose(purpose)
	if !ok {
		return ""
	}
	var out []string
	for _, r := range x.Retention {
		if r.Action != tillit.Review {
			out = append(out, w.rule(p, r))
		}
	}
	if note := x.RetentionNote.In(lang); note != "" {
		out = append(out, note)
	}
	if len(out) == 0 {
		return w.t("retention.none")
	}
	return strings.Join(out, " ")
}

// Hold returns a legal hold's law and keeping period in plain words.
func Hold(p *tillit.Policy, id string, lang tillit.Lang) string {
	for _, h := range p.LegalHolds() {
		if h.ID == id {
			return h.Law.In(lang) + ": " + newWords(lang).keep(p, h.Keep)
		}
	}
	return ""
}
