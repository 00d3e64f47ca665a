package demo

import (
	"context"
	"math"
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
	f.planSweeps()
}

// planPerson plans one person's history: the first submission, a few
// later ones, the events of their cases and of themselves, disclosures,
// at the end perhaps a withdrawn consent or an objection, and their use
// of the services, which goes on.
func (f *filler) planPerson(p *person) bool {
	t := f.startTime()
	entry, ok := f.pickPoint(p, true, t)
	if !ok {
		return false
	}
	p.start = t
	if !f.planCollect(p, entry, t) {
		return false
	}
	for range f.followUps() {
		pt, ok := f.pickPoint(p, false, t)
		if !ok {
			break
		}
		if p.continues(pt, t) >= 0 {
			t = f.after(t, time.Hour, 14*day)
		} else {
			t = f.after(t, 6*time.Hour, 120*day)
		}
		if !f.planCollect(p, pt, t) {
			break
		}
	}
	f.planSubjectEvents(p)
	f.planEnd(p)
	f.planActivity(p)
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

// planEnd plans, after the rest of the person's history, a consent
// withdrawn now and then (GDPR art. 7(3)), and an objection to a purpose
// that rests on legitimate interest or is direct marketing (art. 21).
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
			if f.add(f.after(end, day, 90*day), &p.thread, func(ctx context.Context) error {
				c := c
				c.Subject = p.subject
				if err := f.a.Vault.SetConsent(ctx, c, tillit.Evidence{Reference: "demo"}); err != nil {
					return f.gone(ctx, p, err)
				}
				f.rep.Withdrawals++
				return nil
			}) {
				p.withdrawn[x.ID] = true
			}
		case x.Objectable() && len(p.serves[x.ID]) > 0 && f.rng.IntN(16) == 0:
			id := x.ID
			if f.add(f.after(end, day, 90*day), &p.thread, func(ctx context.Context) error {
				if err := f.a.Vault.Object(ctx, p.subject, id); err != nil {
					return f.gone(ctx, p, err)
				}
				f.rep.Objections++
				return nil
			}) {
				p.objected[id] = true
			}
		}
	}
}
