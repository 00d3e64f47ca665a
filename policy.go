package tillit

import (
	"slices"
)

// PolicyDef is the content of a register before it is compiled. The register
// package builds one from a checked YAML file; NewPolicy turns it into an
// immutable Policy.
type PolicyDef struct {
	Controller       Controller
	Notice           Notice
	Groups           []CategoryGroup
	Categories       []Category
	Events           []Event // declared events; built-in events are added by NewPolicy
	Sources          []Source
	CollectionPoints []CollectionPoint
	Purposes         []Purpose
	Recipients       []Recipient
	LegalHolds       []LegalHold
	Rights           Rights
	Cookies          []CookieCategory
}

// Policy is a compiled register of processing. It cannot be changed after
// NewPolicy: every method returns copies, so the rest of the program may
// share one Policy between goroutines.
type Policy struct {
	def    PolicyDef
	index  map[string]map[string]int // kind -> id -> position in def
	byCat  map[string][]int          // category -> purposes using it
	holdBy map[string][]int          // category -> legal holds keeping it
}

// Kinds of named things in a register, as used in error messages.
const (
	kindGroup     = "category group"
	kindCategory  = "category"
	kindEvent     = "event"
	kindSource    = "source"
	kindPoint     = "collection point"
	kindPurpose   = "purpose"
	kindRecipient = "recipient"
	kindHold      = "legal hold"
	kindCookie    = "cookie category"
)

// NewPolicy compiles def into a Policy. It checks that every name is unique
// within its kind and that every reference names something declared, and
// returns an EINVALID *Error otherwise. The register package reports the
// same problems with file positions before it calls NewPolicy.
func NewPolicy(def PolicyDef) (*Policy, error) {
	const op = "tillit.NewPolicy"
	def = def.clone()
	if def.Controller.Authority.Name.IsZero() {
		def.Controller.Authority = IMY
	}
	declared := def.Events
	def.Events = append(BuiltinEvents(), declared...)

	p := &Policy{def: def, index: map[string]map[string]int{}, byCat: map[string][]int{}, holdBy: map[string][]int{}}
	add := func(kind, id string, i int) error {
		m := p.index[kind]
		if m == nil {
			m = map[string]int{}
			p.index[kind] = m
		}
		if _, dup := m[id]; dup {
			return Errorf(EINVALID, op, "%s %q is declared twice", kind, id)
		}
		m[id] = i
		return nil
	}
	var err error
	for i, x := range def.Groups {
		err = firstErr(err, add(kindGroup, x.ID, i))
	}
	for i, x := range def.Categories {
		err = firstErr(err, add(kindCategory, x.ID, i))
	}
	for i, x := range def.Events {
		err = firstErr(err, add(kindEvent, x.ID, i))
	}
	for i, x := range def.Sources {
		err = firstErr(err, add(kindSource, x.ID, i))
	}
	for i, x := range def.CollectionPoints {
		err = firstErr(err, add(kindPoint, x.ID, i))
	}
	for i, x := range def.Purposes {
		err = firstErr(err, add(kindPurpose, x.ID, i))
	}
	for i, x := range def.Recipients {
		err = firstErr(err, add(kindRecipient, x.ID, i))
	}
	for i, x := range def.LegalHolds {
		err = firstErr(err, add(kindHold, x.ID, i))
	}
	for i, x := range def.Cookies {
		err = firstErr(err, add(kindCookie, x.ID, i))
	}
	if err != nil {
		return nil, err
	}
	if err := p.checkRefs(op); err != nil {
		return nil, err
	}
	for i, x := range def.Purposes {
		for _, c := range x.Categories {
			p.byCat[c] = append(p.byCat[c], i)
		}
	}
	for i, x := range def.LegalHolds {
		for _, c := range x.Categories {
			p.holdBy[c] = append(p.holdBy[c], i)
		}
	}
	return p, nil
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func (p *Policy) has(kind, id string) bool {
	_, ok := p.index[kind][id]
	return ok
}

// checkRefs returns an error for the first reference to an undeclared name.
func (p *Policy) checkRefs(op string) error {
	type ref struct{ from, kind, id string }
	var refs []ref
	d := &p.def
	for _, c := range d.Categories {
		if c.Group != "" {
			refs = append(refs, ref{"category " + c.ID, kindGroup, c.Group})
		}
	}
	for _, cp := range d.CollectionPoints {
		from := "collection point " + cp.ID
		for _, c := range slices.Concat(cp.Required, cp.Optional) {
			refs = append(refs, ref{from, kindCategory, c})
		}
		for _, x := range cp.Purposes {
			refs = append(refs, ref{from, kindPurpose, x})
		}
		if cp.Source != "" {
			refs = append(refs, ref{from, kindSource, cp.Source})
		}
	}
	for _, x := range d.Purposes {
		from := "purpose " + x.ID
		for _, c := range x.Categories {
			refs = append(refs, ref{from, kindCategory, c})
		}
		for _, s := range x.Sources {
			refs = append(refs, ref{from, kindSource, s})
		}
		for _, r := range x.Recipients {
			refs = append(refs, ref{from, kindRecipient, r})
		}
		for _, r := range x.Retention {
			refs = append(refs, ref{from, kindEvent, r.Event})
			if r.Unless != "" {
				refs = append(refs, ref{from, kindEvent, r.Unless})
			}
		}
	}
	for _, r := range d.Recipients {
		from := "recipient " + r.ID
		for _, c := range r.Categories {
			refs = append(refs, ref{from, kindCategory, c})
		}
		if r.ProcessorOf != "" {
			refs = append(refs, ref{from, kindRecipient, r.ProcessorOf})
		}
	}
	for _, h := range d.LegalHolds {
		from := "legal hold " + h.ID
		for _, c := range h.Categories {
			refs = append(refs, ref{from, kindCategory, c})
		}
		refs = append(refs, ref{from, kindEvent, h.Keep.Event})
	}
	for _, cc := range d.Cookies {
		from := "cookie category " + cc.ID
		if cc.Purpose != "" {
			refs = append(refs, ref{from, kindPurpose, cc.Purpose})
		}
		for _, t := range cc.Tools {
			if t.Recipient != "" {
				refs = append(refs, ref{from, kindRecipient, t.Recipient})
			}
		}
	}
	for _, r := range refs {
		if !p.has(r.kind, r.id) {
			return Errorf(EINVALID, op, "%s refers to %s %q, which is not declared", r.from, r.kind, r.id)
		}
	}
	return nil
}

// Controller returns the controller.
func (p *Policy) Controller() Controller { return p.def.Controller }

// Notice returns the free texts of the privacy notice.
func (p *Policy) Notice() Notice {
	n := p.def.Notice
	n.Sections = slices.Clone(n.Sections)
	return n
}

// Rights returns the rights settings.
func (p *Policy) Rights() Rights { return p.def.Rights.clone() }

// CategoryGroups returns the category groups in register order.
func (p *Policy) CategoryGroups() []CategoryGroup { return slices.Clone(p.def.Groups) }

// CategoryGroup returns the group with the given ID.
func (p *Policy) CategoryGroup(id string) (CategoryGroup, bool) {
	i, ok := p.index[kindGroup][id]
	if !ok {
		return CategoryGroup{}, false
	}
	return p.def.Groups[i], true
}

// Categories returns the categories in register order.
func (p *Policy) Categories() []Category { return slices.Clone(p.def.Categories) }

// Category returns the category with the given ID.
func (p *Policy) Category(id string) (Category, bool) {
	i, ok := p.index[kindCategory][id]
	if !ok {
		return Category{}, false
	}
	return p.def.Categories[i], true
}

// Events returns the built-in and declared events.
func (p *Policy) Events() []Event { return slices.Clone(p.def.Events) }

// Event returns the event with the given ID, built-in or declared.
func (p *Policy) Event(id string) (Event, bool) {
	i, ok := p.index[kindEvent][id]
	if !ok {
		return Event{}, false
	}
	return p.def.Events[i], true
}

// Sources returns the declared sources other than the person.
func (p *Policy) Sources() []Source { return slices.Clone(p.def.Sources) }

// Source returns the source with the given ID.
func (p *Policy) Source(id string) (Source, bool) {
	i, ok := p.index[kindSource][id]
	if !ok {
		return Source{}, false
	}
	return p.def.Sources[i], true
}

// CollectionPoints returns the collection points in register order.
func (p *Policy) CollectionPoints() []CollectionPoint {
	return cloneAll(p.def.CollectionPoints, CollectionPoint.clone)
}

// CollectionPoint returns the collection point with the given ID.
func (p *Policy) CollectionPoint(id string) (CollectionPoint, bool) {
	i, ok := p.index[kindPoint][id]
	if !ok {
		return CollectionPoint{}, false
	}
	return p.def.CollectionPoints[i].clone(), true
}

// Purposes returns the purposes in register order.
func (p *Policy) Purposes() []Purpose { return cloneAll(p.def.Purposes, Purpose.clone) }

// Purpose returns the purpose with the given ID.
func (p *Policy) Purpose(id string) (Purpose, bool) {
	i, ok := p.index[kindPurpose][id]
	if !ok {
		return Purpose{}, false
	}
	return p.def.Purposes[i].clone(), true
}

// PurposesUsing returns the purposes that use category, in register order.
func (p *Policy) PurposesUsing(category string) []Purpose {
	var out []Purpose
	for _, i := range p.byCat[category] {
		out = append(out, p.def.Purposes[i].clone())
	}
	return out
}

// PointsServing returns the collection points that collect for purpose.
func (p *Policy) PointsServing(purpose string) []CollectionPoint {
	var out []CollectionPoint
	for _, cp := range p.def.CollectionPoints {
		if slices.Contains(cp.Purposes, purpose) {
			out = append(out, cp.clone())
		}
	}
	return out
}

// Recipients returns the recipients in register order.
func (p *Policy) Recipients() []Recipient { return cloneAll(p.def.Recipients, Recipient.clone) }

// Recipient returns the recipient with the given ID.
func (p *Policy) Recipient(id string) (Recipient, bool) {
	i, ok := p.index[kindRecipient][id]
	if !ok {
		return Recipient{}, false
	}
	return p.def.Recipients[i].clone(), true
}

// RecipientsFor returns the recipients the purpose may disclose to
// directly. A sub-processor is not among them: it receives data from the
// processor that engaged it (GDPR art. 28(4)), not from the controller.
func (p *Policy) RecipientsFor(purpose string) []Recipient {
	x, ok := p.Purpose(purpose)
	if !ok {
		return nil
	}
	var out []Recipient
	for _, id := range x.Recipients {
		r, _ := p.Recipient(id)
		out = append(out, r)
	}
	return out
}

// Disclosable returns the categories that may be disclosed to recipient for
// purpose: those the purpose uses and the recipient may receive. It returns
// nil when the recipient is not declared for the purpose.
func (p *Policy) Disclosable(purpose, recipient string) []string {
	x, ok := p.Purpose(purpose)
	if !ok || !slices.Contains(x.Recipients, recipient) {
		return nil
	}
	r, _ := p.Recipient(recipient)
	var out []string
	for _, c := range x.Categories {
		if r.May(c) {
			out = append(out, c)
		}
	}
	return out
}

// LegalHolds returns the legal holds.
func (p *Policy) LegalHolds() []LegalHold { return cloneAll(p.def.LegalHolds, LegalHold.clone) }

// HoldsOn returns the legal holds that keep category.
func (p *Policy) HoldsOn(category string) []LegalHold {
	var out []LegalHold
	for _, i := range p.holdBy[category] {
		out = append(out, p.def.LegalHolds[i].clone())
	}
	return out
}

// RecordRule is a retention rule together with the purpose it belongs to.
type RecordRule struct {
	Purpose string
	Rule    Rule
}

// RulesFor returns the retention rules that apply to a record of category
// held for purposes: the rules of each of those purposes that uses the
// category. A record may go only when every purpose's rules let it go and
// no hold in HoldsOn(category) still keeps it.
func (p *Policy) RulesFor(category string, purposes []string) []RecordRule {
	var out []RecordRule
	for _, i := range p.byCat[category] {
		x := p.def.Purposes[i]
		if !slices.Contains(purposes, x.ID) {
			continue
		}
		for _, r := range x.Retention {
			out = append(out, RecordRule{Purpose: x.ID, Rule: r})
		}
	}
	return out
}

// CookieCategories returns the cookie categories in register order.
func (p *Policy) CookieCategories() []CookieCategory {
	return cloneAll(p.def.Cookies, CookieCategory.clone)
}

func cloneAll[T any](in []T, clone func(T) T) []T {
	out := make([]T, len(in))
	for i, x := range in {
		out[i] = clone(x)
	}
	return out
}

func (d PolicyDef) clone() PolicyDef {
	d.Notice.Sections = slices.Clone(d.Notice.Sections)
	d.Groups = slices.Clone(d.Groups)
	d.Categories = slices.Clone(d.Categories)
	d.Events = slices.Clone(d.Events)
	d.Sources = slices.Clone(d.Sources)
	d.CollectionPoints = cloneAll(d.CollectionPoints, CollectionPoint.clone)
	d.Purposes = cloneAll(d.Purposes, Purpose.clone)
	d.Recipients = cloneAll(d.Recipients, Recipient.clone)
	d.LegalHolds = cloneAll(d.LegalHolds, LegalHold.clone)
	d.Rights = d.Rights.clone()
	d.Cookies = cloneAll(d.Cookies, CookieCategory.clone)
	return d
}

func (c CollectionPoint) clone() CollectionPoint {
	c.Required = slices.Clone(c.Required)
	c.Optional = slices.Clone(c.Optional)
	c.Purposes = slices.Clone(c.Purposes)
	return c
}

func (x Purpose) clone() Purpose {
	x.Processing = slices.Clone(x.Processing)
	x.DataSubjects = slices.Clone(x.DataSubjects)
	x.Categories = slices.Clone(x.Categories)
	x.Sources = slices.Clone(x.Sources)
	x.Recipients = slices.Clone(x.Recipients)
	x.Retention = slices.Clone(x.Retention)
	return x
}

func (r Recipient) clone() Recipient {
	r.Categories = slices.Clone(r.Categories)
	r.Channels = slices.Clone(r.Channels)
	r.Members = slices.Clone(r.Members)
	return r
}

func (h LegalHold) clone() LegalHold {
	h.Categories = slices.Clone(h.Categories)
	return h
}

func (r Rights) clone() Rights {
	r.Identity = slices.Clone(r.Identity)
	r.Delivery = slices.Clone(r.Delivery)
	return r
}

func (c CookieCategory) clone() CookieCategory {
	c.Tools = cloneAll(c.Tools, func(t CookieTool) CookieTool {
		t.Cookies = slices.Clone(t.Cookies)
		return t
	})
	return c
}
