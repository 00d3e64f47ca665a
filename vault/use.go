package vault

import (
	"context"
	"slices"
	"strings"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/internal/core"
)

// Use returns the subject's values that purpose may use, if its legal basis
// holds now, and audits the read.
func (v *Vault) Use(ctx context.Context, subject, purpose string) ([]tillit.Item, error) {
	const op = "vault.Use"
	p, err := v.c.Purpose(op, purpose)
	if err != nil {
		return nil, err
	}
	var out []tillit.Item
	err = v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		if err := v.holds(tx, op, subject, p); err != nil {
			return err
		}
		uses := func(it tillit.Item) bool { return p.Uses(it.Category) }
		if out, err = v.itemsFor(tx, subject, purpose, uses); err != nil {
			return err
		}
		return v.c.Audit(ctx, tx, tillit.AuditEntry{
			Action: tillit.AuditUse, Subject: subject, Purpose: purpose,
			Detail: "categories=" + strings.Join(core.CategoriesOf(out), ","),
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Disclose returns the values d.Recipient may receive for d.Purpose and
// records the disclosure (GDPR art. 15(1)(c), 19, 30(1)(d)). With d.Case
// only that case's items go, with those that belong to no case.
func (v *Vault) Disclose(ctx context.Context, d tillit.Disclosure) (tillit.Disclosure, []tillit.Item, error) {
	const op = "vault.Disclose"
	p, err := v.c.Purpose(op, d.Purpose)
	if err != nil {
		return tillit.Disclosure{}, nil, err
	}
	pol := v.c.Policy()
	if _, ok := pol.Recipient(d.Recipient); !ok {
		return tillit.Disclosure{}, nil, core.Invalid(op, "vault.register_no_recipient", core.SafeName(d.Recipient))
	}
	allowed := pol.Disclosable(d.Purpose, d.Recipient)
	if len(allowed) == 0 {
		return tillit.Disclosure{}, nil, core.Forbidden(op, "vault.recipient_not_declared_purpose_register", d.Recipient, d.Purpose)
	}
	var out []tillit.Item
	err = v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		if err := v.holds(tx, op, d.Subject, p); err != nil {
			return err
		}
		if d.Case != "" {
			if c, err := tx.Case(d.Case); tillit.ErrorCode(err) == tillit.ENOTFOUND || err == nil && c.Subject != d.Subject {
				return core.Invalid(op, "vault.there_no_such_case")
			} else if err != nil {
				return err
			}
		}
		may := func(it tillit.Item) bool {
			return slices.Contains(allowed, it.Category) && (d.Case == "" || it.Case == "" || it.Case == d.Case)
		}
		if out, err = v.itemsFor(tx, d.Subject, d.Purpose, may); err != nil {
			return err
		}
		if len(out) == 0 {
			return tillit.Errorl(tillit.ENOTFOUND, op, catalog.Text("vault.there_no_data_recipient_may"))
		}
		if d.Case == "" {
			d.Case = core.CaseOf(out)
		}
		d.ID, d.Categories, d.At, d.Actor = v.c.ID("dis"), core.CategoriesOf(out), v.c.Now().UTC(), tillit.ActorFrom(ctx)
		if err := tx.InsertDisclosure(d); err != nil {
			return err
		}
		return v.c.Audit(ctx, tx, tillit.AuditEntry{
			Action: tillit.AuditDisclose, Subject: d.Subject, Purpose: d.Purpose,
			Detail: "recipient=" + d.Recipient + " case=" + d.Case + " categories=" + strings.Join(d.Categories, ","),
		})
	})
	if err != nil {
		return tillit.Disclosure{}, nil, err
	}
	return d, out, nil
}

// itemsFor returns the subject's items collected for purpose that pass
// may, decrypted. Archived items are never among them: no purpose uses
// them any more.
func (v *Vault) itemsFor(tx tillit.Tx, subject, purpose string, may func(tillit.Item) bool) ([]tillit.Item, error) {
	all, err := tx.Items(subject)
	if err != nil {
		return nil, err
	}
	var out []tillit.Item
	for _, it := range all {
		if !it.IsArchived() && may(it) && slices.Contains(it.Purposes, purpose) {
			out = append(out, it)
		}
	}
	return out, v.c.OpenItems(tx, subject, out)
}

// holds checks that the purpose's legal basis holds for the subject now:
// processing is not restricted (GDPR art. 18), consent was given and not
// withdrawn (art. 6(1)(a), 7(3)), and the subject has not objected (art. 21).
func (v *Vault) holds(tx tillit.Tx, op, id string, p tillit.Purpose) error {
	s, err := core.Subject(tx, op, id)
	if err != nil || v.c.Without.PurposeCheck() { // tillit bench's breakdown only
		return err
	}
	if s.Restricted {
		return core.Forbidden(op, "vault.processing_person_data_restricted")
	}
	if p.Basis == tillit.Consent {
		ledger, err := tx.Consents(id)
		if err != nil {
			return err
		}
		given, seen := core.ConsentGiven(ledger, p.ID)
		switch {
		case !seen:
			return core.Forbidden(op, "vault.person_not_consented_purpose", p.ID)
		case !given:
			return core.Forbidden(op, "vault.person_withdrawn_consent_purpose", p.ID)
		}
	}
	if p.Objectable() {
		events, err := tx.Events(id)
		if err != nil {
			return err
		}
		if core.Objected(events, p) {
			return core.Forbidden(op, "vault.person_objected_purpose_gdpr_art", p.ID)
		}
	}
	return nil
}
