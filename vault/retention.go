package vault

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/internal/core"
	"github.com/tillit-privacy/tillit/retention"
)

// DefaultBatch is how many subjects one sweep transaction handles.
const DefaultBatch = 200

// Reschedule checks the schedule against the register now in force, e.g.
// after SetPolicy.
func (v *Vault) Reschedule(ctx context.Context) error {
	return v.c.Store.Update(ctx, func(tx tillit.Tx) error { return v.c.CheckSchedule(ctx, tx) })
}

// Forecast returns what the retention rules and legal holds will do to
// each of a subject's items.
func (v *Vault) Forecast(ctx context.Context, subj string) ([]tillit.Forecast, error) {
	const op = "vault.Forecast"
	var out []tillit.Forecast
	err := v.c.Store.View(ctx, func(tx tillit.Tx) error {
		f, err := core.Facts(tx, subj)
		if err == nil && f.Subject.IsErased() {
			return nil
		}
		if err != nil {
			return core.SubjectErr(op, err)
		}
		out = retention.Evaluate(v.c.Policy(), f, v.c.Now().UTC()).Items
		return nil
	})
	return out, err
}

// ForecastAll calls fn for each item that is to be archived or to go by
// until (zero: ever), subject by subject in the order they fall due. It
// reads the schedule a page at a time, so memory does not grow with the
// store.
func (v *Vault) ForecastAll(ctx context.Context, until time.Time, fn func(tillit.Forecast) error) error {
	var after tillit.Scheduled
	for {
		var page []tillit.Forecast
		var n int
		err := v.c.Store.View(ctx, func(tx tillit.Tx) error {
			due, err := tx.Scheduled(until, after, DefaultBatch)
			if err != nil {
				return err
			}
			n = len(due)
			now := v.c.Now().UTC()
			for _, d := range due {
				after = d
				f, err := core.Facts(tx, d.Subject)
				if err != nil {
					return err
				}
				if f.Subject.IsErased() || f.Subject.Restricted {
					continue
				}
				for _, fc := range retention.Evaluate(v.c.Policy(), f, now).Items {
					if fc.HappensBy(until) {
						page = append(page, fc)
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, fc := range page {
			if err := fn(fc); err != nil {
				return err
			}
		}
		if n < DefaultBatch {
			return nil
		}
	}
}

// Sweep does what the retention rules make due now: it deletes,
// anonymises and archives items, raises review tasks and destroys the
// data key of a subject left with nothing, batch subjects per
// transaction, each step audited with its rule. It is idempotent, and
// safe to run from several processes against one store: each claims its
// own subjects. With dryRun it changes nothing and reports what it would
// do.
func (v *Vault) Sweep(ctx context.Context, batch int, dryRun bool) (tillit.SweepReport, error) {
	if batch <= 0 {
		batch = DefaultBatch
	}
	total := tillit.SweepReport{DryRun: dryRun}
	if dryRun {
		now := v.c.Now().UTC()
		last := ""
		err := v.ForecastAll(ctx, now, func(fc tillit.Forecast) error {
			if fc.Subject != last {
				total.Subjects, last = total.Subjects+1, fc.Subject
			}
			countDue(&total, fc, now)
			return nil
		})
		return total, err
	}
	for {
		now := v.c.Now().UTC()
		var rep tillit.SweepReport
		var n int
		err := v.c.Store.Update(ctx, func(tx tillit.Tx) error {
			rep = tillit.SweepReport{}
			due, err := tx.Due(now, batch)
			if err != nil {
				return err
			}
			n = len(due)
			// The batch's facts in a few queries, not a few per person.
			ids := make([]string, len(due))
			for i, d := range due {
				ids[i] = d.Subject
			}
			hs, err := tx.Facts(ids)
			if err != nil {
				return err
			}
			found := make(map[string]retention.Facts, len(hs))
			for _, h := range hs {
				found[h.Subject.ID] = retention.Facts{Subject: h.Subject, Items: h.Items, Cases: h.Cases, Events: h.Events, Consents: h.Consents}
			}
			for _, d := range due {
				f, ok := found[d.Subject]
				if err := v.sweep(ctx, tx, d.Subject, f, ok, now, &rep); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("vault: sweep: %w", err)
		}
		total.Add(rep)
		if n < batch || ctx.Err() != nil {
			return total, ctx.Err()
		}
	}
}

// countDue adds what is due for an item at now to a dry run's report.
func countDue(r *tillit.SweepReport, fc tillit.Forecast, now time.Time) {
	switch {
	case !fc.GoneAt.IsZero() && !fc.GoneAt.After(now):
		if fc.Action == tillit.Anonymise {
			r.Anonymised++
		} else {
			r.Deleted++
		}
		r.Lag = max(r.Lag, now.Sub(fc.GoneAt))
	case fc.Archived.IsZero() && !fc.ArchiveAt.IsZero() && !fc.ArchiveAt.After(now):
		r.Archived++
	}
}

// step groups the items one rule acts on, for one audit entry.
type step struct {
	action  tillit.Action
	rule    string
	purpose string
	hold    string
}

// sweep applies what is due now to one subject, whose facts are f (found
// false: there is no such subject), and schedules it again.
func (v *Vault) sweep(ctx context.Context, tx tillit.Tx, subj string, f retention.Facts, found bool, now time.Time, rep *tillit.SweepReport) error {
	if !found || f.Subject.IsErased() || f.Subject.Restricted {
		return tx.Schedule(subj, time.Time{}) // nothing to do until it changes
	}
	rep.Subjects++
	plan := retention.Evaluate(v.c.Policy(), f, now)
	var order []step
	items := map[step][]tillit.Item{}
	left := len(f.Items)
	for i, fc := range plan.Items {
		it := f.Items[i]
		var s step
		switch {
		case !fc.GoneAt.IsZero() && !fc.GoneAt.After(now):
			s = step{action: fc.Action, rule: fc.GoneRule, purpose: fc.GonePurpose, hold: fc.Hold}
			rep.Lag = max(rep.Lag, now.Sub(fc.GoneAt))
			left--
		case it.Archived.IsZero() && !fc.ArchiveAt.IsZero() && !fc.ArchiveAt.After(now):
			s = step{action: tillit.Archive, rule: fc.ArchiveRule}
			if !fc.HoldUntil.IsZero() && fc.HoldUntil.After(now) {
				s.hold = fc.Hold
			}
		default:
			continue
		}
		if _, ok := items[s]; !ok {
			order = append(order, s)
		}
		items[s] = append(items[s], it)
	}
	for _, s := range order {
		if err := v.apply(ctx, tx, subj, s, items[s], now, rep); err != nil {
			return err
		}
	}
	for _, r := range plan.Reviews {
		if err := v.raise(ctx, tx, subj, r, now, rep); err != nil {
			return err
		}
	}
	if left == 0 {
		// Nothing left: destroy the data key, and with it every copy of
		// the values in backups.
		f.Subject.Erased = now
		if err := tx.EraseSubject(f.Subject); err != nil {
			return err
		}
		rep.Shredded++
		return v.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: tillit.AuditShred, Subject: subj, Detail: "reason=retention"})
	}
	return tx.Schedule(subj, plan.Next(now, true))
}

// apply carries out one step on its items and audits it with its rule.
func (v *Vault) apply(ctx context.Context, tx tillit.Tx, subj string, s step, items []tillit.Item, now time.Time, rep *tillit.SweepReport) error {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	var err error
	switch s.action {
	case tillit.Archive:
		err = tx.ArchiveItems(subj, ids, now)
		rep.Archived += len(ids)
	case tillit.Anonymise:
		if err = v.anonymise(tx, subj, items); err == nil {
			err = tx.DeleteItems(subj, ids)
		}
		rep.Anonymised += len(ids)
	default:
		err = tx.DeleteItems(subj, ids)
		rep.Deleted += len(ids)
	}
	if err != nil {
		return err
	}
	detail := "action=" + string(s.action) + " rule=" + strconv.Quote(s.rule)
	if s.hold != "" {
		detail += " hold=" + s.hold
	}
	return v.c.Audit(ctx, tx, tillit.AuditEntry{
		At: now, Action: tillit.AuditRetention, Subject: subj, Purpose: s.purpose,
		Detail: detail + " categories=" + strings.Join(core.CategoriesOf(items), ",") + " items=" + strings.Join(ids, ","),
	})
}

// anonymise keeps, without any link to the person, the values of items
// that cannot identify anyone on their own: numbers and yes/no answers of
// categories that are neither identifiers nor special. Everything else
// is simply deleted.
func (v *Vault) anonymise(tx tillit.Tx, subj string, items []tillit.Item) error {
	var keep []tillit.Item
	for _, it := range items {
		c, ok := v.c.Policy().Category(it.Category)
		if ok && !c.Identifier && c.Special == "" && (c.Type == tillit.TypeNumber || c.Type == tillit.TypeBoolean) {
			keep = append(keep, it)
		}
	}
	if err := v.c.OpenItems(tx, subj, keep); err != nil {
		return err
	}
	for _, it := range keep {
		err := tx.InsertAnonymous(tillit.Anonymous{
			Category: it.Category, Purposes: it.Purposes, Value: it.Value,
			Month: it.Collected.In(tillit.Stockholm).Format("2006-01"),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// raise creates a review task unless it was raised before.
func (v *Vault) raise(ctx context.Context, tx tillit.Tx, subj string, r retention.Review, now time.Time, rep *tillit.SweepReport) error {
	t := tillit.Task{ID: v.c.ID("tsk"), Subject: subj, Purpose: r.Purpose, Rule: r.Rule.String(), Case: r.Case, Due: r.Due, Raised: now}
	ok, err := tx.InsertTask(t)
	if err != nil || !ok {
		return err
	}
	rep.Tasks++
	return v.c.Audit(ctx, tx, tillit.AuditEntry{
		At: now, Action: tillit.AuditTaskRaised, Subject: subj, Purpose: r.Purpose,
		Detail: "task=" + t.ID + " rule=" + strconv.Quote(t.Rule) + " case=" + r.Case,
	})
}

// Tasks returns up to n tasks after the task with ID after.
func (v *Vault) Tasks(ctx context.Context, all bool, after string, n int) ([]tillit.Task, error) {
	var out []tillit.Task
	err := v.c.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		out, err = tx.Tasks(all, after, n)
		return err
	})
	return out, err
}

// CloseTask records the officer's decision on an open task. The outcome
// is an ID such as kept or erased, never free text: it goes in the audit
// log.
func (v *Vault) CloseTask(ctx context.Context, id, outcome string) (tillit.Task, error) {
	const op = "vault.CloseTask"
	if !core.IsRef(outcome) {
		return tillit.Task{}, core.Invalid(op, "vault.give_outcome_id_e_g")
	}
	var t tillit.Task
	err := v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		var err error
		if t, err = tx.Task(id); tillit.ErrorCode(err) == tillit.ENOTFOUND {
			return tillit.Errorl(tillit.ENOTFOUND, op, catalog.Text("vault.there_no_such_task"))
		} else if err != nil {
			return err
		}
		if !t.IsOpen() {
			return tillit.Errorl(tillit.ECONFLICT, op, catalog.Text("vault.task_already_closed"))
		}
		t.Closed, t.Outcome, t.Actor = v.c.Now().UTC(), outcome, tillit.ActorFrom(ctx)
		if err := tx.CloseTask(t); err != nil {
			return err
		}
		return v.c.Audit(ctx, tx, tillit.AuditEntry{
			Action: tillit.AuditTaskClosed, Subject: t.Subject, Purpose: t.Purpose,
			Detail: "task=" + t.ID + " outcome=" + outcome,
		})
	})
	return t, err
}

// NextDue returns when the earliest scheduled subject falls due for the
// retention sweep, and how many are due by now; the zero time when
// nobody is scheduled.
func (v *Vault) NextDue(ctx context.Context) (next time.Time, due int, err error) {
	now := v.c.Now().UTC()
	err = v.c.Store.View(ctx, func(tx tillit.Tx) error {
		first, err := tx.Scheduled(now.AddDate(100, 0, 0), tillit.Scheduled{}, 1)
		if err != nil || len(first) == 0 {
			return err
		}
		next = first[0].Due
		ds, err := tx.Due(now, 1000)
		due = len(ds)
		return err
	})
	return next, due, err
}
