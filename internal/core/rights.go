package core

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/notice"
	"github.com/tillit-privacy/tillit/retention"
)

// The audit actions of the rights.
const (
	auditErase    = "erase"
	auditRectify  = "rectify"
	auditOverrule = "objection_overruled"
	auditExtract  = "extract"
	auditPortable = "portability"
)

func (k *Core) Erase(ctx context.Context, tx tillit.Tx, subj string, now time.Time) (tillit.Erasure, error) {
	const op = "core.Erase"
	e := tillit.Erasure{Subject: subj}
	if _, err := Subject(tx, op, subj); err != nil {
		return e, err
	}
	if _, err := k.AppendEvent(ctx, tx, op, tillit.EventRecord{Subject: subj, Event: tillit.EventErasureRequested}, "", now); err != nil {
		return e, err
	}
	f, err := Facts(tx, subj)
	if err != nil {
		return e, err
	}
	held := retention.Holds(k.Policy(), f, now)
	var gone, keep []string
	for _, it := range f.Items {
		if fc, ok := held[it.ID]; ok {
			e.Kept = append(e.Kept, fc)
			if !it.IsArchived() {
				keep = append(keep, it.ID)
			}
			continue
		}
		gone = append(gone, it.ID)
		if !slices.Contains(e.Categories, it.Category) {
			e.Categories = append(e.Categories, it.Category)
		}
	}
	e.Items = len(gone)
	if err := tx.DeleteItems(subj, gone); err != nil {
		return e, err
	}
	if err := tx.ArchiveItems(subj, keep, now); err != nil {
		return e, err
	}
	ids, err := tx.Identifiers(subj)
	if err != nil {
		return e, err
	}
	for _, id := range ids {
		// Only the suppression list keeps the identifier: what a hold
		// keeps stays under the pseudonym, found by no address.
		if err := tx.Suppress(id.Kind, id.Blind, now); err != nil {
			return e, err
		}
		if err := tx.DeleteIdentifier(id.Kind, id.Blind, subj); err != nil {
			return e, err
		}
	}
	shredded, err := tx.ShredMessages(subj)
	if err != nil {
		return e, err
	}
	detail := "messages_destroyed=" + strconv.Itoa(shredded) + " items=" + strconv.Itoa(e.Items) + " kept=" + strconv.Itoa(len(e.Kept)) +
		" categories=" + strings.Join(e.Categories, ",") + " suppressed=" + strconv.Itoa(len(ids))
	if err := k.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditErase, Subject: subj, Detail: detail}); err != nil {
		return e, err
	}
	if len(e.Kept) > 0 {
		return e, k.Reschedule(tx, subj, now)
	}
	s, err := tx.Subject(subj)
	if err != nil {
		return e, err
	}
	s.Erased, e.Shredded = now, true
	if err := tx.EraseSubject(s); err != nil {
		return e, err
	}
	return e, k.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: tillit.AuditShred, Subject: subj, Detail: "reason=erasure"})
}

// CheckChanges validates corrections as Collect validates values.
func (k *Core) CheckChanges(op string, changes map[string]string) (map[string]Field, error) {
	if len(changes) == 0 {
		return nil, Invalid(op, "core.say_which_data_corrected")
	}
	if len(changes) > MaxFields {
		return nil, Invalid(op, "core.request_more_than_fields", MaxFields)
	}
	pol := k.Policy()
	now := k.Now().In(tillit.Stockholm)
	out := map[string]Field{}
	for _, name := range slices.Sorted(maps.Keys(changes)) {
		cat, ok := pol.Category(name)
		if !ok {
			return nil, Invalid(op, "core.register_no_category", SafeName(name))
		}
		if cat.Type == tillit.TypeSecret || cat.Transient {
			return nil, Invalid(op, "core.category_cannot_corrected_here", name)
		}
		f, err := CheckField(op, cat, changes[name], tillit.CollectionPoint{}, now)
		if err != nil {
			return nil, err
		}
		out[name] = f
	}
	return out, nil
}

// Rectify returns the categories corrected and their values as stored
// (normalised, a personnummer in free text masked).
func (k *Core) Rectify(ctx context.Context, tx tillit.Tx, subj string, changes map[string]string, now time.Time) ([]string, map[string]string, error) {
	const op = "core.Rectify"
	fields, err := k.CheckChanges(op, changes)
	if err != nil {
		return nil, nil, err
	}
	if _, err := Subject(tx, op, subj); err != nil {
		return nil, nil, err
	}
	items, err := tx.Items(subj)
	if err != nil {
		return nil, nil, err
	}
	if err := k.OpenItems(tx, subj, items); err != nil {
		return nil, nil, err
	}
	var cats []string
	values := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		f := fields[name]
		var these []tillit.Item
		for _, it := range items {
			if it.Category == name && it.Value != f.Value {
				these = append(these, it)
			}
		}
		if len(these) == 0 {
			if !slices.ContainsFunc(items, func(it tillit.Item) bool { return it.Category == name }) {
				return nil, nil, Invalid(op, "core.there_no_data_category_correct", name)
			}
			continue // already right
		}
		if f.Cat.Identifier && IdentifierKinds[f.Cat.Type] {
			if err := k.moveIdentifier(tx, op, subj, f.Cat.Type, items, these, f.Value); err != nil {
				return nil, nil, err
			}
		}
		for i := range these {
			these[i].Value = f.Value
		}
		if err := k.Seal(tx, subj, these); err != nil {
			return nil, nil, err
		}
		for _, it := range these {
			if err := tx.ResealItem(subj, it.ID, it.Sealed); err != nil {
				return nil, nil, err
			}
		}
		cats = append(cats, name)
		values[name] = f.Value
	}
	if len(cats) == 0 {
		return nil, nil, nil
	}
	return cats, values, k.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditRectify, Subject: subj, Detail: "categories=" + strings.Join(cats, ",")})
}

// moveIdentifier points the blind index at the corrected value. The old
// value's index goes unless an item not being corrected (of another
// category of the same type) still holds that value.
func (k *Core) moveIdentifier(tx tillit.Tx, op, subj string, typ tillit.ValueType, all, old []tillit.Item, value string) error {
	kind := string(typ)
	blind := k.Index.Blind(kind, value)
	owner, err := tx.FindIdentifier(kind, blind)
	switch {
	case err == nil && owner != subj:
		return Conflict(op)
	case tillit.ErrorCode(err) == tillit.ENOTFOUND:
		if err := tx.PutIdentifier(kind, blind, subj); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	pol := k.Policy()
	for _, it := range old {
		if it.Value == value {
			continue
		}
		stillHeld := slices.ContainsFunc(all, func(o tillit.Item) bool {
			cat, _ := pol.Category(o.Category)
			return cat.Type == typ && o.Value == it.Value && !slices.ContainsFunc(old, func(x tillit.Item) bool { return x.ID == o.ID })
		})
		if stillHeld {
			continue
		}
		if err := tx.DeleteIdentifier(kind, k.Index.Blind(kind, it.Value), subj); err != nil {
			return err
		}
	}
	return nil
}

func (k *Core) Overrule(ctx context.Context, tx tillit.Tx, subj, purpose string, now time.Time) error {
	const op = "core.Overrule"
	p, err := k.Purpose(op, purpose)
	if err != nil {
		return err
	}
	if p.DirectMarketing {
		return Forbidden(op, "core.objection_direct_marketing_always_stands")
	}
	events, err := tx.Events(subj)
	if err != nil {
		return err
	}
	if !Objected(events, p) {
		return Invalid(op, "core.person_no_objection_purpose_overrule", purpose)
	}
	e := tillit.EventRecord{Subject: subj, Event: tillit.EventObjectionOverruled, Purpose: purpose}
	if _, err := k.AppendEvent(ctx, tx, op, e, "", now); err != nil {
		return err
	}
	if err := k.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditOverrule, Subject: subj, Purpose: purpose}); err != nil {
		return err
	}
	return k.Reschedule(tx, subj, now)
}

func (k *Core) Portable(ctx context.Context, tx tillit.Tx, op, subj string) ([]tillit.PortableItem, error) {
	if _, err := Subject(tx, op, subj); err != nil {
		return nil, err
	}
	items, err := tx.Items(subj)
	if err != nil {
		return nil, err
	}
	pol := k.Policy()
	var these []tillit.Item
	for _, it := range items {
		cat, _ := pol.Category(it.Category)
		if it.Provided && cat.Type != tillit.TypeSecret && slices.ContainsFunc(it.Purposes, func(id string) bool {
			p, ok := pol.Purpose(id)
			return ok && (p.Basis == tillit.Consent || p.Basis == tillit.Contract)
		}) {
			these = append(these, it)
		}
	}
	if err := k.OpenItems(tx, subj, these); err != nil {
		return nil, err
	}
	out := make([]tillit.PortableItem, len(these))
	for i, it := range these {
		out[i] = tillit.PortableItem{Category: it.Category, Value: it.Value, Point: it.Point, Collected: it.Collected}
	}
	return out, k.Audit(ctx, tx, tillit.AuditEntry{Action: auditPortable, Subject: subj, Detail: "items=" + strconv.Itoa(len(out))})
}

func (k *Core) Extract(ctx context.Context, tx tillit.Tx, subj string, lang tillit.Lang, now time.Time) (tillit.Extract, error) {
	const op = "core.Extract"
	pol := k.Policy()
	x := EmptyExtract(pol, lang, now)
	x.Subject = subj
	s, err := Subject(tx, op, subj)
	if err != nil {
		return x, err
	}
	x.Restricted = s.Restricted
	f, err := Facts(tx, subj)
	if err != nil {
		return x, err
	}
	if err := k.OpenItems(tx, subj, f.Items); err != nil {
		return x, err
	}
	disclosures, err := tx.Disclosures(subj)
	if err != nil {
		return x, err
	}
	plan := retention.Evaluate(pol, f, now)
	forecast := map[string]tillit.Forecast{}
	for _, fc := range plan.Items {
		forecast[fc.Item] = fc
	}
	for _, it := range f.Items {
		x.Items = append(x.Items, k.extractItem(pol, lang, it, forecast[it.ID], disclosures))
	}
	for _, c := range f.Consents {
		p, _ := pol.Purpose(c.Purpose)
		x.Consents = append(x.Consents, tillit.ExtractConsent{Purpose: Label(p.Label, c.Purpose, lang), Given: c.Given, Version: c.Version, At: c.At})
	}
	x.Recipients = extractRecipients(pol, lang, disclosures)
	return x, k.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditExtract, Subject: subj,
		Detail: "items=" + strconv.Itoa(len(x.Items)) + " lang=" + string(lang)})
}

// EmptyExtract is an extract with what the register says, for a person
// the vault holds nothing about too (art. 15(1): they are told so).
func EmptyExtract(pol *tillit.Policy, lang tillit.Lang, now time.Time) tillit.Extract {
	c := pol.Controller()
	return tillit.Extract{
		Lang: lang, Generated: now,
		Controller: tillit.ExtractController{Name: c.Name, OrgNumber: c.OrgNumber, Address: c.Address, Email: c.Email, DPO: c.DPO.Email},
		Items:      []tillit.ExtractItem{},
		Rights:     notice.Rights(pol, lang),
		Complaint:  notice.Complaint(pol, lang),
	}
}

func Label(t tillit.Text, id string, lang tillit.Lang) string {
	if s := t.In(lang); s != "" {
		return s
	}
	return id
}

var You = catalog.Text("core.you")

func (k *Core) extractItem(pol *tillit.Policy, lang tillit.Lang, it tillit.Item, fc tillit.Forecast, ds []tillit.Disclosure) tillit.ExtractItem {
	cat, _ := pol.Category(it.Category)
	x := tillit.ExtractItem{
		CategoryID: it.Category, Category: Label(cat.Label, it.Category, lang), Value: it.Value,
		Source: You.In(lang), Collected: it.Collected, Archived: it.IsArchived(), Purposes: []string{},
	}
	if it.Source != "" {
		src, _ := pol.Source(it.Source)
		x.Source = Label(src.Label, it.Source, lang)
	}
	var rules []string
	for _, id := range it.Purposes {
		p, _ := pol.Purpose(id)
		x.Purposes = append(x.Purposes, Label(p.Label, id, lang))
		if r := notice.Retention(pol, id, lang); r != "" && !slices.Contains(rules, r) {
			rules = append(rules, r)
		}
	}
	if fc.Hold != "" {
		rules = append(rules, notice.Hold(pol, fc.Hold, lang))
	}
	x.Retention = strings.Join(rules, " ")
	x.Until = fc.GoneAt
	for _, d := range ds {
		if slices.Contains(d.Categories, it.Category) && (d.Case == "" || it.Case == "" || d.Case == it.Case) {
			r, _ := pol.Recipient(d.Recipient)
			name := cmp.Or(r.Name, d.Recipient)
			if !slices.Contains(x.Recipients, name) {
				x.Recipients = append(x.Recipients, name)
			}
		}
	}
	return x
}

// extractRecipients sums up the disclosure log by recipient.
func extractRecipients(pol *tillit.Policy, lang tillit.Lang, ds []tillit.Disclosure) []tillit.ExtractRecipient {
	by := map[string]*tillit.ExtractRecipient{}
	var order []string
	for _, d := range ds {
		x, ok := by[d.Recipient]
		if !ok {
			r, _ := pol.Recipient(d.Recipient)
			x = &tillit.ExtractRecipient{Name: cmp.Or(r.Name, d.Recipient), Country: r.Country, First: d.At, Categories: []string{}, Purposes: []string{}}
			by[d.Recipient] = x
			order = append(order, d.Recipient)
		}
		x.Last, x.Times = d.At, x.Times+1
		for _, c := range d.Categories {
			cat, _ := pol.Category(c)
			if l := Label(cat.Label, c, lang); !slices.Contains(x.Categories, l) {
				x.Categories = append(x.Categories, l)
			}
		}
		p, _ := pol.Purpose(d.Purpose)
		if l := Label(p.Label, d.Purpose, lang); !slices.Contains(x.Purposes, l) {
			x.Purposes = append(x.Purposes, l)
		}
	}
	out := make([]tillit.ExtractRecipient, 0, len(order))
	for _, id := range order {
		out = append(out, *by[id])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].First.Before(out[j].First) })
	return out
}
