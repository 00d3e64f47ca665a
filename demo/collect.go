package demo

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/tillit-privacy/tillit"
)

// planCollect plans a submission at pt at time t with the consents and
// values it needs, and what follows from it: the events of the case it
// opens and disclosures. It reports false when t is not in the past or
// no submission can be made.
func (f *filler) planCollect(p *person, pt tillit.CollectionPoint, t time.Time) bool {
	if !t.Before(f.now) {
		return false
	}
	f.point = pt
	p.points = append(p.points, pt.ID)
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
				grant[x] = true // given only for it: the form asks for consent (GDPR art. 6(1)(a), 7(1))
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
	if len(fields) == 0 {
		// Something is always given; where everything needs consent,
		// giving it is consenting, as at a trade fair or a cookie banner.
		var any []string
		for _, id := range pt.Optional {
			if len(f.usedBy(pt, id, nil)) > 0 {
				any = append(any, id)
			}
		}
		if len(any) == 0 {
			return false
		}
		id := pick(f.rng, any)
		if len(f.usedBy(pt, id, may)) == 0 {
			for _, x := range f.usedBy(pt, id, nil) {
				grant[x] = true
			}
		}
		c, _ := f.pol.Category(id)
		v, ok := f.value(p, c, t)
		if !ok {
			return false
		}
		fields[id] = v
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
	idx, opens := p.continues(pt, t), false
	if idx < 0 && pt.OpensCase != "" {
		idx, opens = len(p.planned), true
		p.planned = append(p.planned, plannedCase{kind: pt.OpensCase, point: pt.ID, opened: t})
		p.cases = append(p.cases, "")
	}
	var events []string
	if opens {
		events, _ = f.declared(tillit.CaseScope, pt.OpensCase)
	}
	s := tillit.Submission{Point: pt.ID, Fields: fields, Consents: consents, Events: events, Evidence: f.evidence(pt)}
	f.add(t, &p.thread, func(ctx context.Context) error {
		s := s
		s.Subject = p.subject
		if idx >= 0 && !opens {
			s.Case = p.cases[idx]
		}
		r, err := f.a.Vault.Collect(ctx, s)
		if err != nil && p.subject != "" {
			return f.gone(ctx, p, err)
		} else if err != nil {
			return err
		}
		if !f.checked {
			// The first person stored must be in the vault's store too:
			// Options.Store may not be another one.
			if _, err := f.caller.Subject(ctx, r.Subject); err != nil {
				return fmt.Errorf("the store given is not the vault's (%v)", err) // not a refusal: Fill stops
			}
			f.checked = true
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
