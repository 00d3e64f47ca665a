package register

import (
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/tillit-privacy/tillit"
)

// lint reports GDPR findings as warnings. It runs only on a register without
// errors, so raw and def describe the same entries in the same order.
func (c *checker) lint(raw *rawRegister, def tillit.PolicyDef) {
	c.lintConsentByUse(raw)
	for i, p := range def.Purposes {
		c.lintPurpose(raw.Purposes[i], p, def)
	}
	c.lintCategories(raw, def)
	c.lintRecipients(raw, def)
	c.lintRights(raw, def)
	c.lintCookies(raw, def)
}

// lintCookies reports cookie categories set without consent that serve a
// purpose needing it: only strictly necessary cookies may be set without
// consent (lag (2022:482) om elektronisk kommunikation 9 kap. 28 §).
func (c *checker) lintCookies(raw *rawRegister, def tillit.PolicyDef) {
	for i, cc := range def.Cookies {
		if cc.Consent || cc.Purpose == "" {
			continue
		}
		for _, p := range def.Purposes {
			if p.ID == cc.Purpose && (p.Basis == tillit.Consent || p.DirectMarketing || p.Basis == tillit.LegitimateInterest) {
				c.warnf(raw.Cookies[i].at("consent"), "cookie-consent", "cookie category %s serves purpose %s (%s) but is set without consent; only strictly necessary cookies may be (LEK 9 kap. 28 §)", cc.ID, p.ID, p.Basis)
			}
		}
	}
}

func (c *checker) lintPurpose(x rawPurpose, p tillit.Purpose, def tillit.PolicyDef) {
	w := "purpose " + p.ID
	basis := x.at("basis")
	switch p.Basis {
	case tillit.Consent:
		// GDPR art. 7(3): withdrawing consent must be as easy as giving it.
		if p.Consent.Withdraw.IsZero() {
			c.warnf(basis, "consent-withdrawal", "%s is based on consent but does not say how to withdraw it (consent.withdraw); GDPR art. 7(3)", w)
		}
	case tillit.LegitimateInterest:
		// GDPR art. 6(1)(f) and 13(1)(d): the interest and the balancing test.
		var missing []string
		if p.Interest.IsZero() {
			missing = append(missing, "the interest pursued (legitimate_interest.interest)")
		}
		if p.Balancing.IsZero() {
			missing = append(missing, "the balancing test (legitimate_interest.balancing)")
		}
		if len(missing) > 0 {
			c.warnf(basis, "balancing-test", "%s is based on legitimate interest but does not state %s; GDPR art. 6(1)(f), 13(1)(d)", w, strings.Join(missing, " or "))
		}
	case tillit.LegalObligation:
		// GDPR art. 6(3): the obligation must be laid down by law.
		if p.Obligation.IsZero() {
			c.warnf(basis, "legal-obligation", "%s is based on a legal obligation but does not name the law (legal_obligation); GDPR art. 6(3)", w)
		}
	}
	if x.Portability.Set && x.Portability.V != p.Portability {
		if x.Portability.V {
			c.warnf(x.Portability.At, "portability", "%s: portability applies only to processing based on consent or contract, not %s; GDPR art. 20(1)", w, p.Basis)
		} else {
			c.warnf(x.Portability.At, "portability", "%s: portability applies by law to processing based on %s and cannot be switched off; GDPR art. 20(1)", w, p.Basis)
		}
	}
	for i, id := range p.Categories {
		cat := find(def.Categories, id)
		switch {
		case cat.Special == tillit.CriminalConviction:
			// GDPR art. 10; lag (2018:218) 3 kap. 8 § and förordning (2018:219):
			// only under official authority or where law allows it; consent
			// or an art. 9(2) condition is not enough.
			if p.Basis != tillit.LegalObligation && p.Basis != tillit.PublicTask {
				c.warnf(x.Categories[i].At, "criminal-offences", "%s uses %s, data on criminal offences, which may be processed only under official authority or where law allows it (lag (2018:218) 3 kap. 8 §); GDPR art. 10", w, id)
			}
		case cat.Special != "" && p.Art9Condition == "":
			// GDPR art. 9(1)-(2): special categories need a condition.
			c.warnf(x.Categories[i].At, "special-category", "%s uses %s, a special category (%s), without an art. 9(2) condition (special_condition); GDPR art. 9", w, id, cat.Special)
		}
	}
	// GDPR art. 5(1)(e) and 13(2)(a): a storage period, or the criteria for it.
	if len(p.Retention) == 0 {
		c.warnf(x.At, "retention-missing", "%s has no retention rule; the notice cannot say how long data is kept; GDPR art. 5(1)(e), 13(2)(a)", w)
	} else if msg := openEnded(p.Retention); msg != "" {
		c.warnf(x.at("retention"), "retention-open-ended", "%s %s; add a rule that ends on its own; GDPR art. 5(1)(e)", w, msg)
	}
	c.lintBasisBlocks(x, p)
}

// openEnded says why data of a purpose may be kept with no end, or returns
// "". Data has an end when some delete or anonymise rule is certain to
// apply: it has no unless that could cancel it, and it counts from an event
// that happens without the person acting.
func openEnded(rules []tillit.Rule) string {
	personal := []string{tillit.EventErasureRequested, tillit.EventObjected, tillit.EventConsentWithdrawn}
	deletes, cancellable := false, false
	for _, r := range rules {
		if r.Action != tillit.Delete && r.Action != tillit.Anonymise {
			continue
		}
		deletes = true
		switch {
		case r.Unless != "":
			cancellable = true
		case !slices.Contains(personal, r.Event):
			return ""
		}
	}
	switch {
	case !deletes:
		return "never deletes or anonymises data: its rules only archive or review"
	case cancellable:
		return "may keep data with no end: each deletion either waits for the person to act or can be cancelled by its unless event"
	}
	return "deletes data only when the person acts (asks, objects or withdraws)"
}

// lintBasisBlocks reports settings written for another basis than the
// purpose's: they would mislead a reader of the register.
func (c *checker) lintBasisBlocks(x rawPurpose, p tillit.Purpose) {
	blocks := []struct {
		key   string
		basis tillit.Basis
	}{{"legitimate_interest", tillit.LegitimateInterest}, {"consent", tillit.Consent}, {"legal_obligation", tillit.LegalObligation}}
	for _, b := range blocks {
		if x.has(b.key) && p.Basis != b.basis {
			c.warnf(x.at(b.key), "basis-mismatch", "purpose %s gives %s settings but its basis is %s; they are not used", p.ID, b.key, p.Basis)
		}
	}
}

func find(cats []tillit.Category, id string) tillit.Category {
	for _, c := range cats {
		if c.ID == id {
			return c
		}
	}
	return tillit.Category{}
}

// lintCategories reports categories collected but used by no purpose of
// the collection point (GDPR art. 5(1)(c), data minimisation), and
// categories declared but neither collected nor used.
func (c *checker) lintCategories(raw *rawRegister, def tillit.PolicyDef) {
	used := map[string]bool{}
	for _, p := range def.Purposes {
		for _, id := range p.Categories {
			used[id] = true
		}
	}
	collected := map[string]bool{}
	for i, cp := range def.CollectionPoints {
		x := raw.CollectionPoints[i]
		for _, s := range slices.Concat(x.Required, x.Optional) {
			collected[s.V] = true
			serves := false
			for _, pid := range cp.Purposes {
				for _, p := range def.Purposes {
					if p.ID == pid && p.Uses(s.V) {
						serves = true
					}
				}
			}
			if !serves {
				c.warnf(s.At, "category-unused", "collection point %s collects %s, but none of its purposes (%s) uses it; GDPR art. 5(1)(c)", cp.ID, s.V, strings.Join(cp.Purposes, ", "))
			}
		}
	}
	for i, cat := range def.Categories {
		if !used[cat.ID] && !collected[cat.ID] {
			c.warnf(raw.Categories[i].At, "category-unused", "category %s is declared but no collection point collects it and no purpose uses it", cat.ID)
		}
	}
}

// lintRecipients reports transfers without safeguard, categories a
// recipient may receive that no purpose disclosing to it uses, and
// recipients with no way to be told of rectification, erasure and
// restriction.
func (c *checker) lintRecipients(raw *rawRegister, def tillit.PolicyDef) {
	for i, r := range def.Recipients {
		x := raw.Recipients[i]
		// GDPR art. 44-49: a transfer outside the EU/EEA needs a ground.
		if !r.InEEA() && r.Safeguard == "" {
			c.warnf(x.at("country"), "transfer-safeguard", "recipient %s is outside the EU/EEA (%s) but no transfer safeguard is given (adequacy, scc, bcr or derogation); GDPR art. 44-49", r.ID, r.Country)
		}
		// A sub-processor receives data through the processor that engaged
		// it (GDPR art. 28(4)): it serves that processor's purposes.
		var purposes []tillit.Purpose
		for _, p := range def.Purposes {
			if slices.Contains(p.Recipients, r.ID) || r.ProcessorOf != "" && slices.Contains(p.Recipients, r.ProcessorOf) {
				purposes = append(purposes, p)
			}
		}
		for _, cc := range def.Cookies {
			for _, t := range cc.Tools {
				if t.Recipient == r.ID && cc.Purpose != "" && !slices.ContainsFunc(purposes, func(p tillit.Purpose) bool { return p.ID == cc.Purpose }) {
					c.warnf(x.At, "recipient-category", "recipient %s gets data through cookie category %s, but purpose %s does not list it as a recipient; GDPR art. 13(1)(e)", r.ID, cc.ID, cc.Purpose)
				}
			}
		}
		if len(purposes) == 0 {
			c.warnf(x.At, "recipient-unused", "recipient %s is declared but no purpose discloses to it", r.ID)
			continue
		}
		// GDPR art. 19: every recipient data was disclosed to is told of
		// rectification, erasure and restriction. A sub-processor gets the
		// data, and the change, through its processor (art. 28(4)); an
		// authority receiving data in an inquiry is no recipient (art. 4(9)).
		if def.Rights.NotifyRecipients && r.Notify.IsZero() && len(r.Categories) > 0 && r.Role != tillit.SubProcessor && r.Role != tillit.AuthorityRole {
			c.warnf(x.At, "art19-notify", "recipient %s receives personal data but has no notify (webhook or email) to be told of rectification, erasure and restriction; GDPR art. 19", r.ID)
		}
		for _, s := range x.Categories {
			if !slices.ContainsFunc(purposes, func(p tillit.Purpose) bool { return p.Uses(s.V) }) {
				c.warnf(s.At, "recipient-category", "recipient %s may receive %s, but no purpose that discloses to it uses %s; GDPR art. 5(1)(b), (c)", r.ID, s.V, s.V)
			}
		}
	}
}

func (c *checker) lintRights(raw *rawRegister, def tillit.PolicyDef) {
	r := def.Rights
	x := raw.Rights
	// GDPR art. 13(1)(a), 12(2): the person must know where to turn.
	if r.Contact == "" && def.Controller.Email == "" {
		c.warnf(raw.Controller.At, "controller-contact", "neither controller.email nor rights.contact is given: the notice cannot say where to send questions and requests; GDPR art. 12(2), 13(1)(a)")
	}
	// GDPR art. 12(3): one month, extendable by two further months.
	if longest(r.Deadline) > 31 {
		c.warnf(x.at("deadline"), "deadline", "rights.deadline %s is longer than the one month GDPR art. 12(3) allows", r.Deadline)
	}
	if longest(r.Extension) > 62 {
		c.warnf(x.at("extension"), "deadline", "rights.extension %s is longer than the two further months GDPR art. 12(3) allows", r.Extension)
	}
	// GDPR art. 21(3): an objection to direct marketing stops it, at once.
	if !r.ObjectionDelay.IsZero() {
		for _, p := range def.Purposes {
			if p.DirectMarketing {
				c.warnf(x.at("objection_delay"), "dm-objection-delay", "rights.objection_delay is %s, but an objection to direct marketing (purpose %s) must stop it at once; GDPR art. 21(3)", r.ObjectionDelay, p.ID)
				break
			}
		}
	}
}

// Consent inferred from merely using a site or service is not consent:
// GDPR art. 4(11) requires a clear affirmative act, and art. 7 a request
// distinguishable from other matters.
var (
	byUseSV = regexp.MustCompile(`(?i)(genom att (fortsätta (att )?)?(använda|besöka|surfa|nyttja)|när du (fortsätter (att )?)?(använder|besöker|surfar))`)
	byUseEN = regexp.MustCompile(`(?i)(by (continuing to )?(use|using|visit|visiting|brows|continuing)|if you (continue to )?(use|visit|browse))`)
	agreeSV = regexp.MustCompile(`(?i)(godkänner|samtycker|accepterar|medger)`)
	agreeEN = regexp.MustCompile(`(?i)(consent|agree|accept)`)
	byUse   = []string{"use", "using", "use_of_service", "use_of_site", "browsing", "implied"}
)

func (c *checker) lintConsentByUse(raw *rawRegister) {
	walkTexts(reflect.ValueOf(raw).Elem(), func(t rawText) {
		if byUseSV.MatchString(t.SV) && agreeSV.MatchString(t.SV) || byUseEN.MatchString(t.EN) && agreeEN.MatchString(t.EN) {
			c.warnf(t.At, "consent-by-use", "this text takes consent from using the site or service, which is not valid consent: it must be a clear affirmative act; GDPR art. 4(11), 7")
		}
	})
	for _, p := range raw.Purposes {
		if slices.Contains(byUse, strings.ToLower(p.Consent.GivenBy.V)) {
			c.warnf(p.Consent.GivenBy.At, "consent-by-use", "purpose %s takes consent from use (%s), which is not valid consent; GDPR art. 4(11), 7", p.ID, p.Consent.GivenBy.V)
		}
	}
}

// walkTexts calls fn for every rawText in v.
func walkTexts(v reflect.Value, fn func(rawText)) {
	switch v.Kind() {
	case reflect.Struct:
		if t, ok := v.Interface().(rawText); ok {
			fn(t)
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walkTexts(v.Field(i), fn)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			walkTexts(v.Index(i), fn)
		}
	}
}
