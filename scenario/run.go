package scenario

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/register"
	"github.com/tillit-privacy/tillit/vault"
)

// Opener returns a new, empty store for one scenario. The runner closes it.
type Opener func(ctx context.Context) (tillit.Store, error)

// Result is the outcome of one expectation, or a step that could not run.
type Result struct {
	Scenario string      `json:"scenario"`
	Step     int         `json:"step"` // 1-based
	At       time.Time   `json:"at"`   // the scenario's clock
	Subject  string      `json:"subject,omitempty"`
	What     tillit.Text `json:"what"` // the expectation, e.g. "email gone"
	Pass     bool        `json:"pass"`
	Got      tillit.Text `json:"got,omitzero"`  // what was found instead, on failure
	Rule     tillit.Text `json:"rule,omitzero"` // the rule or hold that decided
}

// Failed counts the results that did not pass.
func Failed(rs []Result) int {
	n := 0
	for _, r := range rs {
		if !r.Pass {
			n++
		}
	}
	return n
}

// Run plays every scenario of f against pol, each on a store of its own.
// An error means the scenarios could not be run at all (no store); a step
// that fails, such as a submission the register refuses, is a failed
// result and ends its scenario.
func Run(ctx context.Context, pol *tillit.Policy, f File, open Opener) ([]Result, error) {
	ks, err := keys.Generate()
	if err != nil {
		return nil, err
	}
	kek, err := keys.ParseKEK(ks)
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, sc := range f.Scenarios {
		rs, err := runScenario(ctx, pol, kek, sc, open)
		out = append(out, rs...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// run is one scenario being played.
type run struct {
	sc       Scenario
	v        *vault.Vault
	clock    time.Time
	subjects map[string]string // name -> subject ID
	names    []string
	cases    map[string]string // name -> case ID
	gone     map[string]map[string]tillit.Forecast
	out      []Result
}

func runScenario(ctx context.Context, pol *tillit.Policy, kek *keys.KEK, sc Scenario, open Opener) ([]Result, error) {
	store, err := open(ctx)
	if err != nil {
		return nil, fmt.Errorf("scenario %q: open a store: %w", sc.Name, err)
	}
	defer store.Close()
	r := &run{sc: sc, clock: DefaultStart, subjects: map[string]string{}, cases: map[string]string{},
		gone: map[string]map[string]tillit.Forecast{}}
	if sc.Start != "" {
		if r.clock, err = parseTime(sc.Start); err != nil {
			return nil, err
		}
	}
	a, err := app.Open(ctx, app.Config{Store: store, Policy: pol, KEK: kek, Now: func() time.Time { return r.clock }})
	if err != nil {
		return nil, fmt.Errorf("scenario %q: %w", sc.Name, err)
	}
	r.v = a.Vault
	ctx = tillit.WithActor(ctx, "policy_test")
	for i, st := range sc.Steps {
		if err := r.step(ctx, i+1, st); err != nil {
			r.out = append(r.out, Result{Scenario: sc.Name, Step: i + 1, At: r.clock, Pass: false,
				What: tillit.Text{SV: "steget kunde köras", EN: "the step could run"},
				Got:  errText(err)})
			break
		}
	}
	return r.out, nil
}

func (r *run) subject(name string) (string, error) {
	return lookup(r.subjects, name,
		"ingen person heter %q i scenariot (namnge personen med as: i ett collect-steg)",
		"no person is called %q in the scenario (name them with as: in a collect step)")
}

func (r *run) caseID(name string) (string, error) {
	if name == "" {
		return "", nil
	}
	return lookup(r.cases, name, "inget ärende heter %q i scenariot", "no case is called %q in the scenario")
}

// lookup returns the ID a scenario's name stands for.
func lookup(ids map[string]string, name, sv, en string) (string, error) {
	id, ok := ids[name]
	if !ok {
		return "", tillit.Errorl(tillit.EINVALID, "scenario", tillit.Text{SV: fmt.Sprintf(sv, name), EN: fmt.Sprintf(en, name)})
	}
	return id, nil
}

func (r *run) step(ctx context.Context, n int, st Step) error {
	switch {
	case st.Collect != nil:
		return r.collect(ctx, st.Collect)
	case st.Event != nil:
		id, err := r.subject(st.Event.Subject)
		if err != nil {
			return err
		}
		c, err := r.caseID(st.Event.Case)
		if err != nil {
			return err
		}
		return r.v.Record(ctx, tillit.EventRecord{Subject: id, Event: st.Event.Event, Case: c, Purpose: st.Event.Purpose})
	case st.Consent != nil, st.Withdraw != nil:
		arg, given := st.Consent, true
		if arg == nil {
			arg, given = st.Withdraw, false
		}
		id, err := r.subject(arg.Subject)
		if err != nil {
			return err
		}
		return r.v.SetConsent(ctx, tillit.ConsentRecord{Subject: id, Purpose: arg.Purpose, Given: given,
			Version: r.version(arg.Purpose), Channel: "policy_test"}, tillit.Evidence{})
	case st.Object != nil:
		id, err := r.subject(st.Object.Subject)
		if err != nil {
			return err
		}
		return r.v.Object(ctx, id, st.Object.Purpose)
	case st.Restrict != nil:
		id, err := r.subject(st.Restrict.Subject)
		if err != nil {
			return err
		}
		return r.v.Restrict(ctx, id, !st.Restrict.Lift)
	case st.Wait != "":
		d, err := register.ParseDuration(st.Wait)
		if err != nil {
			return tillit.Errorf(tillit.EINVALID, "scenario", "wait: %v", err)
		}
		r.clock = d.After(r.clock)
		return r.sweep(ctx)
	case st.At != "":
		t, err := parseTime(st.At)
		if err != nil {
			return tillit.Errorf(tillit.EINVALID, "scenario", "at: %v", err)
		}
		if t.Before(r.clock) {
			return tillit.Errorf(tillit.EINVALID, "scenario", "at: %s is before the scenario's clock, %s", st.At, day(r.clock))
		}
		r.clock = t
		return r.sweep(ctx)
	case st.Sweep:
		return r.sweep(ctx)
	case st.Expect != nil:
		return r.expect(ctx, n, st.Expect)
	}
	return nil
}

// version returns the wording version a scenario consents to: the
// register's.
func (r *run) version(purpose string) string {
	if p, ok := r.v.Policy().Purpose(purpose); ok && p.Consent.Version != "" {
		return p.Consent.Version
	}
	return "policy_test"
}

func (r *run) collect(ctx context.Context, c *Collect) error {
	s := tillit.Submission{Point: c.Point, Fields: c.Fields, Events: c.Events}
	if c.Subject != "" {
		id, err := r.subject(c.Subject)
		if err != nil {
			return err
		}
		s.Subject = id
	}
	if id, ok := r.cases[c.Case]; ok {
		s.Case = id
	}
	for _, p := range c.Consents {
		s.Consents = append(s.Consents, tillit.ConsentGrant{Purpose: p, Version: r.version(p)})
	}
	rc, err := r.v.Collect(ctx, s)
	if err != nil {
		return err
	}
	name := c.As
	if name == "" {
		name = c.Subject
	}
	if name != "" {
		if _, ok := r.subjects[name]; !ok {
			r.names = append(r.names, name)
		}
		r.subjects[name] = rc.Subject
	}
	if c.Case != "" && rc.Case != "" {
		r.cases[c.Case] = rc.Case
	}
	return nil
}

// sweep runs the sweep and remembers, for each item that went, the
// forecast that said why.
func (r *run) sweep(ctx context.Context) error {
	before := map[string][]tillit.Forecast{}
	for _, name := range r.names {
		id := r.subjects[name]
		fcs, err := r.v.Forecast(ctx, id)
		if err != nil {
			return err
		}
		before[id] = fcs
	}
	if _, err := r.v.Sweep(ctx, 0, false); err != nil {
		return err
	}
	for id, fcs := range before {
		after, err := r.v.Forecast(ctx, id)
		if err != nil {
			return err
		}
		left := map[string]bool{}
		for _, fc := range after {
			left[fc.Item] = true
		}
		for _, fc := range fcs {
			if !left[fc.Item] {
				if r.gone[id] == nil {
					r.gone[id] = map[string]tillit.Forecast{}
				}
				r.gone[id][fc.Item] = fc
			}
		}
	}
	return nil
}

func (r *run) expect(ctx context.Context, n int, e *Expect) error {
	id, err := r.subject(e.Subject)
	if err != nil {
		return err
	}
	caseID, err := r.caseID(e.Case)
	if err != nil {
		return err
	}
	fcs, err := r.v.Forecast(ctx, id)
	if err != nil {
		return err
	}
	byCat := map[string][]tillit.Forecast{}
	for _, fc := range fcs {
		if caseID == "" || fc.Case == caseID {
			byCat[fc.Category] = append(byCat[fc.Category], fc)
		}
	}
	goneRule := func(cat string) tillit.Text {
		for _, fc := range r.gone[id] {
			if fc.Category == cat && (caseID == "" || fc.Case == caseID) {
				return wentBy(fc)
			}
		}
		return tillit.Text{SV: "aldrig insamlad", EN: "never collected"}
	}
	add := func(what tillit.Text, pass bool, got, rule tillit.Text) {
		r.out = append(r.out, Result{Scenario: r.sc.Name, Step: n, At: r.clock, Subject: e.Subject,
			What: what, Pass: pass, Got: got, Rule: rule})
	}
	for _, cat := range e.Kept {
		inUse := slices.DeleteFunc(slices.Clone(byCat[cat]), func(fc tillit.Forecast) bool { return !fc.Archived.IsZero() })
		what := tillit.Text{SV: cat + " finns kvar och används", EN: cat + " kept in use"}
		switch {
		case len(inUse) > 0:
			add(what, true, tillit.Text{}, next(inUse[0]))
		case len(byCat[cat]) > 0:
			add(what, false, tillit.Text{SV: "arkiverad", EN: "archived"}, archivedBy(byCat[cat][0]))
		default:
			add(what, false, tillit.Text{SV: "borta", EN: "gone"}, goneRule(cat))
		}
	}
	for _, cat := range e.Archived {
		what := tillit.Text{SV: cat + " arkiverad", EN: cat + " archived"}
		items := byCat[cat]
		inUse := slices.ContainsFunc(items, func(fc tillit.Forecast) bool { return fc.Archived.IsZero() })
		switch {
		case len(items) > 0 && !inUse:
			add(what, true, tillit.Text{}, archivedBy(items[0]))
		case inUse:
			add(what, false, tillit.Text{SV: "används fortfarande", EN: "still in use"}, next(items[0]))
		default:
			add(what, false, tillit.Text{SV: "borta", EN: "gone"}, goneRule(cat))
		}
	}
	for _, cat := range e.Gone {
		what := tillit.Text{SV: cat + " borta", EN: cat + " gone"}
		if items := byCat[cat]; len(items) > 0 {
			add(what, false, tillit.Text{SV: "finns kvar", EN: "still there"}, next(items[0]))
		} else {
			add(what, true, tillit.Text{}, goneRule(cat))
		}
	}
	if e.Erased != nil {
		s, err := r.v.Subject(ctx, id)
		if err != nil {
			return err
		}
		what := tillit.Text{SV: "datanyckeln förstörd", EN: "data key destroyed"}
		if !*e.Erased {
			what = tillit.Text{SV: "datanyckeln finns kvar", EN: "data key kept"}
		}
		got := tillit.Text{SV: "nyckeln finns kvar", EN: "the key is still there"}
		if s.IsErased() {
			got = tillit.Text{SV: "nyckeln är förstörd", EN: "the key is destroyed"}
		}
		pass := s.IsErased() == *e.Erased
		if pass {
			got = tillit.Text{}
		}
		add(what, pass, got, tillit.Text{})
	}
	if e.Tasks != nil {
		open, rule, err := r.tasks(ctx, id)
		if err != nil {
			return err
		}
		what := tillit.Text{SV: fmt.Sprintf("%d öppna granskningsuppgifter", *e.Tasks), EN: fmt.Sprintf("%d open review tasks", *e.Tasks)}
		var got tillit.Text
		if open != *e.Tasks {
			got = tillit.Text{SV: fmt.Sprintf("%d", open), EN: fmt.Sprintf("%d", open)}
		}
		add(what, open == *e.Tasks, got, rule)
	}
	return nil
}

// tasks counts a subject's open tasks and names the rule of the last.
func (r *run) tasks(ctx context.Context, subj string) (int, tillit.Text, error) {
	n, after := 0, ""
	var rule tillit.Text
	for {
		ts, err := r.v.Tasks(ctx, false, after, 500)
		if err != nil {
			return 0, rule, err
		}
		for _, t := range ts {
			if t.Subject == subj {
				n++
				rule = ruleText(t.Rule, t.Purpose)
			}
			after = t.ID
		}
		if len(ts) < 500 {
			return n, rule, nil
		}
	}
}

// errText returns an error's message in both languages.
func errText(err error) tillit.Text {
	var e *tillit.Error
	if errors.As(err, &e) {
		return tillit.Text{SV: e.MessageIn(tillit.Swedish), EN: e.MessageIn(tillit.English)}
	}
	return tillit.Text{SV: err.Error(), EN: err.Error()}
}

func day(t time.Time) string { return t.In(tillit.Stockholm).Format("2006-01-02") }

func ruleText(rule, purpose string) tillit.Text {
	return tillit.Text{SV: fmt.Sprintf("%q (ändamål %s)", rule, purpose), EN: fmt.Sprintf("%q (purpose %s)", rule, purpose)}
}

// wentBy says which rule or hold made an item go.
func wentBy(fc tillit.Forecast) tillit.Text {
	if fc.Hold != "" {
		return tillit.Text{SV: fmt.Sprintf("%s tog slut %s (%q)", fc.HoldLaw.SV, day(fc.GoneAt), fc.GoneRule),
			EN: fmt.Sprintf("%s ended %s (%q)", fc.HoldLaw.EN, day(fc.GoneAt), fc.GoneRule)}
	}
	t := ruleText(fc.GoneRule, fc.GonePurpose)
	return tillit.Text{SV: string(fc.Action) + " " + day(fc.GoneAt) + " enligt " + t.SV, EN: string(fc.Action) + " " + day(fc.GoneAt) + " by " + t.EN}
}

// archivedBy says why an item is archived, and until when.
func archivedBy(fc tillit.Forecast) tillit.Text {
	t := tillit.Text{SV: fmt.Sprintf("arkiverad enligt %q", fc.ArchiveRule), EN: fmt.Sprintf("archived by %q", fc.ArchiveRule)}
	if fc.Hold != "" {
		t.SV += fmt.Sprintf("; sparas enligt %s till %s", fc.HoldLaw.SV, day(fc.HoldUntil))
		t.EN += fmt.Sprintf("; kept under %s until %s", fc.HoldLaw.EN, day(fc.HoldUntil))
	} else if !fc.GoneAt.IsZero() {
		t.SV += fmt.Sprintf("; %s %s", fc.Action, day(fc.GoneAt))
		t.EN += fmt.Sprintf("; %s %s", fc.Action, day(fc.GoneAt))
	}
	return t
}

// next says what happens next to an item in use.
func next(fc tillit.Forecast) tillit.Text {
	switch {
	case fc.Restricted:
		return tillit.Text{SV: "begränsad: inga gallringsregler körs förrän begränsningen hävs",
			EN: "restricted: no retention rule runs until the restriction is lifted"}
	case !fc.ArchiveAt.IsZero():
		return tillit.Text{SV: fmt.Sprintf("nästa: arkiveras %s enligt %q", day(fc.ArchiveAt), fc.ArchiveRule),
			EN: fmt.Sprintf("next: archived %s by %q", day(fc.ArchiveAt), fc.ArchiveRule)}
	case !fc.GoneAt.IsZero():
		t := wentBy(fc)
		return tillit.Text{SV: "nästa: " + t.SV, EN: "next: " + t.EN}
	case len(fc.KeptBy) > 0:
		return tillit.Text{SV: "ingen regel avslutar den ännu (" + strings.Join(fc.KeptBy, ", ") + ")",
			EN: "no rule ends it yet (" + strings.Join(fc.KeptBy, ", ") + ")"}
	}
	return tillit.Text{SV: "inget ändamål i registret använder den", EN: "no purpose in the register uses it"}
}
