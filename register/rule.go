package register

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tillit-privacy/tillit"
)

// word is a word of a rule with its byte offset in the rule text.
type word struct {
	s   string
	off int
}

func words(s string) []word {
	var out []word
	start := -1
	for i, r := range s + " " {
		if r == ' ' || r == '\t' || r == '\n' {
			if start >= 0 {
				out = append(out, word{s[start:i], start})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	return out
}

// ruleParser parses the retention-rule language of docs/register.md:
//
//	rule   = action ( "at once on" | "on" | "until" ) event [ unless ]
//	       | action [ "every" ] period "after" anchor [ unless ]
//	keep   = period "after" anchor
//	anchor = [ "end of year of" ] event
//	unless = "unless" event [ "within" period ]
//	period = number ( "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years" )
type ruleParser struct {
	ws  []word
	i   int
	end int // length of the text, for "at the end" errors
}

// ruleError is a problem at a byte offset within a rule.
type ruleError struct {
	off int
	msg string
}

func (e *ruleError) Error() string { return e.msg }

func (p *ruleParser) peek() string {
	if p.i < len(p.ws) {
		return strings.ToLower(p.ws[p.i].s)
	}
	return ""
}

func (p *ruleParser) off() int {
	if p.i < len(p.ws) {
		return p.ws[p.i].off
	}
	return p.end
}

func (p *ruleParser) fail(format string, args ...any) error {
	found := "the end of the rule"
	if p.i < len(p.ws) {
		found = fmt.Sprintf("%q", p.ws[p.i].s)
	}
	return &ruleError{p.off(), fmt.Sprintf(format, args...) + ", found " + found}
}

// accept consumes the given words if they come next.
func (p *ruleParser) accept(ws ...string) bool {
	for k, w := range ws {
		if p.i+k >= len(p.ws) || strings.ToLower(p.ws[p.i+k].s) != w {
			return false
		}
	}
	p.i += len(ws)
	return true
}

func (p *ruleParser) event() (string, int, error) {
	if p.i >= len(p.ws) {
		return "", p.end, p.fail("expected an event name")
	}
	w := p.ws[p.i]
	if !tillit.IsID(w.s) {
		return "", w.off, p.fail("expected an event name (lower case, e.g. contract_ended)")
	}
	p.i++
	return w.s, w.off, nil
}

var units = map[string]tillit.Unit{
	"day": tillit.Days, "days": tillit.Days, "week": tillit.Weeks, "weeks": tillit.Weeks,
	"month": tillit.Months, "months": tillit.Months, "year": tillit.Years, "years": tillit.Years,
}

func (p *ruleParser) period() (tillit.Duration, error) {
	w := p.peek()
	n, err := strconv.Atoi(w)
	if err != nil || n < 1 || n > 1000 || w[0] < '1' || w[0] > '9' {
		return tillit.Duration{}, p.fail("expected a period such as \"30 days\" or \"12 months\" (a whole number from 1 to 1000)")
	}
	p.i++
	u, ok := units[p.peek()]
	if !ok {
		return tillit.Duration{}, p.fail("expected a unit: days, weeks, months or years")
	}
	p.i++
	return tillit.Duration{N: n, Unit: u}, nil
}

// eventRef is an event named in a rule, with its offset for error messages.
type eventRef struct {
	name string
	off  int
}

// parseRule parses a retention rule. It returns the events it names so the
// caller can check they are declared.
func parseRule(text string) (tillit.Rule, []eventRef, error) {
	p := &ruleParser{ws: words(text), end: len(text)}
	r := tillit.Rule{Text: strings.Join(strings.Fields(text), " ")}
	switch a := p.peek(); a {
	case "delete", "anonymise", "anonymize", "archive", "review":
		if a == "anonymize" {
			a = "anonymise"
		}
		r.Action = tillit.Action(a)
		p.i++
	default:
		return r, nil, p.fail("a retention rule starts with delete, anonymise, archive or review")
	}
	var refs []eventRef
	switch {
	case p.accept("at", "once", "on"), p.accept("on"), p.accept("until"):
		ev, off, err := p.event()
		if err != nil {
			return r, nil, err
		}
		r.Event = ev
		refs = append(refs, eventRef{ev, off})
	default:
		if p.accept("every") {
			if r.Action != tillit.Review {
				return r, nil, &ruleError{p.ws[p.i-1].off, "only a review rule can recur with \"every\""}
			}
			r.Every = true
		}
		refs2, err := p.anchor(&r)
		if err != nil {
			return r, nil, err
		}
		refs = append(refs, refs2...)
	}
	if p.accept("unless") {
		ev, off, err := p.event()
		if err != nil {
			return r, nil, err
		}
		r.Unless = ev
		refs = append(refs, eventRef{ev, off})
		if p.accept("within") {
			d, err := p.period()
			if err != nil {
				return r, nil, err
			}
			r.Within = d
		}
	}
	if p.i < len(p.ws) {
		return r, nil, p.fail("expected \"unless EVENT\" or the end of the rule")
	}
	switch {
	case r.Unless != "" && r.Unless == r.Event:
		return r, nil, &ruleError{refs[len(refs)-1].off, "unless names the event the rule counts from, so the rule would never apply; name another event"}
	case r.AtOnce() && !r.Within.IsZero():
		return r, nil, &ruleError{0, "\"within\" needs a rule with a period (\"30 days after EVENT unless ...\"): a rule that acts at once cannot wait for the window"}
	case !r.Within.IsZero() && shortest(r.Within) > shortest(r.After):
		return r, nil, &ruleError{0, fmt.Sprintf("the window (%s) is longer than the period (%s): when the rule is due it cannot yet tell whether %s will happen in time", r.Within, r.After, r.Unless)}
	}
	return r, refs, nil
}

// dayBounds returns the shortest and longest length of d in days: a month
// is 28 to 31 days, a year 365 or 366.
func dayBounds(d tillit.Duration) (shortest, longest int) {
	switch d.Unit {
	case tillit.Weeks:
		return 7 * d.N, 7 * d.N
	case tillit.Months:
		return 28 * d.N, 31 * d.N
	case tillit.Years:
		return 365 * d.N, 366 * d.N
	}
	return d.N, d.N
}

// anchor parses: period "after" ["end of year of"] event.
func (p *ruleParser) anchor(r *tillit.Rule) ([]eventRef, error) {
	start := p.i
	d, err := p.period()
	if err != nil {
		if r.Action != "" && p.i == start && !numeric(p.peek()) {
			return nil, p.fail("expected \"at once on EVENT\" or a period such as \"30 days after EVENT\"")
		}
		return nil, err
	}
	r.After = d
	if !p.accept("after") {
		return nil, p.fail("expected \"after\"")
	}
	if p.accept("end", "of", "year", "of") || p.accept("the", "end", "of", "the", "year", "of") {
		r.EndOfYear = true
	}
	ev, off, err := p.event()
	if err != nil {
		return nil, err
	}
	r.Event = ev
	return []eventRef{{ev, off}}, nil
}

// parseKeep parses the keeping period of a legal hold.
func parseKeep(text string) (tillit.Rule, []eventRef, error) {
	p := &ruleParser{ws: words(text), end: len(text)}
	r := tillit.Rule{Text: strings.Join(strings.Fields(text), " ")}
	refs, err := p.anchor(&r)
	if err != nil {
		return r, nil, err
	}
	if p.i < len(p.ws) {
		return r, nil, p.fail("expected the end of the period")
	}
	return r, refs, nil
}

// ParseDuration parses a period as a register writes it, such as
// "30 days" or "1 month".
func ParseDuration(text string) (tillit.Duration, error) { return parseDuration(text) }

// parseDuration parses a bare period such as "1 month".
func parseDuration(text string) (tillit.Duration, error) {
	p := &ruleParser{ws: words(text), end: len(text)}
	d, err := p.period()
	if err != nil {
		return d, err
	}
	if p.i < len(p.ws) {
		return d, p.fail("expected only a period such as \"1 month\"")
	}
	return d, nil
}

// numeric reports whether w looks like an attempt at a number.
func numeric(w string) bool {
	return w != "" && (w[0] >= '0' && w[0] <= '9' || w[0] == '+' || w[0] == '-')
}

func shortest(d tillit.Duration) int { n, _ := dayBounds(d); return n }

func longest(d tillit.Duration) int { _, n := dayBounds(d); return n }
