package core

import (
	"context"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/retention"
)

// fingerprintMeta names the setting that holds the fingerprint of the
// retention rules the schedule was computed from.
const fingerprintMeta = "retention_fingerprint"

// CheckSchedule puts every subject on the schedule again when the
// register's retention rules differ from those the schedule was computed
// from (or the store has never had one), so that the next sweep applies
// the rules now in force.
func (k *Core) CheckSchedule(ctx context.Context, tx tillit.Tx) error {
	fp := retention.Fingerprint(k.Policy())
	old, err := tx.Meta(fingerprintMeta)
	if err != nil && tillit.ErrorCode(err) != tillit.ENOTFOUND {
		return err
	}
	if old == fp {
		return nil
	}
	if err := tx.ScheduleAll(time.UnixMicro(0)); err != nil {
		return err
	}
	if err := tx.PutMeta(fingerprintMeta, fp); err != nil {
		return err
	}
	if old == "" {
		return nil // a new store, or one from before retention: nothing changed
	}
	return k.Audit(ctx, tx, tillit.AuditEntry{Action: tillit.AuditRescheduled, Detail: "fingerprint=" + fp[:16]})
}

// Facts loads what the retention rules look at for one subject.
func Facts(tx tillit.Tx, subj string) (retention.Facts, error) {
	var f retention.Facts
	var err error
	if f.Subject, err = tx.Subject(subj); err != nil || f.Subject.IsErased() {
		return f, err
	}
	if f.Items, err = tx.Items(subj); err != nil {
		return f, err
	}
	if f.Cases, err = tx.Cases(subj); err != nil {
		return f, err
	}
	if f.Events, err = tx.Events(subj); err != nil {
		return f, err
	}
	f.Consents, err = tx.Consents(subj)
	return f, err
}

// Reschedule computes when a subject that just changed is next due.
func (k *Core) Reschedule(tx tillit.Tx, subj string, now time.Time) error {
	f, err := Facts(tx, subj)
	if err != nil || f.Subject.IsErased() {
		return err
	}
	return k.Schedule(tx, f, now, false)
}

// Schedule records when the subject of f is next due. A due time already
// passed is kept: the sweep has not been there yet. A new subject has no
// schedule to keep.
func (k *Core) Schedule(tx tillit.Tx, f retention.Facts, now time.Time, isNew bool) error {
	var due time.Time
	if !f.Subject.Restricted {
		due = retention.Evaluate(k.Policy(), f, now).Next(now, false)
	}
	if !isNew && !f.Subject.Restricted {
		old, err := tx.ScheduledAt(f.Subject.ID)
		if err != nil {
			return err
		}
		if !old.IsZero() && !old.After(now) && (due.IsZero() || old.Before(due)) {
			due = old
		}
	}
	if isNew && due.IsZero() {
		return nil // nothing to remove
	}
	return tx.Schedule(f.Subject.ID, due)
}
