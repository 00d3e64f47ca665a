package breach

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/internal/core"
	"github.com/tillit-privacy/tillit/letters"
	"github.com/tillit-privacy/tillit/pii"
)

// MaxIncidentText is the longest text an officer may write in an incident.
const MaxIncidentText = 8 << 10

// topicBreach is the outbox topic of a notice to a person (art. 34).
const topicBreach = "breach"

// OpenIncident records a breach in the register. The 72-hour clock runs
// from d.Discovered (art. 33(1)). EINVALID names what is wrong with d.
func (br *Register) OpenIncident(ctx context.Context, d tillit.IncidentDetails) (tillit.Incident, error) {
	const op = "breach.OpenIncident"
	var in tillit.Incident
	err := br.c.Store.Update(ctx, func(tx tillit.Tx) error {
		now := br.c.Now().UTC()
		if err := br.checkIncident(op, &d, now); err != nil {
			return err
		}
		in = tillit.Incident{ID: br.c.ID("inc"), IncidentDetails: d, Opened: now}
		if err := tx.InsertIncident(in); err != nil {
			return err
		}
		return br.step(ctx, tx, &in, tillit.AuditIncidentOpened, "discovered="+in.Discovered.Format(time.RFC3339)+selection(in), now)
	})
	return in, err
}

// UpdateIncident replaces an open incident's details with d, e.g. as the
// facts become known. ECONFLICT when the incident is closed.
func (br *Register) UpdateIncident(ctx context.Context, id string, d tillit.IncidentDetails) (tillit.Incident, error) {
	const op = "breach.UpdateIncident"
	return br.onIncident(ctx, op, id, func(tx tillit.Tx, in *tillit.Incident, now time.Time) error {
		if err := br.checkIncident(op, &d, now); err != nil {
			return err
		}
		if in.NotNotifying() && (d.Risk == tillit.RiskLikely || d.Risk == tillit.RiskHigh) {
			// GDPR art. 33(1): the decision not to notify holds only while
			// the breach is unlikely to result in a risk; a risk assessed
			// anew would otherwise leave the incident settled and closable.
			return core.Invalid(op, "breach.decision_not_notify_authority_rests")
		}
		changed := changedFields(in.IncidentDetails, d)
		in.IncidentDetails = d
		if err := tx.UpdateIncident(*in); err != nil {
			return err
		}
		return br.step(ctx, tx, in, tillit.AuditIncidentUpdated, "changed="+strings.Join(changed, ","), now)
	})
}

// NoteIncident adds what was done outside Tillit (e.g. "passwords reset")
// to an open incident's timeline. The note must hold no personal data; it
// goes to the timeline only, the audit log records that a note was made.
func (br *Register) NoteIncident(ctx context.Context, id, note string) (tillit.Incident, error) {
	const op = "breach.NoteIncident"
	if strings.TrimSpace(note) == "" {
		return tillit.Incident{}, core.Invalid(op, "breach.write_what_was_done")
	}
	if err := checkText(op, "note", note, br.c.Now()); err != nil {
		return tillit.Incident{}, err
	}
	return br.onIncident(ctx, op, id, func(tx tillit.Tx, in *tillit.Incident, now time.Time) error {
		if err := br.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: tillit.AuditIncidentNote, Detail: "incident=" + in.ID}); err != nil {
			return err
		}
		return tx.AppendIncidentEvent(tillit.IncidentEvent{Incident: in.ID, At: now, Actor: tillit.ActorFrom(ctx),
			Kind: tillit.AuditIncidentNote, Note: note})
	})
}

// Incident returns an incident with its timeline. ENOTFOUND when there is
// none.
func (br *Register) Incident(ctx context.Context, id string) (tillit.Incident, error) {
	var in tillit.Incident
	err := br.c.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		in, err = tx.Incident(id)
		return err
	})
	return in, err
}

// Incidents lists incidents without their timelines: open ones first,
// those whose clock still runs by deadline, then the other open ones,
// then the closed ones, the latest discovered first.
func (br *Register) Incidents(ctx context.Context, f tillit.IncidentFilter) ([]tillit.Incident, error) {
	var out []tillit.Incident
	err := br.c.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		out, err = tx.Incidents(f)
		return err
	})
	rank := func(in tillit.Incident) int {
		switch {
		case in.IsClosed():
			return 2
		case in.Settled():
			return 1
		}
		return 0
	}
	slices.SortStableFunc(out, func(a, b tillit.Incident) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		if rank(a) == 0 {
			return a.Deadline().Compare(b.Deadline())
		}
		return b.Discovered.Compare(a.Discovered)
	})
	return out, err
}

// Affected computes who the incident likely affects from the vault: the
// people whose data was disclosed to its recipients within its window or,
// when it names no recipient, who had items of its categories or from its
// collection points at the window's end. People since erased are skipped.
// The computation reads no values and is audited.
func (br *Register) Affected(ctx context.Context, id string) (tillit.Affected, error) {
	return br.affectedOf(ctx, id, true)
}

// affectedOf computes who an incident affects and, when record, adds the
// result to its timeline as a step; else it is audited as a read.
func (br *Register) affectedOf(ctx context.Context, id string, record bool) (tillit.Affected, error) {
	var a tillit.Affected
	err := br.c.Store.Update(ctx, func(tx tillit.Tx) error {
		in, err := tx.Incident(id)
		if err != nil {
			return err
		}
		now := br.c.Now().UTC()
		x, err := br.affected(tx, in, now)
		if err != nil {
			return err
		}
		a = x.Affected
		if record {
			return br.step(ctx, tx, &in, tillit.AuditIncidentAffected, affectedNote(a), now)
		}
		return br.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: AuditIncidentAffectedViewed, Detail: "incident=" + in.ID + " " + affectedNote(a)})
	})
	return a, err
}

// DecideAuthority records whether the authority is notified. Not notifying
// needs a reason, documented in the register (art. 33(5)), and is only
// possible while the breach is assessed as unlikely to result in a risk
// (art. 33(1)); an unassessed risk becomes "unlikely". ECONFLICT when the
// incident is closed or, for not notifying, already notified.
func (br *Register) DecideAuthority(ctx context.Context, id string, notify bool, reason string) (tillit.Incident, error) {
	const op = "breach.DecideAuthority"
	if !notify {
		if strings.TrimSpace(reason) == "" {
			// GDPR art. 33(5): the decision not to notify is documented with its reason.
			return tillit.Incident{}, core.Invalid(op, "breach.give_reason_not_notifying_authority")
		}
	}
	if err := checkText(op, "reason", reason, br.c.Now()); err != nil {
		return tillit.Incident{}, err
	}
	return br.onIncident(ctx, op, id, func(tx tillit.Tx, in *tillit.Incident, now time.Time) error {
		if !notify {
			switch {
			case in.Notified():
				return conflictl(op, "breach.incident_already_notified_authority")
			case in.Risk == tillit.RiskLikely || in.Risk == tillit.RiskHigh:
				// GDPR art. 33(1): only a breach unlikely to result in a risk may go unreported.
				return core.Invalid(op, "breach.risk_assessed_breach_likely_result", in.Risk)
			case in.Risk == "":
				in.Risk = tillit.RiskUnlikely
			}
		}
		in.Decision = tillit.AuthorityDecision{Notify: notify, Reason: reason, At: now, Actor: tillit.ActorFrom(ctx)}
		if err := tx.UpdateIncident(*in); err != nil {
			return err
		}
		return br.step(ctx, tx, in, tillit.AuditIncidentDecided, "notify="+strconv.FormatBool(notify)+" risk="+string(in.Risk), now)
	})
}

// RecordAuthorityNotification records that the authority was notified, in
// phases if need be (art. 33(4)): first initial (or final, when complete
// at once), then any supplementary ones, then final. reference is e.g.
// the authority's case number. A first notification after the 72 hours
// needs the reasons for the delay in the incident's DelayReason (art.
// 33(1)). It records the decision to notify when there was none.
func (br *Register) RecordAuthorityNotification(ctx context.Context, id string, phase tillit.Phase, reference, note string) (tillit.Incident, error) {
	const op = "breach.RecordAuthorityNotification"
	switch {
	case phase != tillit.PhaseInitial && phase != tillit.PhaseSupplementary && phase != tillit.PhaseFinal:
		return tillit.Incident{}, core.Invalid(op, "breach.phase_must_initial_supplementary_final")
	case len(reference) > 100 || !utf8.ValidString(reference) || strings.ContainsAny(reference, "\n\r"):
		return tillit.Incident{}, core.Invalid(op, "breach.reference_may_at_most_bytes")
	}
	if err := checkText(op, "note", note, br.c.Now()); err != nil {
		return tillit.Incident{}, err
	}
	if err := checkText(op, "reference", reference, br.c.Now()); err != nil {
		return tillit.Incident{}, err
	}
	return br.onIncident(ctx, op, id, func(tx tillit.Tx, in *tillit.Incident, now time.Time) error {
		n := len(in.Notifications)
		switch {
		case n > 0 && in.Notifications[n-1].Phase == tillit.PhaseFinal:
			return conflictl(op, "breach.final_notification_already_recorded")
		case n == 0 && phase == tillit.PhaseSupplementary:
			// GDPR art. 33(4): further information follows an initial notification.
			return core.Invalid(op, "breach.supplementary_notification_follows_initial_one")
		case n > 0 && phase == tillit.PhaseInitial:
			return core.Invalid(op, "breach.initial_notification_already_recorded_give")
		}
		late := n == 0 && now.After(in.Deadline())
		if late && strings.TrimSpace(in.DelayReason) == "" {
			// GDPR art. 33(1): a notification after 72 hours is accompanied by reasons for the delay.
			return core.Invalid(op, "breach.notification_comes_after_hours_give")
		}
		actor := tillit.ActorFrom(ctx)
		if in.Decision.IsZero() || !in.Decision.Notify {
			in.Decision = tillit.AuthorityDecision{Notify: true, At: now, Actor: actor}
		}
		in.Notifications = append(in.Notifications, tillit.AuthorityNotification{Phase: phase, At: now, Reference: reference, Note: note, Actor: actor, Late: late})
		if err := tx.UpdateIncident(*in); err != nil {
			return err
		}
		return br.step(ctx, tx, in, tillit.AuditIncidentNotified, "phase="+string(phase)+" late="+strconv.FormatBool(late), now)
	})
}

// DraftAuthorityNotification drafts the notification to the authority
// (IMY) in lang, with what its form asks for (art. 33(3)): the controller
// and contact, what happened, when, how it was discovered, the categories
// and approximate numbers of people and records (computed now), the
// likely consequences, the measures, whether the people are told, the
// reasons for a delay and earlier phases. It holds no personal data.
func (br *Register) DraftAuthorityNotification(ctx context.Context, id string, lang tillit.Lang) (tillit.Draft, error) {
	return br.draft(ctx, id, lang, "authority", true, br.authorityDraftIn(lang))
}

func (br *Register) authorityDraftIn(lang tillit.Lang) func(tillit.Incident, exposure, time.Time) (tillit.Draft, error) {
	return func(in tillit.Incident, x exposure, now time.Time) (tillit.Draft, error) {
		return letters.AuthorityDraft{Policy: br.c.Policy(), Incident: in, Affected: x.Affected, Now: now}.In(lang)
	}
}

// DraftSubjectNotice drafts the notice to the people affected in lang, in
// plain language (art. 34(2)): what happened, the contact, the likely
// consequences, the measures and what the person can do.
func (br *Register) DraftSubjectNotice(ctx context.Context, id string, lang tillit.Lang) (tillit.Draft, error) {
	return br.draft(ctx, id, lang, "notice", true, br.subjectNoticeIn(lang))
}

func (br *Register) subjectNoticeIn(lang tillit.Lang) func(tillit.Incident, exposure, time.Time) (tillit.Draft, error) {
	return func(in tillit.Incident, x exposure, _ time.Time) (tillit.Draft, error) {
		cats := make([]string, len(x.Categories))
		for i, c := range x.Categories {
			cats[i] = c.Category
		}
		return letters.BreachNotice{Policy: br.c.Policy(), Incident: in, Categories: cats}.In(lang)
	}
}

// draft writes a draft of kind with fn. record makes the drafting a step
// in the incident's timeline; otherwise it is audited as a read only.
func (br *Register) draft(ctx context.Context, id string, lang tillit.Lang, kind string, record bool, fn func(tillit.Incident, exposure, time.Time) (tillit.Draft, error)) (tillit.Draft, error) {
	if _, ok := tillit.ParseLang(string(lang)); !ok {
		lang = tillit.Swedish
	}
	var d tillit.Draft
	err := br.c.Store.Update(ctx, func(tx tillit.Tx) error {
		in, err := tx.Incident(id)
		if err != nil {
			return err
		}
		now := br.c.Now().UTC()
		x, err := br.affected(tx, in, now)
		if err != nil {
			return err
		}
		if d, err = fn(in, x, now); err != nil {
			return err
		}
		note := "draft=" + kind + " lang=" + string(lang) + " " + affectedNote(x.Affected)
		if !record {
			return br.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: AuditIncidentDraftViewed, Detail: "incident=" + in.ID + " " + note})
		}
		return br.step(ctx, tx, &in, tillit.AuditIncidentDrafted, note, now)
	})
	return d, err
}

// NotifySubjects queues, through the outbox, one e-mail to each person
// affected who has an e-mail address in the vault and was not sent one for
// this incident before, in their language when known (from their
// requests), else Swedish. It is for a high risk (art. 34(1)); override
// sends anyway, e.g. when the authority requires it (art. 34(4)). People
// without an address are counted, for the officer to reach another way.
// ECONFLICT when the incident is closed.
func (br *Register) NotifySubjects(ctx context.Context, id string, override bool) (tillit.SubjectNotices, error) {
	const op = "breach.NotifySubjects"
	var round tillit.SubjectNotices
	_, err := br.onIncident(ctx, op, id, func(tx tillit.Tx, in *tillit.Incident, now time.Time) error {
		if in.Risk != tillit.RiskHigh && !override {
			// GDPR art. 34(1): the people are told when the risk is high.
			return core.Invalid(op, "breach.risk_not_assessed_high_people")
		}
		x, err := br.affected(tx, *in, now)
		if err != nil {
			return err
		}
		told := map[string]bool{}
		sent, err := tx.Messages(tillit.MessageFilter{Incident: in.ID})
		if err != nil {
			return err
		}
		for _, m := range sent {
			told[m.Subject] = true
		}
		pol := br.c.Policy()
		already := 0
		round = tillit.SubjectNotices{At: now, Override: override && in.Risk != tillit.RiskHigh, Actor: tillit.ActorFrom(ctx)}
		for _, s := range x.Subjects {
			if told[s] {
				already++
				continue
			}
			to, err := br.emailOf(tx, pol, s)
			if err != nil {
				return err
			}
			if to == "" {
				round.NoEmail++
				continue
			}
			lang, err := langOf(tx, s)
			if err != nil {
				return err
			}
			d, err := letters.BreachNotice{Policy: pol, Incident: *in, Categories: x.of[s]}.In(lang)
			if err != nil {
				return err
			}
			e := core.Envelope{Mail: breachMail(d, to)}
			if _, err := br.c.Queue(ctx, tx, tillit.Message{Via: tillit.ViaEmail, Topic: topicBreach, Subject: s, Incident: in.ID}, e, now); err != nil {
				return err
			}
			round.Queued++
		}
		// A round that told nobody new is in the timeline, not a new round.
		if round.Queued > 0 || round.NoEmail > 0 && len(in.Notices) == 0 {
			in.Notices = append(in.Notices, round)
			if err := tx.UpdateIncident(*in); err != nil {
				return err
			}
		}
		return br.step(ctx, tx, in, tillit.AuditIncidentSubjectsNotified, fmt.Sprintf("queued=%d no_email=%d already=%d override=%t",
			round.Queued, round.NoEmail, already, round.Override), now)
	})
	return round, err
}

// NoticeDeliveries counts the incident's notices in the outbox: queued,
// delivered, waiting and given up.
func (br *Register) NoticeDeliveries(ctx context.Context, id string) (tillit.NoticeDeliveries, error) {
	var d tillit.NoticeDeliveries
	err := br.c.Store.View(ctx, func(tx tillit.Tx) error {
		if _, err := tx.Incident(id); err != nil {
			return err
		}
		ms, err := tx.Messages(tillit.MessageFilter{Incident: id})
		for _, m := range ms {
			d.Queued++
			switch {
			case !m.Delivered.IsZero():
				d.Delivered++
			case m.NextAt.IsZero():
				d.Failed++
			default:
				d.Pending++
			}
		}
		return err
	})
	return d, err
}

// CloseIncident closes an incident once the authority was notified or the
// decision not to notify is recorded with its reason (art. 33(5)).
func (br *Register) CloseIncident(ctx context.Context, id string) (tillit.Incident, error) {
	const op = "breach.CloseIncident"
	return br.onIncident(ctx, op, id, func(tx tillit.Tx, in *tillit.Incident, now time.Time) error {
		if !in.Settled() {
			return core.Invalid(op, "breach.notify_authority_document_decision_not")
		}
		in.Closed = now
		if err := tx.UpdateIncident(*in); err != nil {
			return err
		}
		return br.step(ctx, tx, in, tillit.AuditIncidentClosed, "", now)
	})
}

// onIncident runs fn on an open incident in a transaction and returns the
// incident as fn left it, with its timeline.
func (br *Register) onIncident(ctx context.Context, op, id string, fn func(tx tillit.Tx, in *tillit.Incident, now time.Time) error) (tillit.Incident, error) {
	var in tillit.Incident
	err := br.c.Store.Update(ctx, func(tx tillit.Tx) error {
		var err error
		if in, err = tx.Incident(id); err != nil {
			return err
		}
		if in.IsClosed() {
			return conflictl(op, "breach.incident_closed", id)
		}
		return fn(tx, &in, br.c.Now().UTC())
	})
	return in, err
}

// step appends a step to the incident's timeline (in memory too) and to
// the audit log.
func (br *Register) step(ctx context.Context, tx tillit.Tx, in *tillit.Incident, kind, note string, now time.Time) error {
	note = strings.TrimSpace(note)
	detail := strings.TrimSpace("incident=" + in.ID + " " + note)
	if err := br.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: kind, Detail: detail}); err != nil {
		return err
	}
	e := tillit.IncidentEvent{Incident: in.ID, At: now, Actor: tillit.ActorFrom(ctx), Kind: kind, Note: note}
	in.Timeline = append(in.Timeline, e)
	return tx.AppendIncidentEvent(e)
}

// exposure is Affected with each person's categories.
type exposure struct {
	tillit.Affected
	of map[string][]string // subject -> categories, in the register's order
}

// affected computes who the incident affects (see Affected).
func (br *Register) affected(tx tillit.Tx, in tillit.Incident, now time.Time) (exposure, error) {
	from, to := in.Window()
	x := exposure{Affected: tillit.Affected{Incident: in.ID, Computed: now, From: from, To: to,
		Subjects: []string{}, Categories: []tillit.AffectedCategory{}}, of: map[string][]string{}}
	q := tillit.Exposure{Recipients: in.Recipients, Categories: in.Categories, Points: in.Points, From: from, To: to}
	var rows []tillit.Exposed
	var err error
	switch {
	case len(in.Recipients) > 0:
		x.By = "disclosures"
		rows, err = tx.Disclosed(q)
	case len(in.Categories) > 0 || len(in.Points) > 0:
		x.By = "items"
		rows, err = tx.Held(q)
	default:
		return x, nil
	}
	if err != nil {
		return x, err
	}
	gone := map[string]bool{}
	for _, s := range uniq(rows, func(e tillit.Exposed) string { return e.Subject }) {
		sub, err := tx.Subject(s)
		if err != nil {
			return x, err
		}
		if sub.IsErased() {
			gone[s] = true
			x.Erased++
			continue
		}
		x.Subjects = append(x.Subjects, s)
	}
	slices.Sort(x.Subjects)
	type count struct{ subjects, records map[string]bool }
	counts := map[string]*count{}
	records := map[string]bool{}
	for _, r := range rows {
		if gone[r.Subject] {
			continue
		}
		c := counts[r.Category]
		if c == nil {
			c = &count{map[string]bool{}, map[string]bool{}}
			counts[r.Category] = c
		}
		c.subjects[r.Subject], c.records[r.Row], records[r.Row] = true, true, true
		if !slices.Contains(x.of[r.Subject], r.Category) {
			x.of[r.Subject] = append(x.of[r.Subject], r.Category)
		}
	}
	x.Records = len(records)
	order := categoryOrder(br.c.Policy())
	cats := make([]string, 0, len(counts))
	for c := range counts {
		cats = append(cats, c)
	}
	byOrder := func(a, b string) int {
		if c := cmp.Compare(order(a), order(b)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}
	slices.SortFunc(cats, byOrder)
	for _, c := range cats {
		x.Categories = append(x.Categories, tillit.AffectedCategory{Category: c, Subjects: len(counts[c].subjects), Records: len(counts[c].records)})
	}
	for _, cs := range x.of {
		slices.SortFunc(cs, byOrder)
	}
	return x, nil
}

// categoryOrder returns a category's place in the register; unknown ones
// come last.
func categoryOrder(pol *tillit.Policy) func(string) int {
	pos := map[string]int{}
	for i, c := range pol.Categories() {
		pos[c.ID] = i
	}
	return func(id string) int {
		if i, ok := pos[id]; ok {
			return i
		}
		return len(pos)
	}
}

func uniq[T any](xs []T, key func(T) string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if k := key(x); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// emailOf returns the person's most recently collected e-mail address,
// "" when they have none.
func (br *Register) emailOf(tx tillit.Tx, pol *tillit.Policy, subject string) (string, error) {
	items, err := tx.Items(subject)
	if err != nil {
		return "", err
	}
	var latest *tillit.Item
	for i, it := range items {
		cat, _ := pol.Category(it.Category)
		if cat.Type == tillit.TypeEmail && (latest == nil || !it.Collected.Before(latest.Collected)) {
			latest = &items[i]
		}
	}
	if latest == nil {
		return "", nil
	}
	one := []tillit.Item{*latest}
	if err := br.c.OpenItems(tx, subject, one); err != nil {
		return "", err
	}
	return one[0].Value, nil
}

// langOf returns the language of the person's latest request, Swedish
// when they made none.
func langOf(tx tillit.Tx, subject string) (tillit.Lang, error) {
	rs, err := tx.Requests(tillit.RequestFilter{Subject: subject})
	if err != nil {
		return tillit.Swedish, err
	}
	for i := len(rs) - 1; i >= 0; i-- {
		if l, ok := tillit.ParseLang(string(rs[i].Lang)); ok {
			return l, nil
		}
	}
	return tillit.Swedish, nil
}

// checkIncident checks an incident's details against the register and
// normalises its times to UTC.
func (br *Register) checkIncident(op string, d *tillit.IncidentDetails, now time.Time) error {
	pol := br.c.Policy()
	d.Title = strings.TrimSpace(d.Title)
	switch {
	case d.Title == "":
		return core.Invalid(op, "breach.give_incident_title")
	case len(d.Title) > 200 || strings.ContainsAny(d.Title, "\n\r"):
		return core.Invalid(op, "breach.title_may_at_most_bytes")
	case d.Discovered.IsZero():
		// GDPR art. 33(1): the clock runs from when the controller became aware.
		return core.Invalid(op, "breach.give_when_breach_was_discovered")
	case d.Discovered.After(now.Add(time.Minute)):
		return core.Invalid(op, "breach.time_discovery_future")
	case !d.From.IsZero() && d.From.After(d.Discovered):
		return core.Invalid(op, "breach.breach_cannot_begun_from_after")
	case !d.From.IsZero() && !d.To.IsZero() && d.To.Before(d.From):
		return core.Invalid(op, "breach.end_before_beginning_from")
	case !d.Risk.Valid():
		return core.Invalid(op, "breach.risk_must_unlikely_risk_high")
	}
	d.Discovered, d.From, d.To = d.Discovered.UTC(), utc(d.From), utc(d.To)
	for _, c := range d.Categories {
		if _, ok := pol.Category(c); !ok {
			return core.Invalid(op, "breach.category_not_register", core.SafeName(c))
		}
	}
	for _, p := range d.Points {
		if _, ok := pol.CollectionPoint(p); !ok {
			return core.Invalid(op, "breach.collection_point_not_register", core.SafeName(p))
		}
	}
	for _, r := range d.Recipients {
		if _, ok := pol.Recipient(r); !ok {
			return core.Invalid(op, "breach.recipient_not_register", core.SafeName(r))
		}
	}
	for _, s := range d.Systems {
		if !core.IsRef(s) || strings.Contains(s, ",") {
			return core.Invalid(op, "breach.system_named_id_letters_digits")
		}
	}
	for _, f := range []struct{ name, text string }{
		{"title", d.Title}, {"nature", d.Nature}, {"how_discovered", d.HowDiscovered}, {"subject_types", d.SubjectTypes},
		{"consequences", d.Consequences}, {"measures_taken", d.MeasuresTaken}, {"measures_planned", d.MeasuresPlanned},
		{"advice", d.Advice}, {"delay_reason", d.DelayReason},
	} {
		if err := checkText(op, f.name, f.text, now); err != nil {
			return err
		}
	}
	return nil
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// checkText refuses an officer's text that is too long or holds a
// personnummer or a card number: the breach register describes the
// breach, not people, and is kept for years.
func checkText(op, field, s string, now time.Time) error {
	switch {
	case len(s) > MaxIncidentText || !utf8.ValidString(s):
		return core.Invalid(op, "breach.field_may_at_most_bytes", field, MaxIncidentText)
	case len(pii.Scan(s, now)) > 0:
		return core.Invalid(op, "breach.field_holds_personnummer_card_number", field)
	}
	return nil
}

// changedFields names the details that differ, for the timeline.
func changedFields(a, b tillit.IncidentDetails) []string {
	var out []string
	add := func(name string, differs bool) {
		if differs {
			out = append(out, name)
		}
	}
	add("title", a.Title != b.Title)
	add("nature", a.Nature != b.Nature)
	add("how_discovered", a.HowDiscovered != b.HowDiscovered)
	add("discovered", !a.Discovered.Equal(b.Discovered))
	add("from", !a.From.Equal(b.From))
	add("to", !a.To.Equal(b.To))
	add("categories", !slices.Equal(a.Categories, b.Categories))
	add("points", !slices.Equal(a.Points, b.Points))
	add("recipients", !slices.Equal(a.Recipients, b.Recipients))
	add("systems", !slices.Equal(a.Systems, b.Systems))
	add("subject_types", a.SubjectTypes != b.SubjectTypes)
	add("consequences", a.Consequences != b.Consequences)
	add("measures_taken", a.MeasuresTaken != b.MeasuresTaken)
	add("measures_planned", a.MeasuresPlanned != b.MeasuresPlanned)
	add("advice", a.Advice != b.Advice)
	add("delay_reason", a.DelayReason != b.DelayReason)
	add("risk="+string(b.Risk), a.Risk != b.Risk)
	return out
}

// selection describes what an incident selects, as IDs.
func selection(in tillit.Incident) string {
	var b strings.Builder
	for _, f := range []struct {
		name string
		ids  []string
	}{{"categories", in.Categories}, {"points", in.Points}, {"recipients", in.Recipients}, {"systems", in.Systems}} {
		if len(f.ids) > 0 {
			b.WriteString(" " + f.name + "=" + strings.Join(f.ids, ","))
		}
	}
	if in.Risk != "" {
		b.WriteString(" risk=" + string(in.Risk))
	}
	return b.String()
}

func affectedNote(a tillit.Affected) string {
	return fmt.Sprintf("by=%s subjects=%d records=%d erased=%d", cmp.Or(a.By, "none"), len(a.Subjects), a.Records, a.Erased)
}

func conflictl(op, key string, args ...any) *tillit.Error {
	return tillit.Errorl(tillit.ECONFLICT, op, catalog.Textf(key, args...))
}
