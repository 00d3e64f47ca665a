package demo

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/requests"
)

// The slots of open requests: when they were received decides how near
// their deadline they are at Now.
const (
	overdue = iota
	dueSoon
	fresh
)

// openRights are the rights of the open requests, in turn.
var openRights = []tillit.Right{tillit.RightAccess, tillit.RightErasure, tillit.RightRectification,
	tillit.RightObjection, tillit.RightRestriction, tillit.RightPortability}

// request is a data-subject request the plan makes.
type request struct {
	thread
	p      *person // nil for someone the register holds nothing about
	right  tillit.Right
	lang   tillit.Lang
	closes bool // closed in the history rather than left open for the officer
	form   tillit.RequestForm
	id     string
}

// planRequests plans the data-subject requests, made the way a person
// (or the officer, for a letter) makes them: submitted, confirmed with
// the code from the e-mail. Open ones wait for the officer, received so
// that some are overdue, some due soon and some fresh (GDPR art. 12(3));
// closed ones are part of the history: an extract sent, a consent
// withdrawn, an objection to direct marketing, a request from an address
// nobody in the register has.
func (f *filler) planRequests() {
	if len(f.people) == 0 {
		return
	}
	open, closed := max(6, len(f.people)/12), max(4, len(f.people)/10)
	for i := range open {
		slot := i % 3
		at, ok := f.received(slot)
		if !ok {
			continue
		}
		r := &request{right: openRights[i%len(openRights)], lang: tillit.Swedish}
		if i%3 == 1 {
			r.lang = tillit.English
		}
		if !f.ask(r, at) {
			continue
		}
		f.planRequest(r, at, slot == fresh && i%2 == 0, false)
	}
	closedRights := []tillit.Right{tillit.RightAccess, tillit.RightWithdrawal, tillit.RightObjection, ""}
	for i := range closed {
		r := &request{right: closedRights[i%len(closedRights)], lang: tillit.Swedish, closes: true}
		if i%3 == 2 {
			r.lang = tillit.English
		}
		if r.right == "" {
			f.planUnknown(r, i)
			continue
		}
		// Asked and answered before the open requests came in.
		latest := f.now.Add(-35 * day)
		if !f.ask(r, latest) {
			continue
		}
		until := r.p.lastAt.Add(90 * day)
		if until.After(latest) {
			until = latest
		}
		f.planRequest(r, f.between(r.p.lastAt.Add(day), until), false, r.right == tillit.RightAccess)
	}
}

// ask finds someone to make the request by at, for another right than
// planned when nobody can make that one.
func (f *filler) ask(r *request, at time.Time) bool {
	if r.p = f.requester(at, r); r.p == nil {
		r.right = tillit.RightAccess
		if r.p = f.requester(at, r); r.p == nil {
			return false
		}
	}
	r.form = f.form(r.p, r.right, r.lang, r.closes)
	return true
}

// received returns a time to receive an open request of slot at, when
// the register's deadline allows one.
func (f *filler) received(slot int) (time.Time, bool) {
	rights := f.pol.Rights()
	var ok []time.Time
	for d := 1; d <= 90; d++ {
		t := f.now.Add(-time.Duration(d)*day - time.Duration(f.rng.IntN(10))*time.Hour)
		due, _ := requests.Deadlines(t, rights)
		left := due.Sub(f.now)
		switch {
		case slot == overdue && left < -12*time.Hour,
			slot == dueSoon && left > 12*time.Hour && left < tillit.DueSoon-12*time.Hour,
			slot == fresh && left > tillit.DueSoon+day && d <= 14:
			ok = append(ok, t)
		}
	}
	if slot == overdue && len(ok) > 30 {
		ok = ok[:30] // overdue by days or weeks, not by months
	}
	if len(ok) == 0 {
		return time.Time{}, false
	}
	return pick(f.rng, ok), true
}

// requester picks someone who can make the request by at: a person
// with an e-mail address in the register, whose history is over by then,
// and who has made no request yet.
func (f *filler) requester(at time.Time, r *request) *person {
	var ps []*person
	for _, p := range f.people {
		if p.hasEmail && !p.requested && p.lastAt.Before(at.Add(-time.Hour)) && f.can(p, r.right, r.closes) {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return nil
	}
	p := pick(f.rng, ps)
	p.requested = true
	return p
}

// form returns the person's request for right, which they can make.
func (f *filler) form(p *person, right tillit.Right, lang tillit.Lang, closes bool) tillit.RequestForm {
	r := tillit.RequestForm{Right: right, Email: p.email, Lang: lang, Message: say(lang, messages[right])}
	switch right {
	case tillit.RightObjection, tillit.RightWithdrawal:
		r.Purpose = f.concerns(p, right, closes)
	case tillit.RightRectification:
		name := f.nameOf(p)
		last := pick(f.rng, surnames)
		for last == p.last {
			last = pick(f.rng, surnames)
		}
		r.Changes = map[string]string{name: p.first + " " + last}
		if has(name, "last_name", "surname", "efternamn", "lastname") {
			r.Changes[name] = last
		}
	}
	return r
}

// can reports whether the person can make a request for right: an
// objection needs a purpose to object to, a withdrawal a consent to
// withdraw, a rectification a name to correct. An objection that closes
// at once is to direct marketing, which always stops (GDPR art. 21(3));
// one that stays open for the officer is not.
func (f *filler) can(p *person, right tillit.Right, closes bool) bool {
	switch right {
	case tillit.RightObjection, tillit.RightWithdrawal:
		return f.concerns(p, right, closes) != ""
	case tillit.RightRectification:
		return f.nameOf(p) != ""
	}
	return true
}

// concerns returns the purpose the person's objection or withdrawal
// concerns: one their data serves and that they have not objected to,
// or one they consented to and have not withdrawn from.
func (f *filler) concerns(p *person, right tillit.Right, closes bool) string {
	for _, x := range f.pol.Purposes() {
		switch {
		case right == tillit.RightObjection && x.Objectable() && x.DirectMarketing == closes && len(p.serves[x.ID]) > 0 && !p.objected[x.ID],
			right == tillit.RightWithdrawal && x.Basis == tillit.Consent && p.consented[x.ID] && !p.withdrawn[x.ID]:
			return x.ID
		}
	}
	return ""
}

// nameOf returns the category holding the person's name, when they gave
// it.
func (f *filler) nameOf(p *person) string {
	for _, c := range f.pol.Categories() {
		if p.collected[c.ID] && c.Type == tillit.TypeText && has(c.ID, "name", "namn") && !has(c.ID, "company", "computer", "user") {
			return c.ID
		}
	}
	return ""
}

// messages are what the people write with their requests.
var messages = map[tillit.Right]tillit.Text{
	tillit.RightAccess: {SV: "Hej! Jag vill veta vilka uppgifter ni har om mig.",
		EN: "Hello, I would like a copy of the personal data you hold about me."},
	tillit.RightRectification: {SV: "Jag har bytt efternamn, rätta det gärna.",
		EN: "My surname has changed; please correct it."},
	tillit.RightErasure: {SV: "Jag vill inte längre vara kund. Radera mina uppgifter.",
		EN: "I am no longer a customer. Please erase my data."},
	tillit.RightRestriction: {SV: "Jag anser att uppgifterna om mig är fel. Använd dem inte förrän det är utrett.",
		EN: "I believe the data about me is wrong. Please do not use it until this is looked into."},
	tillit.RightPortability: {SV: "Jag vill få mina uppgifter i ett format jag kan ta med till en annan leverantör.",
		EN: "I would like my data in a format I can take to another provider."},
	tillit.RightObjection: {SV: "Jag vill inte att ni använder mina uppgifter till det här.",
		EN: "I do not want you to use my data for this."},
	tillit.RightWithdrawal: {SV: "Jag återkallar mitt samtycke.",
		EN: "I withdraw my consent."},
}

func say(lang tillit.Lang, t tillit.Text) string { return t.In(lang) }

// planRequest plans a request received at at and confirmed within hours;
// extend has the officer extend its deadline by a month, within the first
// (GDPR art. 12(3)), and complete carry it out.
func (f *filler) planRequest(r *request, at time.Time, extend, complete bool) {
	f.add(at, &r.thread, func(ctx context.Context) error {
		if err := f.standIn(ctx, r, at); err != nil {
			return err
		}
		x, err := f.a.Requests.Submit(ctx, r.form)
		if err != nil {
			return err
		}
		r.id = x.ID
		return f.deliver(ctx)
	})
	confirmed := f.after(at, 5*time.Minute, 6*time.Hour)
	f.add(confirmed, &r.thread, func(ctx context.Context) error {
		code, ok := f.codes[r.id]
		if !ok {
			return errors.New("no confirmation code was e-mailed for a request")
		}
		x, err := f.a.Requests.Confirm(ctx, r.id, code)
		if err != nil {
			return err
		}
		f.rep.Requests++
		switch {
		case x.Subject == "":
		case r.right == tillit.RightWithdrawal:
			f.rep.Withdrawals++
		case r.right == tillit.RightObjection:
			f.rep.Objections++
		}
		return f.deliver(ctx)
	})
	rights := f.pol.Rights()
	if extend && rights.Extension.Unit == tillit.Months && rights.Extension.N >= 1 {
		f.add(f.after(confirmed, day, 4*day), &r.thread, func(ctx context.Context) error {
			if _, err := f.a.Requests.Extend(ctx, r.id, 1, say(r.lang, extensionReason)); err != nil {
				return err
			}
			return f.deliver(ctx)
		})
	}
	if complete {
		f.add(f.after(confirmed, 2*day, 15*day), &r.thread, func(ctx context.Context) error {
			if _, err := f.a.Requests.Complete(ctx, r.id); err != nil {
				return err
			}
			return f.deliver(ctx)
		})
	}
}

// standIn finds someone else to make the request when retention erased
// the person the plan chose; errGone when nobody can.
func (f *filler) standIn(ctx context.Context, r *request, at time.Time) error {
	if r.p == nil {
		return nil
	}
	if erased, err := f.erased(ctx, r.p); err != nil || !erased {
		return err
	}
	var ps []*person
	for _, p := range f.people {
		if !p.hasEmail || p.requested || !p.lastAt.Before(at.Add(-time.Hour)) || p.subject == "" || p.gone || p.failed || !f.can(p, r.right, r.closes) {
			continue
		}
		if erased, err := f.erased(ctx, p); err != nil {
			return err
		} else if !erased {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return errGone
	}
	r.p = pick(f.rng, ps)
	r.p.requested = true
	r.form = f.form(r.p, r.right, r.lang, r.closes)
	return nil
}

var extensionReason = tillit.Text{
	SV: "Vi behöver gå igenom uppgifter i flera system och behöver därför mer tid.",
	EN: "We need to go through data in several systems and therefore need more time.",
}

// planUnknown plans a request from an address nobody in the register
// has; it is answered at once that nothing is held.
func (f *filler) planUnknown(r *request, i int) {
	r.right = tillit.RightAccess
	r.form = tillit.RequestForm{Right: r.right, Email: fmt.Sprintf("okand.avsandare%d@%s", i, pick(f.rng, emailDomains)),
		Lang: r.lang, Message: say(r.lang, messages[r.right])}
	f.planRequest(r, f.between(f.from, f.now.Add(-35*day)), false, false)
}

// codeLink finds the request and code in the confirmation link of a code
// e-mail.
var codeLink = regexp.MustCompile(`\?request=([a-z0-9_]+)&code=([0-9]+)`)

// deliver marks every e-mail due in the outbox delivered, without sending
// it anywhere, and keeps the confirmation codes. Only the demo's made-up
// people are written to, all at reserved domains.
func (f *filler) deliver(ctx context.Context) error {
	post := requests.Post{Mail: func(_ context.Context, m deliver.Mail) error {
		if !Reserved(m.To) {
			return errNotReserved
		}
		if sm := codeLink.FindStringSubmatch(m.Text); sm != nil {
			f.codes[sm[1]] = sm[2]
		}
		return nil
	}}
	for {
		rep, err := f.a.Requests.Deliver(ctx, post, 100)
		if err != nil {
			return err
		}
		if rep.GaveUp > 0 {
			return errNotReserved
		}
		f.rep.Messages += rep.Delivered
		if rep.Delivered == 0 {
			return nil
		}
	}
}

var errNotReserved = errors.New("the outbox holds an e-mail to an address outside the domains reserved for examples")
