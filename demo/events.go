package demo

import (
	"context"
	"slices"
	"time"

	"github.com/tillit-privacy/tillit"
)

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
		if !f.add(t, &p.thread, func(ctx context.Context) error {
			rec := rec
			rec.Subject = p.subject
			if idx >= 0 {
				rec.Case = p.cases[idx]
			}
			if err := f.a.Vault.Record(ctx, rec); err != nil {
				return f.gone(ctx, p, err)
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
	if len(events) == 0 || len(p.planned) == 0 && f.hasCases() {
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
		f.add(f.between(p.start.Add(time.Hour), f.now), &p.thread, func(ctx context.Context) error {
			if err := f.a.Vault.Record(ctx, tillit.EventRecord{Subject: p.subject, Event: tillit.EventActivity}); err != nil {
				return f.gone(ctx, p, err)
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
