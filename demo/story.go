package demo

import (
	"context"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/tillit-privacy/tillit"
)

// plan plans every person's history, then the requests.
func (f *filler) plan() {
	for n := range f.o.People {
		p := f.newPerson(n)
		if f.planPerson(p) {
			f.people = append(f.people, p)
		}
	}
	f.planRequests()
}

// planPerson plans one person's history: the first submission, a few
// later ones, the events of their cases and of themselves, disclosures,
// and at the end perhaps a withdrawn consent or an objection.
func (f *filler) planPerson(p *person) bool {
	entry, ok := f.pickPoint(p, true)
	if !ok {
		return false
	}
	t := f.startTime()
	p.start = t
	if !f.planCollect(p, entry, t) {
		return false
	}
	for range f.followUps() {
		t = f.after(t, 6*time.Hour, 120*day)
		pt, ok := f.pickPoint(p, false)
		if !ok || !f.planCollect(p, pt, t) {
			break
		}
	}
	f.planSubjectEvents(p)
	f.planActivity(p)
	f.planEnd(p)
	return true
}

// startTime returns when a person first turns up: more people lately, as
// in a business that grows, in the daytime.
func (f *filler) startTime() time.Time {
	span := f.now.Add(-2 * day).Sub(f.from)
	t := f.from.Add(time.Duration(math.Sqrt(f.rng.Float64()) * float64(span))).In(tillit.Stockholm)
	y, m, d := t.Date()
	return time.Date(y, m, d, 7+f.rng.IntN(15), f.rng.IntN(60), f.rng.IntN(60), 0, tillit.Stockholm).UTC()
}

// followUps returns how many later submissions a person makes.
func (f *filler) followUps() int {
	switch x := f.rng.IntN(20); {
	case x < 7:
		return 0
	case x < 14:
		return 1
	case x < 18:
		return 2
	}
	return 3
}

// pickPoint chooses where the person's next submission enters. The first
// is one where people give their own data and can be found again by an
// identifier: a form, a sign-up, an e-mail.
func (f *filler) pickPoint(p *person, first bool) (tillit.CollectionPoint, bool) {
	var points []tillit.CollectionPoint
	var weights []float64
	for tier := 0; tier < 3 && len(points) == 0; tier++ {
		for _, pt := range f.pol.CollectionPoints() {
			if !f.playable(p, pt) || first && !f.entry(pt, tier) {
				continue
			}
			points = append(points, pt)
			weights = append(weights, f.weight(p, pt, first))
		}
		if !first {
			break
		}
	}
	if len(points) == 0 {
		return tillit.CollectionPoint{}, false
	}
	return points[weighted(f.rng.Float64(), weights)], true
}

// entry reports whether a first submission may enter at pt: at tier 0 a
// point where the person gives data that identifies them, at tier 1 any
// point where the person gives the data, at tier 2 any point.
func (f *filler) entry(pt tillit.CollectionPoint, tier int) bool {
	if tier == 2 {
		return true
	}
	if pt.Source != "" || pt.Channel == tillit.ChannelCookies || pt.Channel == tillit.ChannelSoftware {
		return false
	}
	return tier == 1 || slices.ContainsFunc(slices.Concat(pt.Required, pt.Optional), f.identifier)
}

// identifier reports whether the category finds a person again.
func (f *filler) identifier(id string) bool {
	c, _ := f.pol.Category(id)
	switch c.Type {
	case tillit.TypeEmail, tillit.TypePhone, tillit.TypePersonnummer:
		return c.Identifier
	}
	return false
}

// playable reports whether a submission for the person at pt can be
// made: every required category serves one of its purposes and has a
// value.
func (f *filler) playable(p *person, pt tillit.CollectionPoint) bool {
	for _, id := range pt.Required {
		c, _ := f.pol.Category(id)
		if c.Type == tillit.TypePhone && p.phone == "" && len(f.phones) == 0 {
			return false
		}
		if len(f.usedBy(pt, id, nil)) == 0 {
			return false
		}
	}
	return len(pt.Required)+len(pt.Optional) > 0
}

func (f *filler) weight(p *person, pt tillit.CollectionPoint, first bool) float64 {
	w := 1.0
	switch {
	case pt.OpensCase != "":
		w = 4
	case pt.Channel == tillit.ChannelAccount, pt.Channel == tillit.ChannelNewsletter:
		w = 2
	}
	if first {
		return w
	}
	for i, kind := range p.caseKinds {
		if kind == pt.OpensCase && p.casePoints[i] != pt.ID {
			return 6 // the next step of a case, such as the invoice after the order
		}
	}
	if pt.OpensCase == "" && slices.Contains(p.casePoints, pt.ID) || pt.Channel == tillit.ChannelNewsletter && p.consentedAt(pt) {
		return 0.3
	}
	return w
}

// consentedAt reports whether the person consented to every consent
// purpose of pt already.
func (p *person) consentedAt(pt tillit.CollectionPoint) bool {
	for _, id := range pt.Purposes {
		if !p.consented[id] {
			return false
		}
	}
	return true
}

// usedBy returns the purposes of pt that use category and that the
// person's data may serve: a consent purpose only with consent, given
// before or now.
func (f *filler) usedBy(pt tillit.CollectionPoint, category string, consent func(string) bool) []string {
	var out []string
	for _, id := range pt.Purposes {
		x, _ := f.pol.Purpose(id)
		if x.Uses(category) && (x.Basis != tillit.Consent || consent == nil || consent(id)) {
			out = append(out, id)
		}
	}
	return out
}

// planCollect plans a submission at pt at time t with the consents and
// values it needs, and what follows from it: the events of the case it
// opens and disclosures. It reports false when t is not in the past or
// no submission can be made.
func (f *filler) planCollect(p *person, pt tillit.CollectionPoint, t time.Time) bool {
	if !t.Before(f.now) {
		return false
	}
	grant := map[string]bool{}
	for _, id := range pt.Purposes {
		x, _ := f.pol.Purpose(id)
		if x.Basis == tillit.Consent && !p.consented[id] && f.rng.IntN(5) != 0 {
			grant[id] = true
		}
	}
	may := func(id string) bool { return p.consented[id] || grant[id] }
	fields := map[string]string{}
	for _, id := range pt.Required {
		if len(f.usedBy(pt, id, may)) == 0 {
			for _, x := range f.usedBy(pt, id, nil) {
				grant[x] = true // the data is given for it: the form asks for consent
			}
		}
		c, _ := f.pol.Category(id)
		v, ok := f.value(p, c, t)
		if !ok {
			return false
		}
		fields[id] = v
	}
	var optional []string
	for _, id := range pt.Optional {
		if len(f.usedBy(pt, id, may)) > 0 {
			optional = append(optional, id)
		}
	}
	for _, id := range optional {
		c, _ := f.pol.Category(id)
		if f.rng.Float64() >= f.chance(c) {
			continue
		}
		if v, ok := f.value(p, c, t); ok {
			fields[id] = v
		}
	}
	if len(fields) == 0 && len(optional) > 0 {
		id := pick(f.rng, optional)
		c, _ := f.pol.Category(id)
		if v, ok := f.value(p, c, t); ok {
			fields[id] = v
		}
	}
	if len(fields) == 0 {
		return false
	}
	var consents []tillit.ConsentGrant
	for _, id := range pt.Purposes {
		if grant[id] {
			consents = append(consents, tillit.ConsentGrant{Purpose: id, Version: f.version(id)})
			p.consented[id] = true
		}
	}

	// The case it opens, or the case of that kind it continues: the
	// invoice belongs to the order.
	idx, opens := -1, false
	if pt.OpensCase != "" {
		for i, kind := range p.caseKinds {
			if kind == pt.OpensCase && p.casePoints[i] != pt.ID {
				idx = i
			}
		}
		if idx < 0 {
			idx, opens = len(p.cases), true
			p.cases = append(p.cases, "")
			p.caseKinds = append(p.caseKinds, pt.OpensCase)
			p.casePoints = append(p.casePoints, pt.ID)
		}
	}
	var events []string
	if opens {
		events, _ = f.declared(tillit.CaseScope, pt.OpensCase)
	}
	s := tillit.Submission{Point: pt.ID, Fields: fields, Consents: consents, Events: events, Evidence: f.evidence(pt)}
	f.add(t, p, func(ctx context.Context) error {
		s := s
		s.Subject = p.subject
		if idx >= 0 && !opens {
			s.Case = p.cases[idx]
		}
		r, err := f.v.Collect(ctx, s)
		if err != nil {
			return err
		}
		if r.Created {
			f.rep.People++
		}
		p.subject = r.Subject
		if opens {
			p.cases[idx] = r.Case
			f.rep.Cases++
		}
		f.rep.Collections++
		f.rep.Consents += len(s.Consents)
		f.rep.Events += len(s.Events)
		return nil
	})

	var served []string
	for _, id := range slices.Sorted(maps.Keys(fields)) {
		c, _ := f.pol.Category(id)
		p.collected[id] = true
		if c.Type == tillit.TypeEmail && c.Identifier {
			p.hasEmail = true
		}
		if c.Transient {
			continue
		}
		for _, x := range f.usedBy(pt, id, may) {
			if !slices.Contains(p.serves[x], id) {
				p.serves[x] = append(p.serves[x], id)
			}
			if !slices.Contains(served, x) {
				served = append(served, x)
			}
		}
	}
	if opens {
		_, progress := f.declared(tillit.CaseScope, pt.OpensCase)
		f.planChain(p, progress, idx, t)
	}
	f.planDisclosures(p, served, t)
	return true
}

// chance returns how likely an optional category is filled in.
func (f *filler) chance(c tillit.Category) float64 {
	switch {
	case c.Special != "":
		return 0.1
	case c.Type == tillit.TypeEmail:
		return 0.9
	case c.Type == tillit.TypePhone:
		return 0.6
	case c.Type == tillit.TypePersonnummer, c.Type == tillit.TypeFile:
		return 0.3
	case has(c.ID, "name", "namn"):
		return 0.85
	}
	return 0.5
}

// version returns the wording version a consent to purpose is given to:
// the register's, or, when it names none, the policy version.
func (f *filler) version(purpose string) string {
	x, _ := f.pol.Purpose(purpose)
	if x.Consent.Version != "" {
		return x.Consent.Version
	}
	if v := f.pol.Controller().PolicyVersion; isRef(v) {
		return v
	}
	return "1"
}

// isRef reports whether s may stand as a version or channel in a ledger:
// at most 64 letters, digits and . _ - : /.
func isRef(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' || r == ':' || r == '/') {
			return false
		}
	}
	return true
}

// evidence returns what a web submission is proved by: a reference and
// an address from the documentation ranges.
func (f *filler) evidence(pt tillit.CollectionPoint) tillit.Evidence {
	switch pt.Channel {
	case tillit.ChannelWebForm, tillit.ChannelAccount, tillit.ChannelNewsletter, tillit.ChannelComments, tillit.ChannelCookies, tillit.ChannelPayment:
		return tillit.Evidence{IP: documentationIP(f.rng), Reference: "demo"}
	}
	return tillit.Evidence{Reference: "demo"}
}

// declared returns the register's own events of a scope (and, for case
// events, of a kind of case): those that happen when the case is opened,
// such as request_submitted, and those that come after, in register
// order.
func (f *filler) declared(scope tillit.EventScope, kind string) (start, later []string) {
	for _, e := range f.pol.Events() {
		if e.Builtin || e.Scope != scope || scope == tillit.CaseScope && e.Case != kind {
			continue
		}
		if scope == tillit.CaseScope && has(e.ID, "submitted", "opened", "created", "started", "placed") {
			start = append(start, e.ID)
		} else {
			later = append(later, e.ID)
		}
	}
	return start, later
}

// planChain plans events one after the other, each only if the one
// before happened, as a request gets an offer and then perhaps a
// contract. idx is the case they belong to, or -1 for the person's own.
func (f *filler) planChain(p *person, events []string, idx int, t time.Time) {
	for i, e := range events {
		odds, lo, hi := 0.5, 3*day, 60*day
		switch {
		case has(e, "ended", "terminated", "cancelled", "canceled", "expired"):
			odds, lo, hi = 0.2, 30*day, 300*day
		case has(e, "closed", "completed", "paid", "registered", "delivered", "resolved", "done"):
			odds, lo, hi = 0.8, time.Hour, 21*day
		case i == 0:
			odds, lo, hi = 0.7, time.Hour, 14*day
		}
		if f.rng.Float64() >= odds {
			return
		}
		t = f.after(t, lo, hi)
		rec := tillit.EventRecord{Event: e}
		if !f.add(t, p, func(ctx context.Context) error {
			rec := rec
			rec.Subject = p.subject
			if idx >= 0 {
				rec.Case = p.cases[idx]
			}
			if err := f.v.Record(ctx, rec); err != nil {
				return err
			}
			f.rep.Events++
			return nil
		}) {
			return
		}
	}
}

// planSubjectEvents plans the register's events about the person, such
// as a contract signed or ended: for customers, who opened a case, when
// the register has cases.
func (f *filler) planSubjectEvents(p *person) {
	_, events := f.declared(tillit.SubjectScope, "")
	if len(events) == 0 || len(p.cases) == 0 && f.hasCases() {
		return
	}
	f.planChain(p, events, -1, p.start)
}

func (f *filler) hasCases() bool {
	return slices.ContainsFunc(f.pol.CollectionPoints(), func(pt tillit.CollectionPoint) bool { return pt.OpensCase != "" })
}

// planActivity plans the person's use of the services, when the register
// counts from it.
func (f *filler) planActivity(p *person) {
	if !f.counted(tillit.EventActivity) || f.rng.IntN(5) >= 2 {
		return
	}
	for range 1 + f.rng.IntN(4) {
		f.add(f.between(p.start.Add(time.Hour), f.now), p, func(ctx context.Context) error {
			if err := f.v.Record(ctx, tillit.EventRecord{Subject: p.subject, Event: tillit.EventActivity}); err != nil {
				return err
			}
			f.rep.Events++
			return nil
		})
	}
}

// counted reports whether a retention rule or legal hold counts from
// event or is cancelled by it.
func (f *filler) counted(event string) bool {
	for _, x := range f.pol.Purposes() {
		for _, r := range x.Retention {
			if r.Event == event || r.Unless == event {
				return true
			}
		}
	}
	for _, h := range f.pol.LegalHolds() {
		if h.Keep.Event == event {
			return true
		}
	}
	return false
}

// planDisclosures plans disclosures soon after a submission to some of
// the recipients the purposes it served declare, when there is something
// they may receive.
func (f *filler) planDisclosures(p *person, purposes []string, t time.Time) {
	for _, purpose := range purposes {
		if f.rng.IntN(5) >= 3 {
			continue
		}
		var rs []tillit.Recipient
		var weights []float64
		for _, r := range f.pol.RecipientsFor(purpose) {
			if !slices.ContainsFunc(f.pol.Disclosable(purpose, r.ID), func(c string) bool { return slices.Contains(p.serves[purpose], c) }) {
				continue
			}
			rs = append(rs, r)
			w := 1.0
			if r.Role == tillit.AuthorityRole {
				w = 0.05 // an authority asks now and then
			}
			weights = append(weights, w)
		}
		for range 1 + f.rng.IntN(3)/2 {
			if len(rs) == 0 {
				break
			}
			i := weighted(f.rng.Float64(), weights)
			d := tillit.Disclosure{Recipient: rs[i].ID, Purpose: purpose}
			rs, weights = slices.Delete(rs, i, i+1), slices.Delete(weights, i, i+1)
			f.add(f.after(t, 5*time.Minute, 3*day), p, func(ctx context.Context) error {
				d := d
				d.Subject = p.subject
				if _, _, err := f.v.Disclose(ctx, d); err != nil {
					return err
				}
				f.rep.Disclosures++
				return nil
			})
		}
	}
}

// planEnd plans, after the rest of the person's history, a consent
// withdrawn now and then, and an objection.
func (f *filler) planEnd(p *person) {
	end := p.lastAt
	for _, x := range f.pol.Purposes() {
		switch {
		case x.Basis == tillit.Consent && p.consented[x.ID] && f.rng.IntN(8) == 0:
			channel := "privacy_centre"
			if x.DirectMarketing {
				channel = "unsubscribe_link"
			}
			c := tillit.ConsentRecord{Purpose: x.ID, Given: false, Channel: channel}
			if f.add(f.after(end, day, 90*day), p, func(ctx context.Context) error {
				c := c
				c.Subject = p.subject
				if err := f.v.SetConsent(ctx, c, tillit.Evidence{Reference: "demo"}); err != nil {
					return err
				}
				f.rep.Withdrawals++
				return nil
			}) {
				p.withdrawn[x.ID] = true
			}
		case x.Objectable() && len(p.serves[x.ID]) > 0 && f.rng.IntN(16) == 0:
			id := x.ID
			if f.add(f.after(end, day, 90*day), p, func(ctx context.Context) error {
				if err := f.v.Object(ctx, p.subject, id); err != nil {
					return err
				}
				f.rep.Objections++
				return nil
			}) {
				p.objected[id] = true
			}
		}
	}
}

// weighted returns the index that x, in [0, 1), falls on when the
// weights are laid end to end.
func weighted(x float64, weights []float64) int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	x *= sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}
