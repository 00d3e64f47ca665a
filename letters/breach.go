package letters

import (
	"cmp"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/notice"
)

// The texts of the breach register: the draft of the notification to the
// authority (GDPR art. 33(3)) and the notice to the people affected
// (art. 34(2)). Neither holds personal data: people are counted, and the
// officer's texts describe the breach.

// AuthorityDraft is the notification of a breach to the authority, as
// IMY's form asks for it (GDPR art. 33(3)), in Markdown.
type AuthorityDraft struct {
	Policy   *tillit.Policy
	Incident tillit.Incident
	Affected tillit.Affected
	Now      time.Time // when it is drafted
}

type namedRole struct {
	Name string
	Role tillit.Role
}

type row struct {
	Label             string
	Subjects, Records int
}

// In writes the draft in lang.
func (d AuthorityDraft) In(lang tillit.Lang) (tillit.Draft, error) {
	pol, in, a := d.Policy, d.Incident, d.Affected
	c := pol.Controller()
	v := struct {
		Incident     tillit.Incident
		Affected     tillit.Affected
		Now          time.Time
		Controller   tillit.Controller
		Authority    string // its name
		DPO          string // the data protection officer's contact details, or "" for none
		ContactPoint string
		Recipients   []namedRole
		Labels       []string // of the categories concerned
		Special      []string // of those special (art. 9) or on offences (art. 10)
		Table        []row    // people and records per category, when computed
		Deadline     time.Time
		Queued       int // notices to people queued, in every round
		NoEmail      int // people without an e-mail address, in every round
		Late         bool
		// For the note on how the numbers were computed:
		IncidentCategories []string // labels of the incident's categories
		RecipientNames     []string
		Points             []string // labels of the incident's collection points
	}{Incident: in, Affected: a, Now: d.Now, Controller: c, Authority: c.Authority.Name.In(lang),
		DPO: joinNonEmpty(c.DPO.Name, c.DPO.Email, c.DPO.Phone), ContactPoint: cmp.Or(c.DPO.Email, pol.Rights().Contact, c.Email),
		Deadline: in.Deadline(), IncidentCategories: categoryLabels(pol, lang, in.Categories)}
	for _, id := range in.Recipients {
		r, _ := pol.Recipient(id)
		v.Recipients = append(v.Recipients, namedRole{cmp.Or(r.Name, id), r.Role})
		v.RecipientNames = append(v.RecipientNames, cmp.Or(r.Name, id))
	}
	for _, ac := range a.Categories {
		cat, _ := pol.Category(ac.Category)
		l := label(cat.Label, ac.Category, lang)
		v.Labels = append(v.Labels, l)
		if cat.Special != "" {
			v.Special = append(v.Special, l)
		}
		v.Table = append(v.Table, row{l, ac.Subjects, ac.Records})
	}
	if len(v.Labels) == 0 {
		v.Labels = v.IncidentCategories
	}
	for _, id := range in.Points {
		p, _ := pol.CollectionPoint(id)
		v.Points = append(v.Points, label(p.Label, id, lang))
	}
	for _, n := range in.Notices {
		v.Queued += n.Queued
		v.NoEmail += n.NoEmail
	}
	first := d.Now
	if len(in.Notifications) > 0 {
		first = in.Notifications[0].At
	}
	v.Late = first.After(in.Deadline())
	l, err := write(lang, "breach_authority", "subject", "body", v)
	return tillit.Draft{Lang: lang, Title: l.Subject, Text: l.Body}, err
}

// BreachNotice is the notice of a breach to a person affected, in plain
// language (GDPR art. 34(2), which refers to art. 33(3)(b)–(d)).
type BreachNotice struct {
	Policy     *tillit.Policy
	Incident   tillit.Incident
	Categories []string // the categories of the person's data concerned
}

// In writes the notice in lang.
func (d BreachNotice) In(lang tillit.Lang) (tillit.Draft, error) {
	pol := d.Policy
	c := pol.Controller()
	v := struct {
		Incident   tillit.Incident
		Categories []string // labels
		DPO        string   // the data protection officer's contact details, or "" for none
		Contact    string
		Complaint  string
		Controller string // its name
	}{Incident: d.Incident, DPO: joinNonEmpty(c.DPO.Name, c.DPO.Email, c.DPO.Phone),
		Contact: cmp.Or(c.DPO.Email, pol.Rights().Contact, c.Email), Complaint: notice.Complaint(pol, lang), Controller: c.Name}
	if len(d.Categories) > 0 {
		v.Categories = categoryLabels(pol, lang, d.Categories)
	}
	l, err := write(lang, "breach_notice", "subject", "body", v)
	return tillit.Draft{Lang: lang, Title: l.Subject, Text: l.Body}, err
}
