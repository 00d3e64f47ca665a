package core

import (
	"context"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
)

// Recordable reports whether a caller may record event through Record:
// consent and objection events come from SetConsent and Object, and
// "collected" from Collect, so that each ledger has one way in.
func Recordable(event string) bool {
	switch event {
	case tillit.EventCollected, tillit.EventConsentGiven, tillit.EventConsentWithdrawn, tillit.EventObjected:
		return false
	}
	return true
}

func CheckEventName(op string, pol *tillit.Policy, name string) error {
	if _, ok := pol.Event(name); !ok {
		return Invalid(op, "core.register_no_event", SafeName(name))
	}
	if !Recordable(name) {
		return Invalid(op, "core.event_recorded_tillit_itself", name)
	}
	return nil
}

// AppendEvent stores an event at time at, audits it and returns it as
// stored. A case event needs a case of the event's case type that belongs
// to the subject; caseID is the case the caller named or the submission
// opened.
func (k *Core) AppendEvent(ctx context.Context, tx tillit.Tx, op string, e tillit.EventRecord, caseID string, at time.Time) (tillit.EventRecord, error) {
	def, _ := k.Policy().Event(e.Event)
	e.Case = ""
	if def.Scope == tillit.CaseScope {
		c, err := tx.Case(caseID)
		if caseID == "" || tillit.ErrorCode(err) == tillit.ENOTFOUND || err == nil && (c.Subject != e.Subject || c.Kind != def.Case) {
			return e, Invalid(op, "core.event_belongs_case_type_no", e.Event, def.Case)
		} else if err != nil {
			return e, err
		}
		e.Case = c.ID
	}
	e.ID, e.At, e.Actor = k.ID("evt"), at, tillit.ActorFrom(ctx)
	if err := tx.InsertEvent(e); err != nil {
		return e, err
	}
	action := tillit.AuditEvent
	if e.Event == tillit.EventObjected {
		action = tillit.AuditObject
	}
	return e, k.Audit(ctx, tx, tillit.AuditEntry{
		At: at, Action: action, Subject: e.Subject, Purpose: e.Purpose,
		Detail: "event=" + e.Event + " case=" + e.Case,
	})
}

func (k *Core) AppendConsent(ctx context.Context, tx tillit.Tx, c tillit.ConsentRecord, at time.Time) (tillit.ConsentRecord, error) {
	c.ID, c.At = k.ID("con"), at
	if err := tx.InsertConsent(c); err != nil {
		return c, err
	}
	action := tillit.AuditConsentGiven
	if !c.Given {
		action = tillit.AuditConsentWithdrawn
	}
	return c, k.Audit(ctx, tx, tillit.AuditEntry{
		At: at, Action: action, Subject: c.Subject, Purpose: c.Purpose,
		Detail: "version=" + c.Version + " channel=" + c.Channel,
	})
}

func (k *Core) Restrict(ctx context.Context, tx tillit.Tx, subj string, on bool, now time.Time) error {
	if err := tx.SetRestricted(subj, on); err != nil {
		return err
	}
	// A restriction stops every retention rule until it is lifted
	// (art. 18(1)(b) and (c): the person wants the data kept).
	if err := k.Reschedule(tx, subj, now); err != nil {
		return err
	}
	action := tillit.AuditRestrict
	if !on {
		action = tillit.AuditUnrestrict
	}
	return k.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: action, Subject: subj})
}

// SubjectErr turns a store's not-found into the vault's.
func SubjectErr(op string, err error) error {
	if tillit.ErrorCode(err) == tillit.ENOTFOUND {
		return tillit.Errorl(tillit.ENOTFOUND, op, catalog.Text("core.there_no_such_data_subject"))
	}
	return err
}
