package vault

import (
	"context"
	"slices"
	"strings"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/core"
)

// Use returns the subject's values that purpose may use, if its legal basis
// holds now, and audits the read.
func (v *Vault) Use(ctx context.Context, subject, purpose string) ([]tillit.Item, error) {
	const op = "vault.use"
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
	const op = "vault.disclose"
	p, err := v.c.Purpose(op, d.Purpose)
	if err != nil {
		return tillit.Disclosure{}, nil, err
	}
	pol := v.c.Policy()
	if _, ok := pol.Recipient(d.Recipient); !ok {
		return tillit.Disclosure{}, nil, core.Invalid(op, "Registret har ingen mottagare %q.", "The register has no recipient %q.", core.SafeName(d.Recipient))
	}
	allowed := pol.Disclosable(d.Purpose, d.Recipient)
	if len(allowed) == 0 {
		return tillit.Disclosure{}, nil, core.Forbidden(op,
			"Mottagaren %q är inte angiven för ändamålet %q i registret.",
			"The recipient %q is not declared for the purpose %q in the register.", d.Recipient, d.Purpose)
	}
	var out []tillit.Item
	err = v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		if err := v.holds(tx, op, d.Subject, p); err != nil {
			return err
		}
		if d.Case != "" {
			if c, err := tx.Case(d.Case); tillit.ErrorCode(err) == tillit.ENOTFOUND || err == nil && c.Subject != d.Subject {
				return core.Invalid(op, "Det finns inget sådant ärende.", "There is no such case.")
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
			return tillit.Errorl(tillit.ENOTFOUND, op, tillit.Text{
				SV: "Det finns inga uppgifter som mottagaren får ta emot för ändamålet; inget lämnades ut.",
				EN: "There is no data the recipient may receive for the purpose; nothing was disclosed.",
			})
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
		return core.Forbidden(op,
			"Behandlingen av personens uppgifter är begränsad (artikel 18 GDPR).",
			"Processing of this person's data is restricted (GDPR art. 18).")
	}
	if p.Basis == tillit.Consent {
		ledger, err := tx.Consents(id)
		if err != nil {
			return err
		}
		given, seen := core.ConsentGiven(ledger, p.ID)
		switch {
		case !seen:
			return core.Forbidden(op, "Personen har inte samtyckt till ändamålet %q.", "The person has not consented to the purpose %q.", p.ID)
		case !given:
			return core.Forbidden(op, "Personen har återkallat sitt samtycke till ändamålet %q.", "The person has withdrawn consent to the purpose %q.", p.ID)
		}
	}
	if p.Objectable() {
		events, err := tx.Events(id)
		if err != nil {
			return err
		}
		if core.Objected(events, p) {
			return core.Forbidden(op, "Personen har invänt mot ändamålet %q (artikel 21 GDPR).", "The person has objected to the purpose %q (GDPR art. 21).", p.ID)
		}
	}
	return nil
}
