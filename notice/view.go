package notice

import (
	"slices"
	"strings"

	"github.com/tillit-privacy/tillit"
)

// view is the privacy notice in one language, every text already in words.
// The HTML and Markdown templates only lay it out.
type view struct {
	Lang             string
	H                map[string]string // headings and fixed labels
	Title            string
	Version          string
	Updated          string
	Controller       controllerView
	Intro            string
	Security         string
	Groups           []groupView
	Points           []pointView
	Purposes         []purposeView
	Recipients       []recipientView
	Transfers        []string
	TransfersNone    string
	RetentionSeveral string
	Holds            []holdView
	Cookies          []cookieView
	Rights           []textView
	HowTo            []string
	Complaint        string
	Authority        string
	AuthorityHost    string
	Sections         []textView
	Footer           string
}

type controllerView struct {
	Is, Name, OrgNumber, Address, Email, Phone, Website string
	DPO                                                 string
}

type groupView struct {
	Label, Description string
	Categories         []textView
}

type textView struct{ Title, Text string }

type pointView struct {
	Label, Description, Required, Optional, Source string
}

type purposeView struct {
	ID, Label, Description string
	Processing             []string
	Categories             string
	Basis                  string
	Interest, Balancing    string
	Obligation, Art9       string
	Withdraw               string
	Sources                []string
	SourceList             string
	Recipients             string
	Retention              []string
	RetentionNote          string
	Objection              []string
	Portability            string
	Automated              string
}

type recipientView struct {
	Name, Role, Location, Categories, Description, Members string
}

type holdView struct {
	Law, Description, Categories, Keep string
}

type cookieView struct {
	Label, Description, Consent string
	Tools                       []toolView
}

type toolView struct {
	Name, Description, Cookies, Lifetime string
}

var headings = []string{"title", "h.controller", "orgnr", "address", "email", "phone", "website", "dpo",
	"h.categories", "h.points", "required", "optional", "h.purposes", "processing", "categories", "basis",
	"interest", "balancing", "obligation", "withdraw", "sources", "recipients", "retention", "objection",
	"automated", "h.recipients", "col.recipient", "col.role", "col.location", "col.categories", "members",
	"h.transfers", "h.holds", "holds.intro", "h.cookies", "cookie.lifetime", "h.rights", "h.howto",
	"h.complaint", "h.security", "required.why"}

func build(p *tillit.Policy, lang tillit.Lang) *view {
	w := newWords(lang)
	c := p.Controller()
	v := &view{Lang: string(lang), H: map[string]string{}}
	for _, id := range headings {
		v.H[strings.ReplaceAll(id, ".", "_")] = w.t(id)
	}
	v.TransfersNone = w.t("transfers.none")
	v.Title = w.t("title") + " – " + c.Name
	if c.PolicyVersion != "" {
		v.Version = w.t("version", "Version", c.PolicyVersion)
	}
	if !c.PolicyDate.IsZero() {
		v.Updated = w.t("updated", "Date", w.date(c.PolicyDate))
	}
	v.Controller = controllerView{Is: w.t("controller.is", "Name", c.Name), Name: c.Name, OrgNumber: c.OrgNumber,
		Address: c.Address, Email: c.Email, Phone: c.Phone, Website: c.Website}
	if !c.DPO.IsZero() {
		v.Controller.DPO = strings.Join(nonEmpty(c.DPO.Name, c.DPO.Email, c.DPO.Phone), ", ")
	}
	n := p.Notice()
	v.Intro, v.Security = n.Intro.In(lang), n.Security.In(lang)
	for _, s := range n.Sections {
		v.Sections = append(v.Sections, textView{s.Title.In(lang), s.Body.In(lang)})
	}
	v.Groups = groups(p, w)
	for _, cp := range p.CollectionPoints() {
		pv := pointView{Label: cp.Label.In(lang), Description: sentence(cp.Description.In(lang)),
			Required: w.labelList(labels(p, cp.Required, lang)), Optional: w.labelList(labels(p, cp.Optional, lang))}
		if cp.Source != "" {
			s, _ := p.Source(cp.Source)
			pv.Source = w.t("collected.from", "Source", lowerFirst(s.Label.In(lang)))
		}
		v.Points = append(v.Points, pv)
	}
	for _, x := range p.Purposes() {
		v.Purposes = append(v.Purposes, purpose(p, x, w))
	}
	safeguarded := false
	for _, r := range p.Recipients() {
		v.Recipients = append(v.Recipients, recipient(p, r, w))
		if !r.InEEA() {
			s := w.t("transfer.to", "Name", r.Name, "Country", w.country(r.Country))
			if r.Safeguard != "" {
				s += " " + w.t("transfer.safeguard", "Safeguard", w.t("safeguard."+string(r.Safeguard)))
				safeguarded = true
			}
			v.Transfers = append(v.Transfers, s)
		}
	}
	// GDPR art. 13(1)(f): how to obtain a copy of the safeguards.
	if safeguarded {
		v.Transfers = append(v.Transfers, w.t("transfer.copy"))
	}
	for _, h := range p.LegalHolds() {
		v.Holds = append(v.Holds, holdView{Law: h.Law.In(lang), Description: h.Description.In(lang),
			Categories: w.labelList(labels(p, h.Categories, lang)), Keep: w.keep(p, h.Keep)})
	}
	for _, cc := range p.CookieCategories() {
		v.Cookies = append(v.Cookies, cookies(cc, w))
	}
	v.Rights, v.HowTo = rights(p, w)
	a := c.Authority
	v.Complaint = w.t("complaint.text", "Authority", a.Name.In(lang))
	v.Authority = a.Website
	v.AuthorityHost = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(a.Website, "https://"), "http://"), "/")
	v.Footer = w.t("footer", "Owner", w.genitive(c.Name))
	v.RetentionSeveral = w.t("retention.several")
	return v
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func labels(p *tillit.Policy, ids []string, lang tillit.Lang) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		c, _ := p.Category(id)
		out = append(out, c.Label.In(lang))
	}
	return out
}

func groups(p *tillit.Policy, w words) []groupView {
	var out []groupView
	byGroup := map[string][]textView{}
	for _, c := range p.Categories() {
		var notes []string
		switch c.Special {
		case "":
		case tillit.CriminalConviction:
			notes = append(notes, w.t("special.criminal"))
		default:
			notes = append(notes, w.t("special.note", "Kind", w.t("special."+string(c.Special))))
		}
		if c.Transient {
			notes = append(notes, w.t("transient"))
		}
		text := c.Description.In(w.lang)
		switch {
		case len(notes) > 0 && text == "":
			text = upperFirst(strings.Join(notes, "; ")) + "."
		case len(notes) > 0:
			text = sentence(text) + " (" + strings.Join(notes, "; ") + ")"
		}
		byGroup[c.Group] = append(byGroup[c.Group], textView{c.Label.In(w.lang), text})
	}
	for _, g := range p.CategoryGroups() {
		if cats := byGroup[g.ID]; len(cats) > 0 {
			out = append(out, groupView{Label: g.Label.In(w.lang), Description: g.Description.In(w.lang), Categories: cats})
		}
	}
	if cats := byGroup[""]; len(cats) > 0 {
		out = append(out, groupView{Categories: cats})
	}
	return out
}

func purpose(p *tillit.Policy, x tillit.Purpose, w words) purposeView {
	lang := w.lang
	v := purposeView{ID: x.ID, Label: x.Label.In(lang), Description: x.Description.In(lang),
		Categories: w.labelList(labels(p, x.Categories, lang)) + ".", RetentionNote: x.RetentionNote.In(lang),
		Automated: x.AutomatedDecisions.In(lang)}
	for _, t := range x.Processing {
		v.Processing = append(v.Processing, t.In(lang))
	}
	letter := strings.TrimSuffix(strings.TrimPrefix(x.Basis.Article(), "art. 6(1)("), ")")
	v.Basis = w.t("basis."+string(x.Basis)) + " (" + w.t("basis.article", "Letter", letter) + ")."
	switch x.Basis {
	case tillit.LegitimateInterest:
		v.Interest, v.Balancing = x.Interest.In(lang), x.Balancing.In(lang)
	case tillit.LegalObligation:
		v.Obligation = x.Obligation.In(lang)
	case tillit.Consent:
		v.Withdraw = w.t("withdraw.default")
		if s := x.Consent.Withdraw.In(lang); s != "" {
			v.Withdraw += " " + s
		}
	}
	if x.Art9Condition != "" {
		i := slices.Index(tillit.Art9Conditions, x.Art9Condition)
		v.Art9 = w.t("art9", "Letter", string(rune('a'+i)))
	}
	seen := map[string]bool{}
	for _, cp := range p.PointsServing(x.ID) {
		s := cp.Label.In(lang)
		if cp.Source != "" {
			src, _ := p.Source(cp.Source)
			s = src.Label.In(lang)
		}
		if !seen[s] {
			seen[s] = true
			v.Sources = append(v.Sources, s)
		}
	}
	for _, id := range x.Sources {
		s, _ := p.Source(id)
		if l := s.Label.In(lang); !seen[l] {
			seen[l] = true
			v.Sources = append(v.Sources, l)
		}
	}
	v.SourceList = sentence(w.labelList(v.Sources))
	var names []string
	for _, r := range p.RecipientsFor(x.ID) {
		names = append(names, r.Name)
	}
	v.Recipients = w.t("recipients.none")
	if len(names) > 0 {
		v.Recipients = w.list(names, "and") + "."
	}
	for _, r := range x.Retention {
		v.Retention = append(v.Retention, w.rule(p, r))
	}
	if len(v.Retention) == 0 && v.RetentionNote == "" {
		v.Retention = []string{w.t("retention.none")}
	}
	// GDPR art. 21(1)-(3), 13(2)(b).
	if x.DirectMarketing {
		v.Objection = append(v.Objection, w.t("objection.dm"))
	} else if x.Objectable() {
		v.Objection = append(v.Objection, w.t("objection.li"))
	}
	if s := x.Objection.In(lang); s != "" {
		v.Objection = append(v.Objection, s)
	}
	if x.Portability {
		v.Portability = w.t("portability")
	}
	return v
}

func recipient(p *tillit.Policy, r tillit.Recipient, w words) recipientView {
	v := recipientView{Name: r.Name, Role: w.t("role." + string(r.Role)), Description: r.Description.In(w.lang),
		Categories: w.labelList(labels(p, r.Categories, w.lang))}
	if r.ProcessorOf != "" {
		parent, _ := p.Recipient(r.ProcessorOf)
		v.Role += " (" + w.t("processor.of", "Name", parent.Name) + ")"
	}
	v.Location = upperFirst(w.country(r.Country))
	if s := r.DataLocation.In(w.lang); s != "" {
		v.Location = s
	}
	if len(r.Members) > 0 {
		v.Members = w.list(r.Members, "and")
	}
	return v
}

func cookies(cc tillit.CookieCategory, w words) cookieView {
	v := cookieView{Label: cc.Label.In(w.lang), Description: cc.Description.In(w.lang), Consent: w.t("cookies.necessary")}
	if cc.Consent {
		v.Consent = w.t("cookies.consent")
	}
	for _, t := range cc.Tools {
		tv := toolView{Name: t.Name, Description: t.Description.In(w.lang), Cookies: strings.Join(t.Cookies, ", ")}
		switch {
		case t.Session:
			tv.Lifetime = w.t("cookie.session")
		case !t.Lifetime.IsZero():
			tv.Lifetime = w.period(t.Lifetime)
		}
		v.Tools = append(v.Tools, tv)
	}
	return v
}

// rights lists the data subject's rights (GDPR art. 15-22, 7(3)) and how to
// use them (art. 12).
func rights(p *tillit.Policy, w words) ([]textView, []string) {
	r := p.Rights()
	// GDPR art. 15(3), 12(5): the first copy is free; a register may promise more.
	access := w.t("right.access.text") + " " + w.t("right.access.fee")
	if !r.FreeExtractEvery.IsZero() {
		access += " " + w.t("right.access.free", "Period", freePeriod(w, r.FreeExtractEvery))
	}
	rs := []textView{
		{w.t("right.access"), access},
		{w.t("right.rectification"), w.t("right.rectification.text")},
		{w.t("right.erasure"), w.t("right.erasure.text")},
		{w.t("right.restriction"), w.t("right.restriction.text")},
		{w.t("right.portability"), w.t("right.portability.text")},
		{w.t("right.objection"), w.t("right.objection.text")},
	}
	for _, x := range p.Purposes() {
		if x.Basis == tillit.Consent {
			rs = append(rs, textView{w.t("right.withdraw"), w.t("right.withdraw.text")})
			break
		}
	}
	rs = append(rs, textView{w.t("right.automated"), w.t("right.automated.text")})

	var how []string
	if r.Contact != "" {
		how = append(how, w.t("howto.contact", "Contact", r.Contact))
	}
	var methods []string
	for _, m := range r.Identity {
		methods = append(methods, w.t("identity."+string(m)))
	}
	how = append(how, w.t("howto.identity", "Methods", w.list(methods, "or")))
	how = append(how, w.t("howto.deadline", "Deadline", w.period(r.Deadline), "Extension", w.period(r.Extension)))
	var ways []string
	for _, d := range r.Delivery {
		ways = append(ways, w.t("delivery."+string(d)))
	}
	how = append(how, w.t("howto.delivery", "Ways", w.list(ways, "or")))
	if r.NotifyRecipients {
		how = append(how, w.t("howto.notify"))
	}
	if !r.ObjectionDelay.IsZero() {
		how = append(how, w.t("howto.delay", "Period", w.period(r.ObjectionDelay)))
	}
	if s := r.HowTo.In(w.lang); s != "" {
		how = append(how, s)
	}
	return rs, how
}

// freePeriod words the free-copy interval after "once every": "6 months",
// and for a single unit the bare noun: "once every month", "en gång per år".
func freePeriod(w words, d tillit.Duration) string {
	p := w.period(d)
	if d.N == 1 {
		_, noun, _ := strings.Cut(p, " ")
		return noun
	}
	return p
}
