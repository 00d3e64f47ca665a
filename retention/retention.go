// Package retention evaluates a register's retention rules and legal holds
// over what the vault knows of one subject: its items (metadata only; the
// values stay sealed), cases, lifecycle events and consents. It decides,
// for every item, when it stops being used (archived), when it goes
// (deleted or anonymised) and by which rule, and which review tasks are
// due. It reads no store and keeps no state: the vault calls it when a
// subject changes, to schedule the subject, and the sweep calls it to do
// what is due.
//
// The rules, in brief (docs/retention.md has them in full):
//
//   - A period rule counts from the latest occurrence of its event in the
//     item's scope; "at once" fires on the first occurrence at or after the
//     item was collected (an earlier one belongs to an earlier life of the
//     data, e.g. a consent withdrawn and later given again).
//   - "unless U" cancels the rule when U happened from the anchor up to the
//     due time, or up to the end of the "within" window if that is sooner.
//   - A case event is looked up in the item's case when it is of the
//     event's case type; otherwise the rule must be due in every case of
//     that type the subject has (data shared by two contracts stays while
//     either runs), and does not apply while there is none. A purpose all
//     of whose rules count from cases the person has none of (a contract
//     purpose for someone without a contract) does not hold the item.
//   - A purpose with no retention rule at all keeps the item with no end
//     (the register's lint warns of it).
//   - A purpose lets an item go at its earliest delete or anonymise rule
//     and stops using it at its earliest archive rule; an item goes when
//     every purpose it was collected for has let it go (the last decides
//     how), and is archived from when no purpose uses it any more.
//   - A legal hold whose event happened keeps its categories, archived,
//     until its end, counted in the same scopes.
//   - activity counts the person's activity events and every collection.
package retention

import (
	"slices"
	"time"

	"github.com/tillit-privacy/tillit"
)

// Facts is what the evaluator knows of one subject.
type Facts struct {
	Subject  tillit.Subject
	Items    []tillit.Item
	Cases    []tillit.Case
	Events   []tillit.EventRecord
	Consents []tillit.ConsentRecord
}

// Review is a review task a rule makes due.
type Review struct {
	Purpose string
	Rule    tillit.Rule
	Case    string
	Due     time.Time
}

// Plan is what the rules say about a subject at a moment.
type Plan struct {
	Items []tillit.Forecast
	// Reviews are the review tasks due at or before the moment of the
	// plan: the latest occurrence of each recurring review.
	Reviews []Review
	// next is the earliest review due after the moment of the plan.
	next time.Time
}

// Next returns the earliest time after which something is due: an item to
// archive or to let go (pending ones, even if already due, unless applied
// is set, when only those after now count), or a review after the plan's
// moment. It is zero when nothing is ever due.
func (p Plan) Next(now time.Time, applied bool) time.Time {
	next := p.next
	earliest := func(t time.Time) {
		if t.IsZero() || applied && !t.After(now) {
			return
		}
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	for _, f := range p.Items {
		if f.Restricted {
			return time.Time{}
		}
		if f.Archived.IsZero() {
			earliest(f.ArchiveAt)
		}
		earliest(f.GoneAt)
	}
	return next
}

// Evaluate applies the policy's rules to a subject at now.
func Evaluate(pol *tillit.Policy, f Facts, now time.Time) Plan {
	s := newScope(pol, f)
	var plan Plan
	seen := map[Review]bool{}
	for _, it := range f.Items {
		fc, reviews, next := s.item(it, now)
		fc.Restricted = f.Subject.Restricted
		plan.Items = append(plan.Items, fc)
		for _, r := range reviews {
			if !seen[r] {
				seen[r] = true
				plan.Reviews = append(plan.Reviews, r)
			}
		}
		if !next.IsZero() && (plan.next.IsZero() || next.Before(plan.next)) {
			plan.next = next
		}
	}
	return plan
}

// scope answers "when did this event happen" for one subject.
type scope struct {
	pol       *tillit.Policy
	f         Facts
	cases     map[string]tillit.Case
	collected []time.Time // every collection and case opening: activity
}

func newScope(pol *tillit.Policy, f Facts) *scope {
	s := &scope{pol: pol, f: f, cases: make(map[string]tillit.Case, len(f.Cases))}
	for _, c := range f.Cases {
		s.cases[c.ID] = c
		s.collected = append(s.collected, c.Opened)
	}
	for _, it := range f.Items {
		s.collected = append(s.collected, it.Collected)
	}
	return s
}

// times returns, in time order, when event name happened for purpose in
// case caseID ("" for subject events).
func (s *scope) times(name, purpose, caseID string) []time.Time {
	var out []time.Time
	switch name {
	case tillit.EventConsentGiven, tillit.EventConsentWithdrawn:
		given := name == tillit.EventConsentGiven
		for _, c := range s.f.Consents {
			if c.Purpose == purpose && c.Given == given {
				out = append(out, c.At)
			}
		}
	case tillit.EventActivity:
		out = append(out, s.collected...)
		fallthrough
	default:
		for _, e := range s.f.Events {
			if e.Event != name || e.Case != caseID {
				continue
			}
			if e.Purpose == "" && name != tillit.EventObjected || e.Purpose == purpose {
				out = append(out, e.At)
			}
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}

// casesFor returns the cases in which to look for event def for item it:
// the item's own case if it is of the event's case type, else every case
// of that type the subject has. For a subject event it returns [""].
func (s *scope) casesFor(def tillit.Event, it tillit.Item) []string {
	if def.Scope != tillit.CaseScope {
		return []string{""}
	}
	if c, ok := s.cases[it.Case]; ok && c.Kind == def.Case {
		return []string{c.ID}
	}
	var out []string
	for _, c := range s.f.Cases {
		if c.Kind == def.Case {
			out = append(out, c.ID)
		}
	}
	return out
}

// event returns the register's definition of an event; "collected" is the
// item's own, a subject event.
func (s *scope) event(name string) tillit.Event {
	def, ok := s.pol.Event(name)
	if !ok || name == tillit.EventCollected {
		return tillit.Event{ID: name, Scope: tillit.SubjectScope}
	}
	return def
}

// inCase reports whether event can happen for item it: a subject event
// always can, a case event when the item or the subject has a case of its
// type.
func (s *scope) inCase(event string, it tillit.Item) bool {
	return len(s.casesFor(s.event(event), it)) > 0
}

// anchor returns the moment rule r counts from for item it in case caseID.
func (s *scope) anchor(it tillit.Item, purpose string, r tillit.Rule, caseID string) (time.Time, bool) {
	if r.Event == tillit.EventCollected {
		return it.Collected, true
	}
	ts := s.times(r.Event, purpose, caseID)
	if len(ts) == 0 {
		return time.Time{}, false
	}
	if r.AtOnce() {
		for _, t := range ts {
			if !t.Before(it.Collected) {
				return t, true
			}
		}
		return time.Time{}, false
	}
	return ts[len(ts)-1], true
}

// dueAfter returns the n-th due time of r counted from anchor.
func dueAfter(r tillit.Rule, anchor time.Time, n int) time.Time {
	base := anchor
	if r.EndOfYear {
		base = tillit.EndOfYear(anchor)
	}
	if r.AtOnce() {
		return base.UTC()
	}
	return tillit.Duration{N: r.After.N * n, Unit: r.After.Unit}.After(base).UTC()
}

// cancelled reports whether r's unless event happened from anchor up to
// due (or the end of its window).
func (s *scope) cancelled(it tillit.Item, purpose string, r tillit.Rule, caseID string, anchor, due time.Time) bool {
	if r.Unless == "" {
		return false
	}
	limit := due
	if !r.Within.IsZero() {
		if w := r.Within.After(anchor).UTC(); w.Before(limit) {
			limit = w
		}
	}
	def := s.event(r.Unless)
	var cases []string
	switch c, ok := s.cases[caseID]; {
	case def.Scope != tillit.CaseScope:
		cases = []string{""}
	case ok && c.Kind == def.Case:
		cases = []string{caseID} // the anchor's own case
	default:
		cases = s.casesFor(def, it)
	}
	for _, c := range cases {
		for _, u := range s.times(r.Unless, purpose, c) {
			if !u.Before(anchor) && !u.After(limit) {
				return true
			}
		}
	}
	return false
}

// due returns when rule r of purpose falls due for item it; false when it
// does not (yet).
func (s *scope) due(it tillit.Item, purpose string, r tillit.Rule) (time.Time, bool) {
	cases := s.casesFor(s.event(r.Event), it)
	if len(cases) == 0 {
		return time.Time{}, false
	}
	var latest time.Time
	for _, c := range cases {
		anchor, ok := s.anchor(it, purpose, r, c)
		if !ok {
			return time.Time{}, false
		}
		due := dueAfter(r, anchor, 1)
		if s.cancelled(it, purpose, r, c, anchor, due) {
			return time.Time{}, false
		}
		if due.After(latest) {
			latest = due
		}
	}
	return latest, true
}

// reviews returns the latest occurrence of review rule r at or before now
// (if not cancelled by then) and the next one after now.
func (s *scope) reviews(it tillit.Item, purpose string, r tillit.Rule, now time.Time) (last, next time.Time, caseID string) {
	for _, c := range s.casesFor(s.event(r.Event), it) {
		anchor, ok := s.anchor(it, purpose, r, c)
		if !ok {
			continue
		}
		for n := 1; n <= maxReviews; n++ {
			due := dueAfter(r, anchor, n)
			if s.cancelled(it, purpose, r, c, anchor, due) {
				break
			}
			if due.After(now) {
				if next.IsZero() || due.Before(next) {
					next = due
				}
				break
			}
			if due.After(last) {
				last, caseID = due, c
			}
			if !r.Every {
				break
			}
		}
	}
	return last, next, caseID
}

// maxReviews bounds how many occurrences of a recurring review are
// counted through.
const maxReviews = 10000

type release struct {
	at      time.Time
	rule    tillit.Rule
	purpose string
}

func earlier(a release, at time.Time, r tillit.Rule, purpose string) release {
	if a.at.IsZero() || at.Before(a.at) || at.Equal(a.at) && a.rule.Action == tillit.Anonymise && r.Action == tillit.Delete {
		return release{at: at, rule: r, purpose: purpose}
	}
	return a
}

// item decides an item's fate.
func (s *scope) item(it tillit.Item, now time.Time) (tillit.Forecast, []Review, time.Time) {
	fc := tillit.Forecast{
		Subject: it.Subject, Item: it.ID, Category: it.Category, Case: it.Case,
		Purposes: it.Purposes, Archived: it.Archived,
	}
	var reviews []Review
	var nextReview time.Time
	var gone, active release // the last purpose to let go; the last to stop using it
	keptForever := false
	n := 0
	for _, id := range it.Purposes {
		p, ok := s.pol.Purpose(id)
		if !ok || !p.Uses(it.Category) {
			continue
		}
		var letGo, archive release
		applies := len(p.Retention) == 0 // a purpose with no rule keeps it
		for _, r := range p.Retention {
			if r.Action == tillit.Review {
				last, next, c := s.reviews(it, p.ID, r, now)
				if !last.IsZero() {
					reviews = append(reviews, Review{Purpose: p.ID, Rule: r, Case: c, Due: last})
				}
				if !next.IsZero() && (nextReview.IsZero() || next.Before(nextReview)) {
					nextReview = next
				}
				continue
			}
			if s.inCase(r.Event, it) {
				applies = true
			}
			due, ok := s.due(it, p.ID, r)
			if !ok {
				continue
			}
			if r.Action == tillit.Archive {
				archive = earlier(archive, due, r, p.ID)
			} else {
				letGo = earlier(letGo, due, r, p.ID)
			}
		}
		if !applies {
			// Every rule counts from a case the person has none of, e.g.
			// "36 months after contract_ended" for someone who never
			// had a contract: the purpose does not hold this item.
			continue
		}
		n++
		if letGo.at.IsZero() {
			keptForever = true
			fc.KeptBy = append(fc.KeptBy, p.ID)
		} else if gone.at.IsZero() || letGo.at.After(gone.at) {
			gone = letGo
		}
		end := letGo
		if !archive.at.IsZero() && (end.at.IsZero() || archive.at.Before(end.at)) {
			end = archive
		}
		switch {
		case end.at.IsZero():
			active.at, active.rule = time.Time{}, tillit.Rule{}
			active.purpose = "-" // some purpose uses it with no end
		case active.purpose != "-" && (active.at.IsZero() || end.at.After(active.at)):
			active = end
		}
	}
	if n == 0 {
		return fc, reviews, nextReview // no purpose of the register uses it: nothing decides
	}
	if !keptForever {
		fc.GoneAt, fc.Action = gone.at, gone.rule.Action
		fc.GoneRule, fc.GonePurpose = gone.rule.String(), gone.purpose
	}
	if active.purpose != "-" && !active.at.IsZero() && (fc.GoneAt.IsZero() || active.at.Before(fc.GoneAt)) {
		fc.ArchiveAt, fc.ArchiveRule = active.at, active.rule.String()
	}
	if !fc.GoneAt.IsZero() {
		s.hold(it, &fc)
	}
	return fc, reviews, nextReview
}

// hold extends fc by the legal hold on its category that ends last, if
// that is after the purposes let the item go.
func (s *scope) hold(it tillit.Item, fc *tillit.Forecast) {
	var until time.Time
	var held tillit.LegalHold
	for _, h := range s.pol.HoldsOn(it.Category) {
		def := s.event(h.Keep.Event)
		cases := []string{""}
		if def.Scope == tillit.CaseScope {
			cases = nil
			if c, ok := s.cases[it.Case]; ok && c.Kind == def.Case {
				cases = []string{c.ID}
			} else if it.Case == "" {
				cases = s.casesFor(def, it)
			}
		}
		for _, c := range cases {
			ts := s.times(h.Keep.Event, "", c)
			if len(ts) == 0 {
				continue
			}
			if end := dueAfter(h.Keep, ts[len(ts)-1], 1); end.After(until) {
				until, held = end, h
			}
		}
	}
	if !until.After(fc.GoneAt) {
		return
	}
	if fc.ArchiveAt.IsZero() || fc.ArchiveAt.After(fc.GoneAt) {
		fc.ArchiveAt, fc.ArchiveRule = fc.GoneAt, fc.GoneRule
	}
	fc.Hold, fc.HoldLaw, fc.HoldUntil = held.ID, held.Law, until
	fc.GoneAt, fc.Action, fc.GoneRule, fc.GonePurpose = until, tillit.Delete, held.Keep.String(), ""
}

// Holds returns, for each of the person's items that a legal hold keeps
// past now whatever its purposes say, a forecast naming that hold (the one
// that ends last) and its end: what an erasure request must keep (GDPR
// art. 17(3)(b)). A hold whose event has not happened keeps nothing.
func Holds(pol *tillit.Policy, f Facts, now time.Time) map[string]tillit.Forecast {
	s := newScope(pol, f)
	out := map[string]tillit.Forecast{}
	for _, it := range f.Items {
		fc := tillit.Forecast{Subject: it.Subject, Item: it.ID, Category: it.Category, Case: it.Case,
			Purposes: it.Purposes, Archived: it.Archived, GoneAt: now}
		s.hold(it, &fc)
		if fc.Hold != "" {
			fc.ArchiveAt, fc.ArchiveRule = now, fc.GoneRule
			out[it.ID] = fc
		}
	}
	return out
}
