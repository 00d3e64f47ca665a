package vault

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/internal/core"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/retention"
)

// Collect validates a submission against its collection point and stores
// it, with the consents and events it carries, in one transaction.
func (v *Vault) Collect(ctx context.Context, s tillit.Submission) (tillit.Receipt, error) {
	const op = "vault.Collect"
	c, err := v.check(op, s)
	if err != nil {
		return tillit.Receipt{}, err
	}
	var r tillit.Receipt
	err = v.update(ctx, func(tx tillit.Tx) error {
		var err error
		r, err = v.collect(ctx, tx, op, c, v.c.Now().UTC())
		return err
	})
	if err != nil {
		return tillit.Receipt{}, err
	}
	return r, nil
}

// CollectMany stores many submissions in one transaction, as an import
// does: each is checked and stored exactly as Collect would, one after
// the other, and if any is refused nothing is stored and the error says
// which one (counting from 0).
func (v *Vault) CollectMany(ctx context.Context, subs []tillit.Submission) ([]tillit.Receipt, error) {
	const op = "vault.CollectMany"
	cs := make([]checked, len(subs))
	for i, s := range subs {
		var err error
		if cs[i], err = v.check(op, s); err != nil {
			return nil, nth(i, err)
		}
	}
	out := make([]tillit.Receipt, len(subs))
	err := v.update(ctx, func(tx tillit.Tx) error {
		at := v.c.Now().UTC()
		for i, c := range cs {
			var err error
			if out[i], err = v.collect(ctx, tx, op, c, at); err != nil {
				return nth(i, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// update runs a collection in a write transaction. When it conflicts, it
// runs once more: two submissions for the same new person at once (a
// double click, an import beside a web form) each stored the person, and
// one stored the identifiers first; again, the other finds that person
// and joins them, as it would have a moment later. An identifier that
// belongs to another person conflicts again, and that is the answer.
func (v *Vault) update(ctx context.Context, fn func(tillit.Tx) error) error {
	err := v.c.Store.Update(ctx, fn)
	if tillit.ErrorCode(err) == tillit.ECONFLICT {
		err = v.c.Store.Update(ctx, fn)
	}
	return err
}

// nth says which submission of many an error is about.
func nth(i int, err error) error {
	var e *tillit.Error
	if !errors.As(err, &e) {
		return fmt.Errorf("submission %d: %w", i, err)
	}
	t := e.Text
	if t.EN == "" {
		t = tillit.Text{SV: e.Message, EN: e.Message}
	}
	n := catalog.Text("vault.submission_n")
	return tillit.Errorl(e.Code, e.Op, tillit.Text{SV: fmt.Sprintf(n.SV, i, t.SV), EN: fmt.Sprintf(n.EN, i, t.EN)})
}

// checked is a submission that passed the checks that need no store.
type checked struct {
	s      tillit.Submission
	pol    *tillit.Policy
	pt     tillit.CollectionPoint
	fields []core.Field
}

// check validates a submission against the register: its point, fields,
// consents, events and evidence.
func (v *Vault) check(op string, s tillit.Submission) (checked, error) {
	pol := v.c.Policy()
	pt, ok := pol.CollectionPoint(s.Point)
	if !ok {
		return checked{}, core.Invalid(op, "vault.register_no_collection_point", core.SafeName(s.Point))
	}
	fields, err := v.checkFields(op, pol, pt, s.Fields)
	if err != nil {
		return checked{}, err
	}
	if len(fields) == 0 && s.Subject == "" && s.Case == "" {
		return checked{}, core.Invalid(op, "vault.submission_holds_no_data")
	}
	if err := checkConsents(op, pol, pt, s.Consents); err != nil {
		return checked{}, err
	}
	for _, e := range s.Events {
		if err := core.CheckEventName(op, pol, e); err != nil {
			return checked{}, err
		}
	}
	if err := core.CheckEvidence(op, s.Evidence); err != nil {
		return checked{}, err
	}
	return checked{s: s, pol: pol, pt: pt, fields: fields}, nil
}

// collect stores a checked submission at time at (one time for
// everything it stores) and returns its receipt.
func (v *Vault) collect(ctx context.Context, tx tillit.Tx, op string, c checked, at time.Time) (tillit.Receipt, error) {
	s, pol, pt, fields := c.s, c.pol, c.pt, c.fields
	var r tillit.Receipt
	var dk *keys.DataKey // a new person's key, to seal with as it is
	subj, created, err := v.resolve(tx, op, s, pt, fields, at, &dk)
	if err != nil {
		return r, err
	}
	r.Subject, r.Created = subj.ID, created
	opened, err := v.openCase(tx, s, pt, subj.ID, at)
	if err != nil {
		return r, err
	}
	r.Case = opened.ID
	// A new subject's facts are all here: its schedule needs no reads.
	fresh := retention.Facts{Subject: subj}
	consented, err := v.consentedTo(tx, subj.ID, s.Consents, created)
	if err != nil {
		return r, err
	}
	items, err := v.items(op, pol, pt, fields, consented, subj.ID, r.Case, at, &r)
	if err != nil {
		return r, err
	}
	if dk != nil {
		err = core.SealWith(dk, items)
	} else {
		err = v.c.Seal(tx, subj.ID, items)
	}
	if err != nil {
		return r, err
	}
	var purposes []string
	for _, it := range items {
		if err := tx.InsertItem(it); err != nil {
			return r, err
		}
		r.Items = append(r.Items, it.ID)
		purposes = core.Union(purposes, it.Purposes)
	}
	evidence := v.c.Evidence(s.Evidence)
	for _, g := range s.Consents {
		c := tillit.ConsentRecord{Subject: subj.ID, Purpose: g.Purpose, Given: true, Version: g.Version, Channel: pt.ID, Evidence: evidence}
		stored, err := v.c.AppendConsent(ctx, tx, c, at)
		if err != nil {
			return r, err
		}
		fresh.Consents = append(fresh.Consents, stored)
	}
	for _, name := range s.Events {
		e := tillit.EventRecord{Subject: subj.ID, Event: name}
		stored, err := v.c.AppendEvent(ctx, tx, op, e, r.Case, at)
		if err != nil {
			return r, err
		}
		fresh.Events = append(fresh.Events, stored)
	}
	if created {
		fresh.Items = items
		if opened.Kind != "" {
			fresh.Cases = []tillit.Case{opened}
		}
		err = v.c.Schedule(tx, fresh, at, true)
	} else {
		err = v.c.Reschedule(tx, subj.ID, at)
	}
	if err != nil {
		return r, err
	}
	return r, v.c.Audit(ctx, tx, tillit.AuditEntry{
		At:      at,
		Action:  tillit.AuditCollect,
		Subject: subj.ID,
		Purpose: strings.Join(purposes, ","),
		Detail:  "point=" + pt.ID + " case=" + r.Case + " categories=" + strings.Join(core.CategoriesOf(items), ","),
	})
}

// checkFields refuses undeclared fields and missing required ones, then
// validates each value.
func (v *Vault) checkFields(op string, pol *tillit.Policy, pt tillit.CollectionPoint, in map[string]string) ([]core.Field, error) {
	if len(in) > core.MaxFields {
		return nil, core.Invalid(op, "vault.submission_more_than_fields", core.MaxFields)
	}
	var undeclared []string
	for name := range in {
		if !pt.Accepts(name) {
			undeclared = append(undeclared, core.SafeName(name))
		}
	}
	if len(undeclared) > 0 {
		sort.Strings(undeclared)
		return nil, core.Invalid(op, "vault.collection_point_does_not_accept",
			pt.ID, core.QuoteAll(undeclared), strings.Join(append(slices.Clone(pt.Required), pt.Optional...), ", "))
	}
	var missing []string
	for _, name := range pt.Required {
		if strings.TrimSpace(in[name]) == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, core.Invalid(op, "vault.collection_point_requires", pt.ID, core.QuoteAll(missing))
	}
	names := make([]string, 0, len(in))
	for name := range in {
		names = append(names, name)
	}
	sort.Strings(names)
	now := v.c.Now().In(tillit.Stockholm) // a personnummer is dated in Swedish time
	var out []core.Field
	for _, name := range names {
		if strings.TrimSpace(in[name]) == "" {
			continue // an optional field left empty
		}
		cat, _ := pol.Category(name)
		f, err := core.CheckField(op, cat, in[name], pt, now)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// checkConsents accepts consents only to consent-based purposes the point
// serves, in the wording version the register states (GDPR art. 7(1)).
func checkConsents(op string, pol *tillit.Policy, pt tillit.CollectionPoint, gs []tillit.ConsentGrant) error {
	for _, g := range gs {
		p, ok := pol.Purpose(g.Purpose)
		switch {
		case !ok:
			return core.Invalid(op, "vault.register_no_purpose", core.SafeName(g.Purpose))
		case p.Basis != tillit.Consent:
			return core.Invalid(op, "vault.purpose_does_not_rest_consent", g.Purpose)
		case !slices.Contains(pt.Purposes, g.Purpose):
			return core.Invalid(op, "vault.collection_point_does_not_collect", pt.ID, g.Purpose)
		case p.Consent.Version != "" && g.Version != p.Consent.Version:
			return core.Invalid(op, "vault.consent_was_given_another_version", g.Purpose, p.Consent.Version)
		case g.Version == "":
			return core.Invalid(op, "vault.consent_lacks_wording_version", g.Purpose)
		}
	}
	return nil
}

// resolve finds the subject the submission is about, by its ID, its case
// or its identifiers, or creates one, and indexes new identifiers. It
// refuses when the identifiers belong to different subjects: merging two
// people's data by mistake is worse than asking a person to sort it out.
func (v *Vault) resolve(tx tillit.Tx, op string, s tillit.Submission, pt tillit.CollectionPoint, fields []core.Field, at time.Time, fresh **keys.DataKey) (tillit.Subject, bool, error) {
	want := s.Subject
	if s.Case != "" {
		c, err := tx.Case(s.Case)
		if tillit.ErrorCode(err) == tillit.ENOTFOUND || err == nil && (want != "" && c.Subject != want || c.Kind != pt.OpensCase) {
			return tillit.Subject{}, false, core.Invalid(op, "vault.there_no_such_case")
		} else if err != nil {
			return tillit.Subject{}, false, err
		}
		want = c.Subject
	}
	type ident struct {
		kind  string
		blind []byte
		owner string
	}
	var ids []ident
	seen := map[string]bool{}
	for _, f := range fields {
		if !f.Cat.Identifier || !core.IdentifierKinds[f.Cat.Type] || v.c.Without.Indexes() { // tillit bench's breakdown only
			continue
		}
		id := ident{kind: string(f.Cat.Type), blind: v.c.Index.Blind(string(f.Cat.Type), f.Value)}
		if key := id.kind + "\x00" + string(id.blind); seen[key] {
			continue // the same value in two categories
		} else {
			seen[key] = true
		}
		owner, err := tx.FindIdentifier(id.kind, id.blind)
		if err != nil && tillit.ErrorCode(err) != tillit.ENOTFOUND {
			return tillit.Subject{}, false, err
		}
		id.owner = owner
		if owner == "" {
			if err := v.suppressed(tx, op, pt, id.kind, id.blind); err != nil {
				return tillit.Subject{}, false, err
			}
		}
		if owner != "" && want != "" && owner != want {
			return tillit.Subject{}, false, core.Conflict(op)
		}
		if owner != "" {
			want = owner
		}
		ids = append(ids, id)
	}
	var subj tillit.Subject
	created := false
	if want != "" {
		var err error
		if subj, err = core.Subject(tx, op, want); err != nil {
			return subj, false, err
		}
	} else {
		subj = tillit.Subject{ID: v.c.ID("sub"), Created: at}
		wrapped := []byte{} // no data key: tillit bench's breakdown only
		if !v.c.Without.Encryption() {
			var err error
			if *fresh, wrapped, err = v.c.KEK.NewDataKey(subj.ID); err != nil {
				return subj, false, err
			}
		}
		if err := tx.InsertSubject(subj, wrapped); err != nil {
			return subj, false, err
		}
		created = true
	}
	var held []tillit.Identifier
	if !created {
		var err error
		if held, err = tx.Identifiers(subj.ID); err != nil {
			return subj, false, err
		}
	}
	for _, id := range ids {
		if id.owner != "" {
			continue
		}
		// A person has one personnummer: a second one means the
		// submission is about someone else.
		for _, h := range held {
			if h.Kind == string(tillit.TypePersonnummer) && id.kind == h.Kind {
				return subj, false, core.Conflict(op)
			}
		}
		if err := tx.PutIdentifier(id.kind, id.blind, subj.ID); err != nil {
			return subj, false, err
		}
	}
	return subj, created, nil
}

// openCase returns the case the submission belongs to, opening one when
// the point opens cases and none was named.
func (v *Vault) openCase(tx tillit.Tx, s tillit.Submission, pt tillit.CollectionPoint, subject string, at time.Time) (tillit.Case, error) {
	if s.Case != "" {
		return tillit.Case{ID: s.Case}, nil // checked by resolve; not opened here
	}
	if pt.OpensCase == "" {
		return tillit.Case{}, nil
	}
	c := tillit.Case{ID: v.c.ID("case"), Subject: subject, Kind: pt.OpensCase, Point: pt.ID, Opened: at}
	return c, tx.InsertCase(c)
}

// consentedTo returns the consent-based purposes the subject has consented
// to: in this submission or before and not withdrawn since.
func (v *Vault) consentedTo(tx tillit.Tx, subject string, gs []tillit.ConsentGrant, created bool) (map[string]bool, error) {
	out := map[string]bool{}
	if !created {
		ledger, err := tx.Consents(subject)
		if err != nil {
			return nil, err
		}
		for _, c := range ledger {
			out[c.Purpose] = c.Given
		}
	}
	for _, g := range gs {
		out[g.Purpose] = true
	}
	return out, nil
}

// items turns fields into items tagged with the purposes they serve: the
// point's purposes that use the category, less consent-based purposes the
// person has not consented to. A value that would serve no purpose is not
// collected at all (GDPR art. 5(1)(c)).
func (v *Vault) items(op string, pol *tillit.Policy, pt tillit.CollectionPoint, fields []core.Field, consented map[string]bool,
	subject, caseID string, at time.Time, r *tillit.Receipt) ([]tillit.Item, error) {
	var out []tillit.Item
	for _, f := range fields {
		if f.Cat.Transient {
			r.Dropped = append(r.Dropped, f.Cat.ID)
			continue
		}
		var purposes, lacking []string
		for _, id := range pt.Purposes {
			p, _ := pol.Purpose(id)
			switch {
			case !p.Uses(f.Cat.ID):
			case p.Basis == tillit.Consent && !consented[id]:
				lacking = append(lacking, id)
			default:
				purposes = append(purposes, id)
			}
		}
		if len(purposes) == 0 && len(lacking) == 0 {
			return nil, core.Invalid(op, "vault.field_serves_none_collection_point", f.Cat.ID)
		}
		if len(purposes) == 0 {
			return nil, core.Invalid(op, "vault.field_needed_only_which_requires", f.Cat.ID, core.QuoteAll(lacking))
		}
		if f.Redacted {
			r.Redacted = append(r.Redacted, f.Cat.ID)
		}
		out = append(out, tillit.Item{
			ID: v.c.ID("itm"), Subject: subject, Category: f.Cat.ID, Value: f.Value, Purposes: purposes,
			Source: pt.Source, Point: pt.ID, Case: caseID, Provided: pt.Source == "", Collected: at,
		})
	}
	return out, nil
}

// suppressed refuses data about a person who had their data erased when
// it comes from a source, such as an imported list, rather than from the
// person: the erasure must not be undone behind their back. A person who
// comes back and gives their data themselves is taken off the list.
func (v *Vault) suppressed(tx tillit.Tx, op string, pt tillit.CollectionPoint, kind string, blind []byte) error {
	on, err := tx.Suppressed(kind, blind)
	switch {
	case err != nil || !on:
		return err
	case pt.Source == "":
		return tx.Unsuppress(kind, blind)
	}
	return core.Forbidden(op, "vault.person_had_their_data_erased", pt.ID)
}
