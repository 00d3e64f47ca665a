package vault

import (
	"context"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/pii"
)

// recordable reports whether a caller may record event through Record:
// consent and objection events come from SetConsent and Object, and
// "collected" from Collect, so that each ledger has one way in.
func recordable(event string) bool {
	switch event {
	case tillit.EventCollected, tillit.EventConsentGiven, tillit.EventConsentWithdrawn, tillit.EventObjected:
		return false
	}
	return true
}

func checkEventName(op string, pol *tillit.Policy, name string) error {
	if _, ok := pol.Event(name); !ok {
		return invalid(op, "Registret har ingen händelse %q.", "The register has no event %q.", safeName(name))
	}
	if !recordable(name) {
		return invalid(op, "Händelsen %q registreras av Tillit självt.", "The event %q is recorded by Tillit itself.", name)
	}
	return nil
}

// Record records a lifecycle event for a subject or one of its cases.
func (v *Vault) Record(ctx context.Context, e tillit.EventRecord) error {
	const op = "vault.record"
	if err := checkEventName(op, v.Policy(), e.Event); err != nil {
		return err
	}
	if e.Purpose != "" {
		if _, err := v.purpose(op, e.Purpose); err != nil {
			return err
		}
	}
	return v.store.Update(ctx, func(tx tillit.Tx) error {
		if _, err := subject(tx, op, e.Subject); err != nil {
			return err
		}
		now := v.now().UTC()
		if _, err := v.appendEvent(ctx, tx, op, e, e.Case, now); err != nil {
			return err
		}
		return v.reschedule(tx, e.Subject, now)
	})
}

// appendEvent stores an event at time at, audits it and returns it as
// stored. A case event needs a case of the event's case type that belongs
// to the subject; caseID is the case the caller named or the submission
// opened.
func (v *Vault) appendEvent(ctx context.Context, tx tillit.Tx, op string, e tillit.EventRecord, caseID string, at time.Time) (tillit.EventRecord, error) {
	def, _ := v.Policy().Event(e.Event)
	e.Case = ""
	if def.Scope == tillit.CaseScope {
		c, err := tx.Case(caseID)
		if caseID == "" || tillit.ErrorCode(err) == tillit.ENOTFOUND || err == nil && (c.Subject != e.Subject || c.Kind != def.Case) {
			return e, invalid(op, "Händelsen %q gäller ett ärende av typen %q, och inget sådant ärende angavs.",
				"The event %q belongs to a case of type %q, and no such case was given.", e.Event, def.Case)
		} else if err != nil {
			return e, err
		}
		e.Case = c.ID
	}
	e.ID, e.At, e.Actor = v.id("evt"), at, tillit.ActorFrom(ctx)
	if err := tx.InsertEvent(e); err != nil {
		return e, err
	}
	action := tillit.AuditEvent
	if e.Event == tillit.EventObjected {
		action = tillit.AuditObject
	}
	return e, v.audit(ctx, tx, tillit.AuditEntry{
		At: at, Action: action, Subject: e.Subject, Purpose: e.Purpose,
		Detail: "event=" + e.Event + " case=" + e.Case,
	})
}

// SetConsent gives or withdraws consent (GDPR art. 7). The record's
// Evidence is ignored: ev is kept as Collect keeps it, the IP address only
// as a keyed hash.
func (v *Vault) SetConsent(ctx context.Context, c tillit.ConsentRecord, ev tillit.Evidence) error {
	const op = "vault.consent"
	p, err := v.purpose(op, c.Purpose)
	if err != nil {
		return err
	}
	switch {
	case p.Basis != tillit.Consent:
		return invalid(op, "Ändamålet %q bygger inte på samtycke.", "The purpose %q does not rest on consent.", c.Purpose)
	case c.Given && c.Version != p.Consent.Version && (p.Consent.Version != "" || !isRef(c.Version)):
		return invalid(op, "Samtycket gavs till en annan version av texten än registrets, version %q.",
			"The consent was given to another version of the wording than the register's, version %q.", p.Consent.Version)
	case !isRef(c.Channel):
		return invalid(op, "Ange hur samtycket gavs eller återkallades som ett id, t.ex. privacy_centre.",
			"Say how the consent was given or withdrawn as an ID, e.g. privacy_centre.")
	}
	if err := checkEvidence(op, ev); err != nil {
		return err
	}
	if !c.Given {
		c.Version = p.Consent.Version // the wording whose consent is withdrawn
	}
	c.Evidence = v.evidence(ev)
	return v.store.Update(ctx, func(tx tillit.Tx) error {
		if _, err := subject(tx, op, c.Subject); err != nil {
			return err
		}
		now := v.now().UTC()
		if _, err := v.appendConsent(ctx, tx, c, now); err != nil {
			return err
		}
		return v.reschedule(tx, c.Subject, now)
	})
}

func (v *Vault) appendConsent(ctx context.Context, tx tillit.Tx, c tillit.ConsentRecord, at time.Time) (tillit.ConsentRecord, error) {
	c.ID, c.At = v.id("con"), at
	if err := tx.InsertConsent(c); err != nil {
		return c, err
	}
	action := tillit.AuditConsentGiven
	if !c.Given {
		action = tillit.AuditConsentWithdrawn
	}
	return c, v.audit(ctx, tx, tillit.AuditEntry{
		At: at, Action: action, Subject: c.Subject, Purpose: c.Purpose,
		Detail: "version=" + c.Version + " channel=" + c.Channel,
	})
}

// Object records an objection to a purpose (GDPR art. 21).
func (v *Vault) Object(ctx context.Context, subj, purpose string) error {
	const op = "vault.object"
	p, err := v.purpose(op, purpose)
	if err != nil {
		return err
	}
	if !p.Objectable() {
		return invalid(op,
			"Ändamålet %q bygger inte på intresseavvägning eller direktmarknadsföring, så det finns ingen rätt att invända (artikel 21 GDPR).",
			"The purpose %q rests on neither legitimate interest nor direct marketing, so there is no right to object (GDPR art. 21).", purpose)
	}
	return v.store.Update(ctx, func(tx tillit.Tx) error {
		if _, err := subject(tx, op, subj); err != nil {
			return err
		}
		e := tillit.EventRecord{Subject: subj, Event: tillit.EventObjected, Purpose: purpose}
		now := v.now().UTC()
		if _, err := v.appendEvent(ctx, tx, op, e, "", now); err != nil {
			return err
		}
		return v.reschedule(tx, subj, now)
	})
}

// Restrict sets or lifts the restriction of processing (GDPR art. 18).
func (v *Vault) Restrict(ctx context.Context, subj string, on bool) error {
	const op = "vault.restrict"
	return v.store.Update(ctx, func(tx tillit.Tx) error {
		if _, err := subject(tx, op, subj); err != nil {
			return err
		}
		return v.restrict(ctx, tx, subj, on, v.now().UTC())
	})
}

func (v *Vault) restrict(ctx context.Context, tx tillit.Tx, subj string, on bool, now time.Time) error {
	if err := tx.SetRestricted(subj, on); err != nil {
		return err
	}
	// A restriction stops every retention rule until it is lifted
	// (art. 18(1)(b) and (c): the person wants the data kept).
	if err := v.reschedule(tx, subj, now); err != nil {
		return err
	}
	action := tillit.AuditRestrict
	if !on {
		action = tillit.AuditUnrestrict
	}
	return v.audit(ctx, tx, tillit.AuditEntry{At: now, Action: action, Subject: subj})
}

// Shred destroys the subject's data key, values and identifiers. Shredding
// an erased subject again changes nothing.
func (v *Vault) Shred(ctx context.Context, subj string) error {
	const op = "vault.shred"
	return v.store.Update(ctx, func(tx tillit.Tx) error {
		s, err := tx.Subject(subj)
		if err != nil {
			return subjectErr(op, err)
		}
		if s.IsErased() {
			return nil
		}
		s.Erased = v.now().UTC()
		if err := tx.EraseSubject(s); err != nil {
			return err
		}
		if _, err := tx.ShredMessages(subj); err != nil {
			return err
		}
		return v.audit(ctx, tx, tillit.AuditEntry{Action: tillit.AuditShred, Subject: subj})
	})
}

// Subject returns a subject by ID; an erased subject is returned too, so
// that its records can be shown.
func (v *Vault) Subject(ctx context.Context, id string) (tillit.Subject, error) {
	var s tillit.Subject
	err := v.store.View(ctx, func(tx tillit.Tx) error {
		var err error
		s, err = tx.Subject(id)
		return subjectErr("vault.subject", err)
	})
	return s, err
}

// Find returns the subject an identifier belongs to.
func (v *Vault) Find(ctx context.Context, kind tillit.ValueType, value string) (tillit.Subject, error) {
	const op = "vault.find"
	var norm string
	var err error
	switch kind {
	case tillit.TypeEmail:
		norm, err = pii.Email(value)
	case tillit.TypePhone:
		norm, err = pii.Phone(value)
	case tillit.TypePersonnummer:
		norm, err = pii.Personnummer(value, v.now().In(tillit.Stockholm))
	default:
		return tillit.Subject{}, invalid(op, "Man kan inte söka på %q.", "Cannot look up by %q.", safeName(string(kind)))
	}
	if pe, ok := err.(*pii.Error); ok {
		return tillit.Subject{}, tillit.Errorl(tillit.EINVALID, op, tillit.Text{SV: pe.SV, EN: pe.EN})
	}
	var s tillit.Subject
	err = v.store.Update(ctx, func(tx tillit.Tx) error {
		id, err := tx.FindIdentifier(string(kind), v.index.Blind(string(kind), norm))
		if err != nil {
			return subjectErr(op, err)
		}
		if s, err = subject(tx, op, id); err != nil {
			return err
		}
		return v.audit(ctx, tx, tillit.AuditEntry{Action: tillit.AuditFind, Subject: id, Detail: "by=" + string(kind)})
	})
	return s, err
}

// History returns the subject's records without values, and audits the look.
func (v *Vault) History(ctx context.Context, subj string) (tillit.History, error) {
	const op = "vault.history"
	var h tillit.History
	err := v.store.Update(ctx, func(tx tillit.Tx) error {
		var err error
		if h.Subject, err = tx.Subject(subj); err != nil {
			return subjectErr(op, err)
		}
		if h.Items, err = tx.Items(subj); err != nil {
			return err
		}
		for i := range h.Items {
			h.Items[i].Sealed = nil
		}
		if h.Cases, err = tx.Cases(subj); err != nil {
			return err
		}
		if h.Events, err = tx.Events(subj); err != nil {
			return err
		}
		if h.Consents, err = tx.Consents(subj); err != nil {
			return err
		}
		if h.Disclosures, err = tx.Disclosures(subj); err != nil {
			return err
		}
		return v.audit(ctx, tx, tillit.AuditEntry{Action: tillit.AuditHistory, Subject: subj})
	})
	return h, err
}

// subjectErr turns a store's not-found into the vault's.
func subjectErr(op string, err error) error {
	if tillit.ErrorCode(err) == tillit.ENOTFOUND {
		return tillit.Errorl(tillit.ENOTFOUND, op, tillit.Text{SV: "Det finns ingen sådan registrerad.", EN: "There is no such data subject."})
	}
	return err
}
