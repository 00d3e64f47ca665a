package server

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tillit-privacy/tillit"
)

// The subject pages: find a person by an identifier (posted, so that it
// never lands in a URL or an access log) or by subject ID, then open
// everything held about them. Opening is audited with the reason given,
// before anything is shown; only officers may open a subject: an
// auditor checks the processing, not the people in it.
//
// The reason is a code (and an optional reference such as a request's
// ID) and goes in the audit log. The officer's own words, if any, are
// shown on the page they open but stored nowhere: free text can hold
// personal data, and the audit log is never erased.

// openReasons are the reasons an officer may give for opening a subject,
// in the order the form offers them.
var openReasons = []string{"request", "complaint", "legal_claim", "incident", "other"}

// findTypes are the identifiers a subject can be found by.
var findTypes = []tillit.ValueType{tillit.TypeEmail, tillit.TypePhone, tillit.TypePersonnummer}

func (s *Server) registerAdminSubjects(mux *http.ServeMux) {
	s.adminRoute(mux, "GET /admin/subjects", tillit.RoleAuditor, s.subjectsPage)
	s.adminRoute(mux, "POST /admin/subjects/find", tillit.RoleOfficer, s.findSubject)
	s.adminRoute(mux, "GET /admin/subjects/{id}", tillit.RoleAuditor, s.subjectReasonPage)
	s.adminRoute(mux, "POST /admin/subjects/{id}", tillit.RoleOfficer, s.openSubject)
}

type subjectsData struct {
	Officer  bool
	Types    []tillit.ValueType
	Type     string
	Value    string
	ID       string
	FieldErr fieldErrs
}

func (s *Server) subjectsPage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	if id := strings.TrimSpace(r.URL.Query().Get("id")); id != "" {
		if !isSubjectID(id) {
			s.showSubjects(w, r, a, http.StatusUnprocessableEntity, subjectsData{ID: id, FieldErr: fieldErrs{"id": text("admin.bad_id", Lang(r))}})
			return
		}
		http.Redirect(w, r, "/admin/subjects/"+url.PathEscape(id)+"?lang="+string(Lang(r)), http.StatusSeeOther)
		return
	}
	s.showSubjects(w, r, a, http.StatusOK, subjectsData{})
}

func (s *Server) showSubjects(w http.ResponseWriter, r *http.Request, a *adminReq, status int, d subjectsData) {
	p := s.adminPage(r, a, "admin.subjects")
	d.Officer, d.Types = a.isOfficer(), findTypes
	if len(d.FieldErr) > 0 {
		p.Error = text("admin.form_error", p.Lang)
	}
	p.Data = d
	s.render(w, status, "admin/subjects.html", p)
}

func (s *Server) findSubject(w http.ResponseWriter, r *http.Request, a *adminReq) {
	if !s.readForm(w, r) {
		return
	}
	lang := Lang(r)
	d := subjectsData{Type: r.PostFormValue("type"), Value: r.PostFormValue("value")}
	if strings.TrimSpace(d.Value) == "" {
		d.FieldErr = fieldErrs{"value": text("admin.required", lang)}
		s.showSubjects(w, r, a, http.StatusUnprocessableEntity, d)
		return
	}
	subj, err := s.Vault.Find(a.Ctx, tillit.ValueType(d.Type), d.Value)
	switch tillit.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/admin/subjects/"+url.PathEscape(subj.ID)+"?lang="+string(lang), http.StatusSeeOther)
	case tillit.ENOTFOUND:
		d.FieldErr = fieldErrs{"value": text("admin.find_none", lang)}
		s.showSubjects(w, r, a, http.StatusNotFound, d)
	case tillit.EINVALID:
		d.FieldErr = fieldErrs{"value": errText(err, lang)}
		s.showSubjects(w, r, a, http.StatusUnprocessableEntity, d)
	default:
		s.pageFailed(w, r, "admin", err)
	}
}

// isSubjectID reports whether id looks like a subject ID, so that nothing
// else is put in a redirect.
func isSubjectID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

type reasonData struct {
	Subject  tillit.Subject
	Officer  bool
	Reasons  []string
	Values   map[string]string
	FieldErr fieldErrs
}

func (s *Server) subjectReasonPage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	q := r.URL.Query()
	s.showReason(w, r, a, http.StatusOK, map[string]string{"reason": q.Get("reason"), "ref": q.Get("ref")}, nil)
}

// showReason renders the form that asks why a subject is opened.
func (s *Server) showReason(w http.ResponseWriter, r *http.Request, a *adminReq, status int, values map[string]string, errs fieldErrs) {
	p := s.adminPage(r, a, "admin.subject")
	subj, err := s.Vault.Subject(a.Ctx, r.PathValue("id"))
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	if len(errs) > 0 {
		p.Error = text("admin.form_error", p.Lang)
	}
	p.Data = reasonData{Subject: subj, Officer: a.isOfficer(), Reasons: openReasons, Values: values, FieldErr: errs}
	s.render(w, status, "admin/subject_reason.html", p)
}

// purposeGroup is what is held for one purpose.
type purposeGroup struct {
	Label, Basis string
	Retention    string // how long the group's values are kept, when it is the same for all
	Items        []heldItem
}

// heldItem is a value as the extract gives it, with where it came from
// in the officer's words rather than the person's.
type heldItem struct {
	tillit.ExtractItem
	Point string
}

// forecastRow is one item's retention forecast, in words.
type forecastRow struct {
	tillit.Forecast
	Category, Purposes, Gone, Hold, KeptBy string
}

type disclosureRow struct {
	tillit.Disclosure
	Recipient, Purpose, Categories string
}

type subjectConsent struct {
	tillit.ConsentRecord
	Purpose string
}

type eventRow struct {
	tillit.EventRecord
	Event, Purpose string
}

type subjectData struct {
	Subject     tillit.Subject
	Opened      string // when and why, in words
	Note        string // the officer's own words, not stored
	Groups      []purposeGroup
	Forecasts   []forecastRow
	Disclosures []disclosureRow
	Consents    []subjectConsent
	Events      []eventRow
	Cases       []tillit.Case
	Requests    []requestRow
	Actors      actors
}

func (s *Server) openSubject(w http.ResponseWriter, r *http.Request, a *adminReq) {
	if !s.readForm(w, r) {
		return
	}
	lang := Lang(r)
	form := map[string]string{"reason": r.PostFormValue("reason"), "ref": strings.TrimSpace(r.PostFormValue("ref")), "note": strings.TrimSpace(r.PostFormValue("note"))}
	errs := fieldErrs{}
	switch {
	case !slices.Contains(openReasons, form["reason"]):
		errs["reason"] = text("admin.open_pick", lang)
	case form["reason"] == "other" && form["note"] == "":
		errs["note"] = text("admin.open_need_note", lang)
	}
	if form["ref"] != "" && !isRefID(form["ref"]) {
		errs["ref"] = text("admin.open_bad_ref", lang)
	}
	if utf8.RuneCountInString(form["note"]) > 500 {
		errs["note"] = text("admin.open_long_note", lang)
	}
	if len(errs) > 0 {
		s.showReason(w, r, a, http.StatusUnprocessableEntity, form, errs)
		return
	}
	id := r.PathValue("id")
	// GDPR art. 5(2), 32: the look is accounted for before anything is read.
	if err := s.Vault.OpenSubject(a.Ctx, id, form["reason"], form["ref"]); err != nil {
		if tillit.ErrorCode(err) == tillit.EINVALID {
			s.showReason(w, r, a, http.StatusUnprocessableEntity, form, fieldErrs{"ref": errText(err, lang)})
			return
		}
		s.pageFailed(w, r, "admin", err)
		return
	}
	p := s.adminPage(r, a, "admin.subject")
	d, err := s.subjectView(a, id, p)
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	why := text("admin.why."+form["reason"], lang)
	if form["ref"] != "" {
		why += " (" + form["ref"] + ")"
	}
	d.Opened = p.T("admin.opened_for", p.Time(s.Vault.Now()), why)
	d.Note = form["note"]
	p.Data = d
	s.render(w, http.StatusOK, "admin/subject.html", p)
}

// subjectView reads everything held about a subject: the values by
// purpose (the access extract), the retention forecast, the history
// (disclosures, consents, events, cases) and the open requests. The vault
// audits the extract and the history.
func (s *Server) subjectView(a *adminReq, id string, p *Page) (subjectData, error) {
	pol := s.Vault.Policy()
	lang := p.Lang
	h, err := s.Vault.History(a.Ctx, id)
	if err != nil {
		return subjectData{}, err
	}
	d := subjectData{Subject: h.Subject, Cases: h.Cases, Actors: s.actors(a.Ctx)}
	if !h.Subject.IsErased() {
		x, err := s.Vault.Extract(a.Ctx, id, lang)
		if err != nil {
			return d, err
		}
		d.Groups = groupByPurpose(pol, heldItems(pol, x.Items, h.Items, lang), lang)
		fcs, err := s.Retention.Forecast(a.Ctx, id)
		if err != nil {
			return d, err
		}
		for _, fc := range fcs {
			d.Forecasts = append(d.Forecasts, forecastOf(pol, fc, p))
		}
	}
	for _, ds := range h.Disclosures {
		d.Disclosures = append(d.Disclosures, disclosureRow{Disclosure: ds, Recipient: recipientName(pol, ds.Recipient),
			Purpose: purposeLabel(pol, ds.Purpose, lang), Categories: categoryLabels(pol, ds.Categories, lang)})
	}
	for _, c := range h.Consents {
		d.Consents = append(d.Consents, subjectConsent{ConsentRecord: c, Purpose: purposeLabel(pol, c.Purpose, lang)})
	}
	for _, e := range h.Events {
		row := eventRow{EventRecord: e, Event: e.Event}
		if ev, ok := pol.Event(e.Event); ok && ev.Label.In(lang) != "" {
			row.Event = ev.Label.In(lang)
		}
		if e.Purpose != "" {
			row.Purpose = purposeLabel(pol, e.Purpose, lang)
		}
		d.Events = append(d.Events, row)
	}
	rs, err := s.Requests.Requests(a.Ctx, tillit.RequestFilter{Subject: id, Open: true})
	if err != nil {
		return d, err
	}
	now := s.Vault.Now()
	for _, rq := range rs {
		d.Requests = append(d.Requests, requestRow{Request: rq, Overdue: rq.Overdue(now), DueSoon: rq.IsDueSoon(now)})
	}
	return d, nil
}

// groupByPurpose puts each value under every purpose it is held for, in
// the register's order of purposes; values held for none (archived for a
// legal hold) come last.
func groupByPurpose(pol *tillit.Policy, items []heldItem, lang tillit.Lang) []purposeGroup {
	var groups []purposeGroup
	at := map[string]int{}
	for _, pr := range pol.Purposes() {
		label := pr.Label.In(lang)
		if label == "" {
			label = pr.ID
		}
		at[label] = len(groups)
		groups = append(groups, purposeGroup{Label: label, Basis: text("admin.basis."+string(pr.Basis), lang)})
	}
	none := purposeGroup{Label: text("admin.no_purpose", lang)}
	for _, it := range items {
		if len(it.Purposes) == 0 || it.Archived {
			none.Items = append(none.Items, it)
			continue
		}
		for _, l := range it.Purposes {
			i, ok := at[l]
			if !ok {
				i = len(groups)
				at[l] = i
				groups = append(groups, purposeGroup{Label: l})
			}
			groups[i].Items = append(groups[i].Items, it)
		}
	}
	out := groups[:0]
	for _, g := range groups {
		if len(g.Items) == 0 {
			continue
		}
		g.Retention = g.Items[0].Retention
		for _, it := range g.Items {
			if it.Retention != g.Retention {
				g.Retention = ""
			}
		}
		out = append(out, g)
	}
	if len(none.Items) > 0 {
		out = append(out, none)
	}
	return out
}

// heldItems names the source and collection point of each value of the
// extract from the history's items, which the vault reads in the same
// order. Should they differ (something was collected between the two
// reads), the extract's own words stay.
func heldItems(pol *tillit.Policy, xs []tillit.ExtractItem, items []tillit.Item, lang tillit.Lang) []heldItem {
	out := make([]heldItem, len(xs))
	same := len(xs) == len(items)
	for i := range xs {
		same = same && xs[i].CategoryID == items[i].Category && xs[i].Collected.Equal(items[i].Collected)
	}
	for i, x := range xs {
		out[i] = heldItem{ExtractItem: x}
		if !same {
			continue
		}
		it := items[i]
		out[i].Source = text("admin.the_person", lang)
		if it.Source != "" {
			out[i].Source = it.Source
			if src, ok := pol.Source(it.Source); ok && src.Label.In(lang) != "" {
				out[i].Source = src.Label.In(lang)
			}
		}
		out[i].Point = it.Point
		if cp, ok := pol.CollectionPoint(it.Point); ok && cp.Label.In(lang) != "" {
			out[i].Point = cp.Label.In(lang)
		}
	}
	return out
}

// forecastOf puts an item's forecast in words.
func forecastOf(pol *tillit.Policy, fc tillit.Forecast, p *Page) forecastRow {
	lang := p.Lang
	row := forecastRow{Forecast: fc, Category: categoryLabels(pol, []string{fc.Category}, lang)}
	var ps []string
	for _, id := range fc.Purposes {
		ps = append(ps, purposeLabel(pol, id, lang))
	}
	row.Purposes = strings.Join(ps, ", ")
	if !fc.GoneAt.IsZero() {
		row.Gone = p.Date(fc.GoneAt) + " (" + text("admin.action."+string(fc.Action), lang) + ")"
	}
	if fc.Hold != "" {
		row.Hold = p.T("admin.hold_until", fc.HoldLaw.In(lang), p.Date(fc.HoldUntil))
	}
	if len(fc.KeptBy) > 0 {
		var ks []string
		for _, id := range fc.KeptBy {
			ks = append(ks, purposeLabel(pol, id, lang))
		}
		row.KeptBy = p.T("admin.kept_by", strings.Join(ks, ", "))
	}
	return row
}

func purposeLabel(pol *tillit.Policy, id string, lang tillit.Lang) string {
	if pr, ok := pol.Purpose(id); ok && pr.Label.In(lang) != "" {
		return pr.Label.In(lang)
	}
	return id
}

func recipientName(pol *tillit.Policy, id string) string {
	if rc, ok := pol.Recipient(id); ok && rc.Name != "" {
		return rc.Name
	}
	return id
}

func categoryLabels(pol *tillit.Policy, ids []string, lang tillit.Lang) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id
		if c, ok := pol.Category(id); ok && c.Label.In(lang) != "" {
			out[i] = c.Label.In(lang)
		}
	}
	return strings.Join(out, ", ")
}

// isRefID reports whether s may go in the audit log as a reference: an ID
// of letters, digits and ._-:/, at most 64 long, the vault's rule.
func isRefID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._-:/", c)) {
			return false
		}
	}
	return true
}
