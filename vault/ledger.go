package vault

import (
	"context"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/core"
	"github.com/tillit-privacy/tillit/pii"
)

// Record records a lifecycle event for a subject or one of its cases.
func (v *Vault) Record(ctx context.Context, e tillit.EventRecord) error {
	const op = "vault.Record"
	if err := core.CheckEventName(op, v.c.Policy(), e.Event); err != nil {
		return err
	}
	if e.Purpose != "" {
		if _, err := v.c.Purpose(op, e.Purpose); err != nil {
			return err
		}
	}
	return v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		if _, err := core.Subject(tx, op, e.Subject); err != nil {
			return err
		}
		now := v.c.Now().UTC()
		if _, err := v.c.AppendEvent(ctx, tx, op, e, e.Case, now); err != nil {
			return err
		}
		return v.c.Reschedule(tx, e.Subject, now)
	})
}

// SetConsent gives or withdraws consent (GDPR art. 7). The record's
// Evidence is ignored: ev is kept as Collect keeps it, the IP address only
// as a keyed hash.
func (v *Vault) SetConsent(ctx context.Context, c tillit.ConsentRecord, ev tillit.Evidence) error {
	const op = "vault.SetConsent"
	p, err := v.c.Purpose(op, c.Purpose)
	if err != nil {
		return err
	}
	switch {
	case p.Basis != tillit.Consent:
		return core.Invalid(op, "vault.purpose_does_not_rest_consent", c.Purpose)
	case c.Given && c.Version != p.Consent.Version && (p.Consent.Version != "" || !core.IsRef(c.Version)):
		return core.Invalid(op, "vault.consent_was_given_another_version_2", p.Consent.Version)
	case !core.IsRef(c.Channel):
		return core.Invalid(op, "vault.say_how_consent_was_given")
	}
	if err := core.CheckEvidence(op, ev); err != nil {
		return err
	}
	if !c.Given {
		c.Version = p.Consent.Version // the wording whose consent is withdrawn
	}
	c.Evidence = v.c.Evidence(ev)
	return v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		if _, err := core.Subject(tx, op, c.Subject); err != nil {
			return err
		}
		now := v.c.Now().UTC()
		if _, err := v.c.AppendConsent(ctx, tx, c, now); err != nil {
			return err
		}
		return v.c.Reschedule(tx, c.Subject, now)
	})
}

// Object records an objection to a purpose (GDPR art. 21).
func (v *Vault) Object(ctx context.Context, subj, purpose string) error {
	const op = "vault.Object"
	p, err := v.c.Purpose(op, purpose)
	if err != nil {
		return err
	}
	if !p.Objectable() {
		return core.Invalid(op, "vault.purpose_rests_neither_legitimate_interest", purpose)
	}
	return v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		if _, err := core.Subject(tx, op, subj); err != nil {
			return err
		}
		e := tillit.EventRecord{Subject: subj, Event: tillit.EventObjected, Purpose: purpose}
		now := v.c.Now().UTC()
		if _, err := v.c.AppendEvent(ctx, tx, op, e, "", now); err != nil {
			return err
		}
		return v.c.Reschedule(tx, subj, now)
	})
}

// Restrict sets or lifts the restriction of processing (GDPR art. 18).
func (v *Vault) Restrict(ctx context.Context, subj string, on bool) error {
	const op = "vault.Restrict"
	return v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		if _, err := core.Subject(tx, op, subj); err != nil {
			return err
		}
		return v.c.Restrict(ctx, tx, subj, on, v.c.Now().UTC())
	})
}

// Shred destroys the subject's data key, values and identifiers. Shredding
// an erased subject again changes nothing.
func (v *Vault) Shred(ctx context.Context, subj string) error {
	const op = "vault.Shred"
	return v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		s, err := tx.Subject(subj)
		if err != nil {
			return core.SubjectErr(op, err)
		}
		if s.IsErased() {
			return nil
		}
		s.Erased = v.c.Now().UTC()
		if err := tx.EraseSubject(s); err != nil {
			return err
		}
		if _, err := tx.ShredMessages(subj); err != nil {
			return err
		}
		return v.c.Audit(ctx, tx, tillit.AuditEntry{Action: tillit.AuditShred, Subject: subj})
	})
}

// Subject returns a subject by ID; an erased subject is returned too, so
// that its records can be shown.
func (v *Vault) Subject(ctx context.Context, id string) (tillit.Subject, error) {
	var s tillit.Subject
	err := v.c.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		s, err = tx.Subject(id)
		return core.SubjectErr("vault.Subject", err)
	})
	return s, err
}

// Find returns the subject an identifier belongs to.
func (v *Vault) Find(ctx context.Context, kind tillit.ValueType, value string) (tillit.Subject, error) {
	const op = "vault.Find"
	var norm string
	var err error
	switch kind {
	case tillit.TypeEmail:
		norm, err = pii.Email(value)
	case tillit.TypePhone:
		norm, err = pii.Phone(value)
	case tillit.TypePersonnummer:
		norm, err = pii.Personnummer(value, v.c.Now().In(tillit.Stockholm))
	default:
		return tillit.Subject{}, core.Invalid(op, "vault.cannot_look_up", core.SafeName(string(kind)))
	}
	if pe, ok := err.(*pii.Error); ok {
		return tillit.Subject{}, tillit.Errorl(tillit.EINVALID, op, tillit.Text{SV: pe.SV, EN: pe.EN})
	}
	var s tillit.Subject
	err = v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		id, err := tx.FindIdentifier(string(kind), v.c.Index.Blind(string(kind), norm))
		if err != nil {
			return core.SubjectErr(op, err)
		}
		if s, err = core.Subject(tx, op, id); err != nil {
			return err
		}
		return v.c.Audit(ctx, tx, tillit.AuditEntry{Action: tillit.AuditFind, Subject: id, Detail: "by=" + string(kind)})
	})
	return s, err
}

// History returns the subject's records without values, and audits the look.
func (v *Vault) History(ctx context.Context, subj string) (tillit.History, error) {
	const op = "vault.History"
	var h tillit.History
	err := v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		var err error
		if h.Subject, err = tx.Subject(subj); err != nil {
			return core.SubjectErr(op, err)
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
		return v.c.Audit(ctx, tx, tillit.AuditEntry{Action: tillit.AuditHistory, Subject: subj})
	})
	return h, err
}
