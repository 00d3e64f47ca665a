package register

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
)

// checker collects the problems of one register file.
type checker struct {
	file     string
	src      []byte
	lines    []string
	problems Problems
}

func (c *checker) errorf(p pos, format string, args ...any) {
	c.problems = append(c.problems, Problem{File: c.file, Line: p.Line, Col: p.Col, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

// errorAt reports whether an error was already reported at p.
func (c *checker) errorAt(p pos) bool {
	for _, x := range c.problems {
		if x.Severity == Error && x.Line == p.Line && x.Col == p.Col {
			return true
		}
	}
	return false
}

func (c *checker) warnf(p pos, code, format string, args ...any) {
	c.problems = append(c.problems, Problem{File: c.file, Line: p.Line, Col: p.Col, Severity: Warning, Code: code, Message: fmt.Sprintf(format, args...)})
}

// within returns the position of byte offset off inside the scalar s.
func (c *checker) within(s str, off int) pos {
	p := s.At
	if p.Line < 1 || p.Line > len(c.lines) {
		return p
	}
	line := c.lines[p.Line-1]
	start := p.Col - 1
	if start >= 0 && start < len(line) && (line[start] == '"' || line[start] == '\'') {
		start++
	}
	first, _, _ := strings.Cut(s.V, "\n")
	if start < 0 || start > len(line) || !strings.HasPrefix(line[start:], first) || off > len(first) || start+off > len(line) {
		return p // folded over lines or escaped: point at the value
	}
	return pos{p.Line, len([]rune(line[:start+off])) + 1}
}

// declared holds the declared names of each kind, for reference checks.
type declared map[string]map[string]bool

func (d declared) add(kind, name string) {
	if d[kind] == nil {
		d[kind] = map[string]bool{}
	}
	d[kind][name] = true
}

// ref checks that s names a declared thing of kind.
func (c *checker) ref(d declared, kind string, s str, from string) string {
	if !s.Set || s.V == "" {
		return ""
	}
	if !d[kind][s.V] {
		c.errorf(s.At, "%s: %s %q is not declared%s", from, kind, s.V, c.nearest(d[kind], s.V))
	}
	return s.V
}

func (c *checker) refs(d declared, kind string, ss []str, from string) []string {
	out := make([]string, 0, len(ss))
	seen := map[string]bool{}
	for _, s := range ss {
		if seen[s.V] {
			c.errorf(s.At, "%s: %q is listed twice", from, s.V)
			continue
		}
		seen[s.V] = true
		if v := c.ref(d, kind, s, from); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func (c *checker) nearest(known map[string]bool, s string) string {
	best, bestD := "", 3
	for k := range known {
		if d := distance(s, k); d < bestD || d == bestD && k < best {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

func (c *checker) enum(s str, set, what string) string {
	if !s.Set {
		return ""
	}
	if !slices.Contains(enums[set], s.V) {
		c.errorf(s.At, "%s: %q is not one of: %s", what, s.V, strings.Join(enums[set], ", "))
		return ""
	}
	return s.V
}

// text converts a rawText, requiring both languages when any is given. An
// absent required text is reported by the decoder; an item of a list of
// texts (required) must not be empty.
func (c *checker) text(t rawText, what string, required bool) tillit.Text {
	given := t.has("sv") || t.has("en")
	switch {
	case !given && t.keys != nil: // written as {} or with empty values
		c.errorf(t.At, "%s: give it in Swedish (sv) and English (en)", what)
	case given && strings.TrimSpace(t.SV) == "":
		c.errorf(t.At, "%s: the Swedish text (sv) is missing", what)
	case given && strings.TrimSpace(t.EN) == "":
		c.errorf(t.At, "%s: the English text (en) is missing", what)
	}
	return tillit.Text{SV: strings.TrimSpace(t.SV), EN: strings.TrimSpace(t.EN)}
}

func (c *checker) texts(ts []rawText, what string) []tillit.Text {
	out := make([]tillit.Text, len(ts))
	for i, t := range ts {
		out[i] = c.text(t, fmt.Sprintf("%s item %d", what, i+1), true)
	}
	return out
}

func (c *checker) email(s str, what string) string {
	if !s.Set || s.V == "" {
		return ""
	}
	a, err := mail.ParseAddress(s.V)
	switch {
	case err == nil && a.Address != s.V && strings.Contains(a.Address[strings.LastIndex(a.Address, "@"):], "."):
		c.errorf(s.At, "%s: %q is not a bare e-mail address; write only %s", what, s.V, a.Address)
	case err != nil || a.Address != s.V || !strings.Contains(s.V[strings.LastIndex(s.V, "@"):], "."):
		c.errorf(s.At, "%s: %q is not an e-mail address", what, s.V)
	}
	return s.V
}

func (c *checker) url(s str, what string) string {
	if !s.Set || s.V == "" {
		return ""
	}
	u, err := url.Parse(s.V)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		c.errorf(s.At, "%s: %q is not a web address (https://...)", what, s.V)
	}
	return s.V
}

func (c *checker) duration(s str, what string, def tillit.Duration) tillit.Duration {
	if !s.Set {
		return def
	}
	d, err := parseDuration(s.V)
	if err != nil {
		c.ruleErr(s, what, err)
		return def
	}
	return d
}

func (c *checker) ruleErr(s str, what string, err error) {
	if re, ok := err.(*ruleError); ok {
		c.errorf(c.within(s, re.off), "%s: %s", what, re.msg)
		return
	}
	c.errorf(s.At, "%s: %v", what, err)
}

var orgNumber = regexp.MustCompile(`^\d{6}-\d{4}$`)

// luhn reports whether the digits of s pass the Luhn check that Swedish
// organisation numbers and personnummer use.
func luhn(s string) bool {
	sum, n := 0, 0
	for i := len(s) - 1; i >= 0; i-- {
		ch := s[i]
		if ch < '0' || ch > '9' {
			continue
		}
		d := int(ch - '0')
		if n%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		n++
	}
	return n > 0 && sum%10 == 0
}

var countryCode = regexp.MustCompile(`^([A-Z]{2}|EU|EEA)$`)

// build checks the raw register and builds the definition. Problems go to c.
func (c *checker) build(r *rawRegister) tillit.PolicyDef {
	var def tillit.PolicyDef
	if r.Tillit.Set && r.Tillit.V != "1" {
		c.errorf(r.Tillit.At, "tillit: grammar version %q is not supported; this Tillit reads version 1", r.Tillit.V)
	}
	if r.has("categories") && len(r.Categories) == 0 && !c.errorAt(r.at("categories")) {
		c.errorf(r.at("categories"), "categories: declare at least one category")
	}
	if r.has("purposes") && len(r.Purposes) == 0 && !c.errorAt(r.at("purposes")) {
		c.errorf(r.at("purposes"), "purposes: declare at least one purpose")
	}
	def.Controller = c.controller(r.Controller)
	def.Notice = tillit.Notice{
		Intro:    c.text(r.Notice.Intro, "notice.intro", false),
		Security: c.text(r.Notice.Security, "notice.security", false),
	}
	for i, s := range r.Notice.Sections {
		w := fmt.Sprintf("notice.sections item %d", i+1)
		def.Notice.Sections = append(def.Notice.Sections, tillit.Section{Title: c.text(s.Title, w+".title", true), Body: c.text(s.Body, w+".body", true)})
	}

	d := declared{}
	for _, e := range tillit.BuiltinEvents() {
		d.add("event", e.ID)
	}
	for _, x := range r.CategoryGroups {
		d.add("category group", x.ID)
	}
	for _, x := range r.Categories {
		d.add("category", x.ID)
	}
	for _, x := range r.Events {
		if d["event"][x.ID] {
			c.errorf(x.At, "events.%s: %q is a built-in event and cannot be declared again", x.ID, x.ID)
			continue
		}
		d.add("event", x.ID)
	}
	for _, x := range r.Sources {
		d.add("source", x.ID)
	}
	for _, x := range r.Purposes {
		d.add("purpose", x.ID)
	}
	for _, x := range r.Recipients {
		d.add("recipient", x.ID)
	}

	for _, x := range r.CategoryGroups {
		w := "category_groups." + x.ID
		def.Groups = append(def.Groups, tillit.CategoryGroup{ID: x.ID, Label: c.text(x.Label, w+".label", true), Description: c.text(x.Description, w+".description", false)})
	}
	for _, x := range r.Categories {
		def.Categories = append(def.Categories, c.category(d, x))
	}
	events := map[string]tillit.Event{}
	for _, e := range tillit.BuiltinEvents() {
		events[e.ID] = e
	}
	for _, x := range r.Events {
		if _, builtin := events[x.ID]; builtin {
			continue
		}
		e := c.event(x)
		events[x.ID] = e
		def.Events = append(def.Events, e)
	}
	for _, x := range r.Sources {
		w := "sources." + x.ID
		def.Sources = append(def.Sources, tillit.Source{ID: x.ID, Label: c.text(x.Label, w+".label", true),
			Description: c.text(x.Description, w+".description", false), Public: x.Public.V})
	}
	defaultPnr := tillit.FreeTextRedact
	if v := c.enum(r.FreeText.Personnummer, "freetext", "free_text.personnummer"); v != "" {
		defaultPnr = tillit.FreeTextAction(v)
	}
	for _, x := range r.CollectionPoints {
		def.CollectionPoints = append(def.CollectionPoints, c.collectionPoint(d, x, defaultPnr))
	}
	rules := &ruleCheck{c: c, events: events}
	for _, x := range r.Purposes {
		def.Purposes = append(def.Purposes, c.purpose(d, x, rules))
	}
	for _, x := range r.Recipients {
		def.Recipients = append(def.Recipients, c.recipient(d, x))
	}
	for _, x := range r.LegalHolds {
		w := "legal_holds." + x.ID
		h := tillit.LegalHold{ID: x.ID, Law: c.text(x.Law, w+".law", true), Description: c.text(x.Description, w+".description", false),
			Categories: c.refs(d, "category", x.Categories, w+".categories")}
		if x.Keep.Set {
			k, refs, err := parseKeep(x.Keep.V)
			if err != nil {
				c.ruleErr(x.Keep, w+".keep", err)
			} else {
				rules.check(x.Keep, w+".keep", k, refs)
			}
			h.Keep = k
		}
		def.LegalHolds = append(def.LegalHolds, h)
	}
	def.Rights = c.rights(r.Rights, def.Controller.Email)
	for _, x := range r.Cookies {
		def.Cookies = append(def.Cookies, c.cookieCategory(d, x))
	}
	return def
}

func (c *checker) controller(x rawController) tillit.Controller {
	const w = "controller"
	ctl := tillit.Controller{
		Name:          strings.TrimSpace(x.Name.V),
		OrgNumber:     x.OrgNumber.V,
		Address:       x.Address.V,
		Email:         c.email(x.Email, w+".email"),
		Phone:         x.Phone.V,
		Website:       c.url(x.Website, w+".website"),
		PolicyVersion: x.PolicyVersion.V,
		DPO:           tillit.Contact{Name: x.DPO.Name.V, Email: c.email(x.DPO.Email, w+".dpo.email"), Phone: x.DPO.Phone.V},
	}
	if x.Name.Set && ctl.Name == "" {
		c.errorf(x.Name.At, "controller.name: must not be empty")
	}
	if x.OrgNumber.Set {
		switch {
		case !orgNumber.MatchString(x.OrgNumber.V):
			c.errorf(x.OrgNumber.At, "controller.org_number: %q is not an organisation number (NNNNNN-NNNN)", x.OrgNumber.V)
		case !luhn(x.OrgNumber.V):
			c.errorf(x.OrgNumber.At, "controller.org_number: %q has a wrong check digit", x.OrgNumber.V)
		}
	}
	if x.PolicyDate.Set {
		t, err := time.Parse(time.DateOnly, x.PolicyDate.V)
		if err != nil {
			c.errorf(x.PolicyDate.At, "controller.policy_date: %q is not a date (YYYY-MM-DD)", x.PolicyDate.V)
		}
		ctl.PolicyDate = t
	}
	if x.has("authority") {
		ctl.Authority = tillit.Authority{Name: c.text(x.Authority.Name, w+".authority.name", true), Website: c.url(x.Authority.Website, w+".authority.website")}
	}
	return ctl
}

func (c *checker) category(d declared, x rawCategory) tillit.Category {
	w := "categories." + x.ID
	cat := tillit.Category{
		ID:          x.ID,
		Group:       c.ref(d, "category group", x.Group, w+".group"),
		Label:       c.text(x.Label, w+".label", true),
		Description: c.text(x.Description, w+".description", false),
		Type:        tillit.TypeText,
		Special:     tillit.Special(c.enum(x.Special, "special", w+".special")),
		Transient:   x.Transient.V,
	}
	if v := c.enum(x.Type, "type", w+".type"); v != "" {
		cat.Type = tillit.ValueType(v)
	}
	switch cat.Type {
	case tillit.TypeEmail, tillit.TypePhone, tillit.TypePersonnummer:
		cat.Identifier = true
	}
	if x.Identifier.Set {
		cat.Identifier = x.Identifier.V
	}
	if cat.Type == tillit.TypeCardNumber && !cat.Transient {
		c.errorf(x.at("type"), "%s: payment-card numbers are never stored; set transient: true", w)
	}
	return cat
}

func (c *checker) event(x rawEvent) tillit.Event {
	w := "events." + x.ID
	e := tillit.Event{ID: x.ID, Label: c.text(x.Label, w+".label", true), Done: c.text(x.Done, w+".done", false),
		NotDone: c.text(x.NotDone, w+".not_done", false), Scope: tillit.SubjectScope, Case: x.Case.V}
	if v := c.enum(x.Scope, "scope", w+".scope"); v != "" {
		e.Scope = tillit.EventScope(v)
	}
	switch {
	case e.Scope == tillit.CaseScope && e.Case == "":
		c.errorf(x.At, "%s: a case event must say which kind of case (case: request, order, ...)", w)
	case e.Scope == tillit.SubjectScope && e.Case != "":
		c.errorf(x.Case.At, "%s: only an event with scope: case belongs to a case", w)
	case e.Case != "" && !tillit.IsID(e.Case):
		c.errorf(x.Case.At, "%s.case: %q must be lower-case letters, digits and underscores", w, e.Case)
	}
	return e
}

func (c *checker) collectionPoint(d declared, x rawCollectionPoint, pnr tillit.FreeTextAction) tillit.CollectionPoint {
	w := "collection_points." + x.ID
	cp := tillit.CollectionPoint{
		ID:           x.ID,
		Label:        c.text(x.Label, w+".label", true),
		Description:  c.text(x.Description, w+".description", false),
		Channel:      tillit.Channel(c.enum(x.Channel, "channel", w+".channel")),
		Source:       c.ref(d, "source", x.Source, w+".source"),
		OpensCase:    x.OpensCase.V,
		Required:     c.refs(d, "category", x.Required, w+".required"),
		Optional:     c.refs(d, "category", x.Optional, w+".optional"),
		Purposes:     c.refs(d, "purpose", x.Purposes, w+".purposes"),
		Personnummer: pnr,
	}
	if v := c.enum(x.Personnummer, "freetext", w+".personnummer"); v != "" {
		cp.Personnummer = tillit.FreeTextAction(v)
	}
	if cp.OpensCase != "" && !tillit.IsID(cp.OpensCase) {
		c.errorf(x.OpensCase.At, "%s.opens_case: %q must be lower-case letters, digits and underscores", w, cp.OpensCase)
	}
	for _, s := range x.Optional {
		if slices.Contains(cp.Required, s.V) {
			c.errorf(s.At, "%s.optional: %q is also required", w, s.V)
		}
	}
	if len(x.Required)+len(x.Optional) == 0 {
		c.errorf(x.At, "%s: collects nothing; list its required or optional categories", w)
	}
	if x.has("purposes") && len(x.Purposes) == 0 {
		c.errorf(x.at("purposes"), "%s.purposes: name at least one purpose", w)
	}
	return cp
}

// ruleCheck checks the events a rule names.
type ruleCheck struct {
	c      *checker
	events map[string]tillit.Event
}

func (rc *ruleCheck) check(s str, what string, r tillit.Rule, refs []eventRef) bool {
	ok := true
	cases := map[string]bool{}
	for _, ref := range refs {
		e, found := rc.events[ref.name]
		if !found {
			known := map[string]bool{}
			for k := range rc.events {
				known[k] = true
			}
			rc.c.errorf(rc.c.within(s, ref.off), "%s: event %q is not declared%s", what, ref.name, rc.c.nearest(known, ref.name))
			ok = false
			continue
		}
		if e.Case != "" {
			cases[e.Case] = true
		}
		switch {
		case ref.name == r.Event && e.Done.IsZero():
			rc.c.errorf(rc.c.within(s, ref.off), "%s: event %q needs a done text (\"you sent your request\") to be counted from", what, ref.name)
			ok = false
		case ref.name == r.Unless && e.NotDone.IsZero():
			rc.c.errorf(rc.c.within(s, ref.off), "%s: event %q needs a not_done text (\"you have not received an offer\") to follow unless", what, ref.name)
			ok = false
		}
	}
	if len(cases) > 1 {
		rc.c.errorf(s.At, "%s: the events of one rule must belong to the same kind of case", what)
		ok = false
	}
	return ok
}

func (c *checker) purpose(d declared, x rawPurpose, rc *ruleCheck) tillit.Purpose {
	w := "purposes." + x.ID
	p := tillit.Purpose{
		ID:                 x.ID,
		Label:              c.text(x.Label, w+".label", true),
		Description:        c.text(x.Description, w+".description", true),
		Processing:         c.texts(x.Processing, w+".processing"),
		DataSubjects:       c.texts(x.DataSubjects, w+".data_subjects"),
		Basis:              tillit.Basis(c.enum(x.Basis, "basis", w+".basis")),
		Interest:           c.text(x.LegitimateInterest.Interest, w+".legitimate_interest.interest", false),
		Balancing:          c.text(x.LegitimateInterest.Balancing, w+".legitimate_interest.balancing", false),
		Obligation:         c.text(x.LegalObligation, w+".legal_obligation", false),
		Art9Condition:      tillit.Art9Condition(c.enum(x.SpecialCondition, "art9", w+".special_condition")),
		DirectMarketing:    x.DirectMarketing.V,
		Categories:         c.refs(d, "category", x.Categories, w+".categories"),
		Sources:            c.refs(d, "source", x.Sources, w+".sources"),
		Recipients:         c.refs(d, "recipient", x.Recipients, w+".recipients"),
		Objection:          c.text(x.Objection, w+".objection", false),
		AutomatedDecisions: c.text(x.AutomatedDecisions, w+".automated_decisions", false),
		RetentionNote:      c.text(x.RetentionNote, w+".retention_note", false),
		Consent: tillit.ConsentTerms{
			GivenBy:  x.Consent.GivenBy.V,
			Version:  x.Consent.Version.V,
			Withdraw: c.text(x.Consent.Withdraw, w+".consent.withdraw", false),
		},
	}
	// GDPR art. 20(1)(a): portability applies to processing based on consent or contract.
	p.Portability = p.Basis == tillit.Consent || p.Basis == tillit.Contract
	if x.has("categories") && len(x.Categories) == 0 {
		c.errorf(x.at("categories"), "%s.categories: name at least one category", w)
	}
	for i, s := range x.Retention {
		what := fmt.Sprintf("%s.retention item %d", w, i+1)
		r, refs, err := parseRule(s.V)
		if err != nil {
			c.ruleErr(s, what, err)
			continue
		}
		if rc.check(s, what, r, refs) {
			p.Retention = append(p.Retention, r)
		}
	}
	return p
}

func (c *checker) recipient(d declared, x rawRecipient) tillit.Recipient {
	w := "recipients." + x.ID
	r := tillit.Recipient{
		ID:           x.ID,
		Name:         strings.TrimSpace(x.Name.V),
		Role:         tillit.Role(c.enum(x.Role, "role", w+".role")),
		Description:  c.text(x.Description, w+".description", false),
		Country:      x.Country.V,
		DataLocation: c.text(x.DataLocation, w+".data_location", false),
		Safeguard:    tillit.Safeguard(c.enum(x.Safeguard, "safeguard", w+".safeguard")),
		Categories:   c.refs(d, "category", x.Categories, w+".categories"),
		ProcessorOf:  c.ref(d, "recipient", x.ProcessorOf, w+".processor_of"),
		Address:      x.Address.V,
		PrivacyURL:   c.url(x.PrivacyURL, w+".privacy_url"),
		Notify:       c.notify(x, w+".notify"),
	}
	for _, s := range x.Channels {
		r.Channels = append(r.Channels, s.V)
	}
	for _, s := range x.Members {
		r.Members = append(r.Members, s.V)
	}
	if x.Country.Set && !countryCode.MatchString(r.Country) {
		c.errorf(x.Country.At, "%s.country: %q is not an ISO 3166 country code (SE, IE, US, ...) or EU / EEA", w, r.Country)
	}
	if r.Country == "ZZ" && r.Safeguard == tillit.Adequacy {
		c.errorf(x.Safeguard.At, "%s.safeguard: an adequacy decision covers a named country; with country ZZ name another safeguard or the country", w)
	}
	if r.ProcessorOf == x.ID && x.ProcessorOf.Set {
		c.errorf(x.ProcessorOf.At, "%s.processor_of: a recipient cannot be its own processor", w)
	}
	if x.ProcessorOf.Set && r.Role != tillit.SubProcessor && r.Role != "" {
		c.errorf(x.ProcessorOf.At, "%s.processor_of: only a sub_processor has a processor", w)
	}
	return r
}

// notify checks how a recipient is told of rectification, erasure and
// restriction (GDPR art. 19): exactly one of a webhook and an e-mail.
func (c *checker) notify(r rawRecipient, what string) tillit.Notify {
	x := r.Notify
	if !r.has("notify") || c.errorAt(r.at("notify")) {
		return tillit.Notify{} // absent, written empty (notify:), or not a mapping
	}
	webhook, email := given(x.Webhook), given(x.Email)
	switch {
	case webhook && email:
		c.errorf(x.at("email"), "%s: give either webhook or email, not both", what)
		return tillit.Notify{}
	case !webhook && !email:
		c.errorf(x.At, "%s: give a webhook (https://...) or an e-mail address", what)
		return tillit.Notify{}
	case email:
		return tillit.Notify{Email: c.email(x.Email, what+".email")}
	}
	return tillit.Notify{Webhook: c.webhook(x.Webhook, what+".webhook")}
}

// given reports whether s was written with a value.
func given(s str) bool { return s.Set && strings.TrimSpace(s.V) != "" }

// loopback lists the hosts a webhook may reach over plain http, for testing.
var loopback = []string{"localhost", "127.0.0.1", "::1"}

// webhook checks the URL of a webhook: absolute, https (http only to a
// loopback host), and without a user name or password, which would put a
// credential in the register. A value that may hold a credential (one with
// an @) is not repeated in the message.
func (c *checker) webhook(s str, what string) string {
	shown := fmt.Sprintf("%q", s.V)
	if strings.Contains(s.V, "@") {
		shown = "the URL"
	}
	u, err := url.Parse(s.V)
	switch {
	case err != nil || !u.IsAbs() || u.Opaque != "" || u.Host == "":
		c.errorf(s.At, "%s: %s is not an absolute URL (https://...)", what, shown)
	case u.User != nil:
		c.errorf(s.At, "%s: the URL contains a user name or password; credentials do not belong in the register", what)
	case u.Scheme == "http" && !slices.Contains(loopback, u.Hostname()):
		c.errorf(s.At, "%s: %s must use https; http is allowed only to localhost, 127.0.0.1 and ::1, for testing", what, shown)
	case u.Scheme != "https" && u.Scheme != "http":
		c.errorf(s.At, "%s: %s is not an https URL", what, shown)
	}
	return s.V
}

func (c *checker) rights(x rawRights, email string) tillit.Rights {
	const w = "rights"
	r := tillit.Rights{
		Deadline:         c.duration(x.Deadline, w+".deadline", tillit.Duration{N: 1, Unit: tillit.Months}),
		Extension:        c.duration(x.Extension, w+".extension", tillit.Duration{N: 2, Unit: tillit.Months}),
		FreeExtractEvery: c.duration(x.FreeExtractEvery, w+".free_extract_every", tillit.Duration{}),
		ObjectionDelay:   c.duration(x.ObjectionDelay, w+".objection_delay", tillit.Duration{}),
		Contact:          x.Contact.V,
		NotifyRecipients: !x.NotifyRecipients.Set || x.NotifyRecipients.V,
		HowTo:            c.text(x.HowTo, w+".how_to", false),
	}
	for _, s := range x.Identity {
		if v := c.enum(s, "identity", w+".identity"); v != "" {
			r.Identity = append(r.Identity, tillit.IdentityMethod(v))
		}
	}
	for _, s := range x.Delivery {
		if v := c.enum(s, "delivery", w+".delivery"); v != "" {
			r.Delivery = append(r.Delivery, tillit.Delivery(v))
		}
	}
	if len(r.Identity) == 0 {
		r.Identity = []tillit.IdentityMethod{tillit.IdentityEmailCode}
	}
	if len(r.Delivery) == 0 {
		r.Delivery = []tillit.Delivery{tillit.DeliveryDownload}
	}
	if r.Contact == "" {
		r.Contact = email
	}
	return r
}

func (c *checker) cookieCategory(d declared, x rawCookieCategory) tillit.CookieCategory {
	w := "cookies." + x.ID
	cc := tillit.CookieCategory{ID: x.ID, Label: c.text(x.Label, w+".label", true), Description: c.text(x.Description, w+".description", false),
		Consent: x.Consent.V, Purpose: c.ref(d, "purpose", x.Purpose, w+".purpose")}
	for i, t := range x.Tools {
		tw := fmt.Sprintf("%s.tools item %d", w, i+1)
		tool := tillit.CookieTool{Name: t.Name.V, Recipient: c.ref(d, "recipient", t.Recipient, tw+".recipient"),
			Description: c.text(t.Description, tw+".description", false)}
		for _, s := range t.Cookies {
			tool.Cookies = append(tool.Cookies, s.V)
		}
		if t.Lifetime.Set {
			if strings.EqualFold(t.Lifetime.V, "session") {
				tool.Session = true
			} else {
				tool.Lifetime = c.duration(t.Lifetime, tw+".lifetime", tillit.Duration{})
			}
		}
		cc.Tools = append(cc.Tools, tool)
	}
	return cc
}
