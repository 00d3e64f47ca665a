package server

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
)

// The breach register's pages (GDPR art. 33, 34): the list of incidents
// with their 72-hour clocks, a form to open one, and an incident's page
// with its details, clock, timeline, decision, notifications to the
// authority, notices to the people and notes. Who is affected and the
// drafts have pages of their own; looking at them is a read, audited but
// no step in the incident's timeline, so that auditors may look and a
// reload or the next page changes nothing. Recording the count of people
// affected in the timeline (art. 33(5)) is an officer's post.

func (s *Server) registerAdminIncidents(mux *http.ServeMux) {
	s.adminRoute(mux, "GET /admin/incidents", tillit.RoleAuditor, s.incidentsPage)
	s.adminRoute(mux, "GET /admin/incidents/new", tillit.RoleOfficer, s.newIncidentPage)
	s.adminRoute(mux, "POST /admin/incidents", tillit.RoleOfficer, s.openIncident)
	s.adminRoute(mux, "GET /admin/incidents/{id}", tillit.RoleAuditor, s.incidentPage)
	s.adminRoute(mux, "GET /admin/incidents/{id}/edit", tillit.RoleOfficer, s.editIncidentPage)
	s.adminRoute(mux, "POST /admin/incidents/{id}/edit", tillit.RoleOfficer, s.editIncident)
	s.adminRoute(mux, "GET /admin/incidents/{id}/affected", tillit.RoleAuditor, s.affectedPage)
	s.adminRoute(mux, "GET /admin/incidents/{id}/draft", tillit.RoleAuditor, s.draftPage)
	s.adminRoute(mux, "POST /admin/incidents/{id}/{action}", tillit.RoleOfficer, s.incidentAction)
}

type incidentsData struct {
	Officer bool
	All     bool
	Rows    []incidentRow
	Next    string
}

func (s *Server) incidentsPage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	p := s.adminPage(r, a, "admin.incidents")
	q := r.URL.Query()
	d := incidentsData{Officer: a.isOfficer(), All: q.Get("show") == "all"}
	ins, err := s.Breaches.Incidents(a.Ctx, tillit.IncidentFilter{Open: !d.All})
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	// The vault lists the whole register in the order that matters
	// (running clocks first, by deadline); the page shows it a page at a
	// time from the incident after which it was left.
	if after := q.Get("after"); after != "" {
		if i := slices.IndexFunc(ins, func(in tillit.Incident) bool { return in.ID == after }); i >= 0 {
			ins = ins[i+1:]
		}
	}
	if len(ins) > pageSize {
		ins = ins[:pageSize]
		d.Next = ins[pageSize-1].ID
	}
	now := s.Vault.Now()
	for _, in := range ins {
		d.Rows = append(d.Rows, clockOf(in, now, p.Lang))
	}
	p.Data = d
	s.render(w, http.StatusOK, "admin/incidents.html", p)
}

// option is a choice of a form: a register's ID and its label.
type option struct{ ID, Label string }

type incidentFormData struct {
	ID                             string // "" for a new incident
	Values                         map[string]string
	Selected                       map[string]bool // "categories:ID", "points:ID", "recipients:ID"
	Categories, Points, Recipients []option
	Risks                          []string
	FieldErr                       fieldErrs
}

// formField is one field of a form as a template shows it.
type formField struct{ Name, Kind, Value, Err string }

// Field returns the form's field name, shown as kind (an input type, or
// "area" for a text area).
func (d incidentFormData) Field(name, kind string) formField {
	return formField{Name: name, Kind: kind, Value: d.Values[name], Err: d.FieldErr[name]}
}

type checkOption struct {
	option
	Checked bool
}

// checkGroup is a group of checkboxes of one name.
type checkGroup struct {
	Name    string
	Options []checkOption
}

// Checks returns the checkboxes of categories, points or recipients.
func (d incidentFormData) Checks(name string) checkGroup {
	opts := map[string][]option{"categories": d.Categories, "points": d.Points, "recipients": d.Recipients}[name]
	g := checkGroup{Name: name}
	for _, o := range opts {
		g.Options = append(g.Options, checkOption{option: o, Checked: d.Selected[name+":"+o.ID]})
	}
	return g
}

// incidentTime is how a datetime-local field writes a time.
const incidentTime = "2006-01-02T15:04"

func (s *Server) incidentOptions(d *incidentFormData, lang tillit.Lang) {
	pol := s.Vault.Policy()
	for _, c := range pol.Categories() {
		d.Categories = append(d.Categories, option{c.ID, cmpOr(c.Label.In(lang), c.ID)})
	}
	for _, cp := range pol.CollectionPoints() {
		d.Points = append(d.Points, option{cp.ID, cmpOr(cp.Label.In(lang), cp.ID)})
	}
	for _, rc := range pol.Recipients() {
		d.Recipients = append(d.Recipients, option{rc.ID, cmpOr(rc.Name, rc.ID)})
	}
	d.Risks = []string{"", string(tillit.RiskUnlikely), string(tillit.RiskLikely), string(tillit.RiskHigh)}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (s *Server) newIncidentPage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	now := s.Vault.Now().In(tillit.Stockholm).Format(incidentTime)
	s.showIncidentForm(w, r, a, http.StatusOK, incidentFormData{Values: map[string]string{"discovered": now}}, "")
}

func (s *Server) editIncidentPage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	in, err := s.Breaches.Incident(a.Ctx, r.PathValue("id"))
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	d := incidentFormData{ID: in.ID, Values: detailValues(in.IncidentDetails), Selected: map[string]bool{}}
	for _, c := range in.Categories {
		d.Selected["categories:"+c] = true
	}
	for _, c := range in.Points {
		d.Selected["points:"+c] = true
	}
	for _, c := range in.Recipients {
		d.Selected["recipients:"+c] = true
	}
	s.showIncidentForm(w, r, a, http.StatusOK, d, "")
}

// detailValues are an incident's details as the form's fields.
func detailValues(d tillit.IncidentDetails) map[string]string {
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(tillit.Stockholm).Format(incidentTime)
	}
	return map[string]string{
		"title": d.Title, "nature": d.Nature, "how_discovered": d.HowDiscovered,
		"discovered": at(d.Discovered), "from": at(d.From), "to": at(d.To),
		"systems": strings.Join(d.Systems, ", "), "subject_types": d.SubjectTypes, "consequences": d.Consequences,
		"measures_taken": d.MeasuresTaken, "measures_planned": d.MeasuresPlanned, "advice": d.Advice,
		"delay_reason": d.DelayReason, "risk": string(d.Risk),
	}
}

func (s *Server) showIncidentForm(w http.ResponseWriter, r *http.Request, a *adminReq, status int, d incidentFormData, formErr string) {
	title := "admin.incident_new"
	if d.ID != "" {
		title = "admin.incident_edit"
	}
	p := s.adminPage(r, a, title)
	s.incidentOptions(&d, p.Lang)
	if d.Selected == nil {
		d.Selected = map[string]bool{}
	}
	switch {
	case formErr != "":
		p.Error = p.T("admin.refused", formErr)
	case len(d.FieldErr) > 0:
		p.Error = text("admin.form_error", p.Lang)
	}
	if r.Method == http.MethodPost {
		path := "/admin/incidents/new"
		if d.ID != "" {
			path = "/admin/incidents/" + d.ID + "/edit"
		}
		p.Other = path + "?lang=" + string(otherLang(p.Lang))
	}
	p.Data = d
	s.render(w, status, "admin/incident_form.html", p)
}

// incidentDetailFields are the text fields of the incident form.
var incidentDetailFields = []string{"title", "nature", "how_discovered", "discovered", "from", "to", "systems",
	"subject_types", "consequences", "measures_taken", "measures_planned", "advice", "delay_reason", "risk"}

// readIncidentForm reads the incident form into details, with the
// form's values and what is wrong with them for showing it again.
func readIncidentForm(r *http.Request, d *incidentFormData) tillit.IncidentDetails {
	lang := Lang(r)
	d.Values, d.Selected, d.FieldErr = map[string]string{}, map[string]bool{}, fieldErrs{}
	for _, f := range incidentDetailFields {
		d.Values[f] = strings.TrimSpace(r.PostFormValue(f))
	}
	d.FieldErr.required(d.Values, lang, "title", "discovered")
	at := func(field string) time.Time {
		v := d.Values[field]
		if v == "" {
			return time.Time{}
		}
		for _, layout := range []string{incidentTime, "2006-01-02T15:04:05", "2006-01-02 15:04"} {
			if t, err := time.ParseInLocation(layout, v, tillit.Stockholm); err == nil {
				return t
			}
		}
		d.FieldErr[field] = text("admin.f.bad_time", lang)
		return time.Time{}
	}
	det := tillit.IncidentDetails{
		Title: d.Values["title"], Nature: d.Values["nature"], HowDiscovered: d.Values["how_discovered"],
		Discovered: at("discovered"), From: at("from"), To: at("to"),
		SubjectTypes: d.Values["subject_types"], Consequences: d.Values["consequences"],
		MeasuresTaken: d.Values["measures_taken"], MeasuresPlanned: d.Values["measures_planned"],
		Advice: d.Values["advice"], DelayReason: d.Values["delay_reason"], Risk: tillit.Risk(d.Values["risk"]),
	}
	for _, sys := range strings.FieldsFunc(d.Values["systems"], func(c rune) bool { return c == ',' || c == ' ' || c == '\n' }) {
		det.Systems = append(det.Systems, sys)
	}
	pick := func(name string) []string {
		var out []string
		for _, v := range r.PostForm[name] {
			if v != "" && !slices.Contains(out, v) {
				out = append(out, v)
				d.Selected[name+":"+v] = true
			}
		}
		return out
	}
	det.Categories, det.Points, det.Recipients = pick("categories"), pick("points"), pick("recipients")
	return det
}

func (s *Server) openIncident(w http.ResponseWriter, r *http.Request, a *adminReq) {
	if !s.readForm(w, r) {
		return
	}
	var d incidentFormData
	det := readIncidentForm(r, &d)
	if len(d.FieldErr) > 0 {
		s.showIncidentForm(w, r, a, http.StatusUnprocessableEntity, d, "")
		return
	}
	in, err := s.Breaches.OpenIncident(a.Ctx, det)
	if err != nil {
		if tillit.ErrorCode(err) == tillit.EINVALID {
			s.showIncidentForm(w, r, a, http.StatusUnprocessableEntity, d, errText(err, Lang(r)))
			return
		}
		s.pageFailed(w, r, "admin", err)
		return
	}
	http.Redirect(w, r, incidentURL(in.ID, "opened", Lang(r)), http.StatusSeeOther)
}

func (s *Server) editIncident(w http.ResponseWriter, r *http.Request, a *adminReq) {
	if !s.readForm(w, r) {
		return
	}
	d := incidentFormData{ID: r.PathValue("id")}
	det := readIncidentForm(r, &d)
	if len(d.FieldErr) > 0 {
		s.showIncidentForm(w, r, a, http.StatusUnprocessableEntity, d, "")
		return
	}
	if _, err := s.Breaches.UpdateIncident(a.Ctx, d.ID, det); err != nil {
		if code := tillit.ErrorCode(err); code == tillit.EINVALID || code == tillit.ECONFLICT {
			s.showIncidentForm(w, r, a, statusOf(err), d, errText(err, Lang(r)))
			return
		}
		s.pageFailed(w, r, "admin", err)
		return
	}
	http.Redirect(w, r, incidentURL(d.ID, "updated", Lang(r)), http.StatusSeeOther)
}

func incidentURL(id, done string, lang tillit.Lang) string {
	q := url.Values{"done": {done}, "lang": {string(lang)}}
	return "/admin/incidents/" + url.PathEscape(id) + "?" + q.Encode()
}

type timelineRow struct {
	tillit.IncidentEvent
	Kind, Actor string
}

type incidentData struct {
	incidentRow
	Officer                        bool
	Categories, Points, Recipients string
	Timeline                       []timelineRow
	Deliveries                     tillit.NoticeDeliveries
	Affected                       map[string]string // the last computation's counts, from the timeline
	AffectedAt                     time.Time
	Phases                         []string // the phases a notification may be recorded in now
	Actors                         actors
	Values                         map[string]string
	FieldErr                       fieldErrs // the action -> what went wrong
}

func (s *Server) incidentPage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	s.showIncident(w, r, a, http.StatusOK, nil, nil)
}

func (s *Server) showIncident(w http.ResponseWriter, r *http.Request, a *adminReq, status int, values map[string]string, errs fieldErrs) {
	p := s.adminPage(r, a, "admin.incident")
	id := r.PathValue("id")
	in, err := s.Breaches.Incident(a.Ctx, id)
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	// Looking at an incident is audited, as the API's GET is; the
	// timeline records only the steps taken.
	if err := s.Vault.AuditCall(a.Ctx, "incident_viewed", "incident="+in.ID); err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	deliveries, err := s.Breaches.NoticeDeliveries(a.Ctx, id)
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	pol := s.Vault.Policy()
	d := incidentData{incidentRow: clockOf(in, s.Vault.Now(), p.Lang), Officer: a.isOfficer(), Deliveries: deliveries,
		Actors: s.actors(a.Ctx), Values: values, FieldErr: errs}
	d.Categories = categoryLabels(pol, in.Categories, p.Lang)
	var pts, rcs []string
	for _, id := range in.Points {
		l := id
		if cp, ok := pol.CollectionPoint(id); ok && cp.Label.In(p.Lang) != "" {
			l = cp.Label.In(p.Lang)
		}
		pts = append(pts, l)
	}
	for _, id := range in.Recipients {
		rcs = append(rcs, recipientName(pol, id))
	}
	d.Points, d.Recipients = strings.Join(pts, ", "), strings.Join(rcs, ", ")
	for i := len(in.Timeline) - 1; i >= 0; i-- {
		e := in.Timeline[i]
		d.Timeline = append(d.Timeline, timelineRow{IncidentEvent: e, Kind: text("admin.kind."+e.Kind, p.Lang), Actor: d.Actors.Name(e.Actor)})
		if e.Kind == tillit.AuditIncidentAffected && d.Affected == nil {
			d.Affected, d.AffectedAt = noteFields(e.Note), e.At
		}
	}
	switch n := len(in.Notifications); {
	case n == 0:
		d.Phases = []string{string(tillit.PhaseInitial), string(tillit.PhaseFinal)}
	case in.Notifications[n-1].Phase != tillit.PhaseFinal:
		d.Phases = []string{string(tillit.PhaseSupplementary), string(tillit.PhaseFinal)}
	}
	for _, msg := range errs {
		p.Error = p.T("admin.refused", msg)
		p.Other = "/admin/incidents/" + url.PathEscape(id) + "?lang=" + string(otherLang(p.Lang))
	}
	p.Data = d
	s.render(w, status, "admin/incident.html", p)
}

// noteFields reads a timeline note's key=value fields (the vault writes
// counts and IDs that way).
func noteFields(note string) map[string]string {
	m := map[string]string{}
	for _, f := range strings.Fields(note) {
		if k, v, ok := strings.Cut(f, "="); ok {
			m[k] = v
		}
	}
	return m
}

func (s *Server) incidentAction(w http.ResponseWriter, r *http.Request, a *adminReq) {
	if !s.readForm(w, r) {
		return
	}
	lang := Lang(r)
	id, action := r.PathValue("id"), r.PathValue("action")
	form := map[string]string{}
	for _, f := range []string{"notify", "reason", "phase", "reference", "note", "override"} {
		form[f] = r.PostFormValue(f)
	}
	refuse := func(msg string) {
		s.showIncident(w, r, a, http.StatusUnprocessableEntity, form, fieldErrs{action: msg})
	}
	var err error
	var done string
	switch action {
	case "decide":
		if form["notify"] != "yes" && form["notify"] != "no" {
			refuse(text("admin.decide_pick", lang))
			return
		}
		_, err = s.Breaches.DecideAuthority(a.Ctx, id, form["notify"] == "yes", strings.TrimSpace(form["reason"]))
		done = "decided"
	case "notify":
		_, err = s.Breaches.RecordAuthorityNotification(a.Ctx, id, tillit.Phase(form["phase"]), strings.TrimSpace(form["reference"]), strings.TrimSpace(form["note"]))
		done = "notified"
	case "notify-subjects":
		_, err = s.Breaches.NotifySubjects(a.Ctx, id, form["override"] == "yes")
		done = "subjects_notified"
	case "note":
		if strings.TrimSpace(form["note"]) == "" {
			refuse(text("admin.required", lang))
			return
		}
		_, err = s.Breaches.NoteIncident(a.Ctx, id, strings.TrimSpace(form["note"]))
		done = "noted"
	case "close":
		_, err = s.Breaches.CloseIncident(a.Ctx, id)
		done = "closed"
	case "record-affected":
		// The vault's Affected records on any incident, as the API's GET
		// does; the register of a closed incident stays as it was closed.
		var in tillit.Incident
		if in, err = s.Breaches.Incident(a.Ctx, id); err == nil && in.IsClosed() {
			refuse(text("admin.incident_is_closed", lang))
			return
		}
		if err == nil {
			_, err = s.Breaches.Affected(a.Ctx, id)
		}
		done = "affected_recorded"
	default:
		s.pageFailed(w, r, "admin", tillit.Errorf(tillit.ENOTFOUND, "admin.incident", "no such action"))
		return
	}
	if err != nil {
		if code := tillit.ErrorCode(err); code == tillit.EINVALID || code == tillit.ECONFLICT || code == tillit.EFORBIDDEN {
			s.showIncident(w, r, a, statusOf(err), form, fieldErrs{action: errText(err, lang)})
			return
		}
		s.pageFailed(w, r, "admin", err)
		return
	}
	http.Redirect(w, r, incidentURL(id, done, lang), http.StatusSeeOther)
}

type affectedData struct {
	Officer    bool
	Incident   tillit.Incident
	Affected   tillit.Affected
	Categories []tillit.AffectedCategory
	Labels     map[string]string
	Subjects   []string // this page of them
	Next       string
}

// affectedPage computes who the incident affects and lists them a page
// at a time. Each page is a read, audited as one, never a step in the
// incident's timeline: that is the officer's record-affected post.
func (s *Server) affectedPage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	p := s.adminPage(r, a, "admin.affected_h")
	id := r.PathValue("id")
	in, err := s.Breaches.Incident(a.Ctx, id)
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	x, err := s.Breaches.AffectedView(a.Ctx, id)
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	pol := s.Vault.Policy()
	d := affectedData{Officer: a.isOfficer(), Incident: in, Affected: x, Labels: map[string]string{}}
	for _, c := range x.Categories {
		d.Labels[c.Category] = categoryLabels(pol, []string{c.Category}, p.Lang)
	}
	subs := x.Subjects
	if after := r.URL.Query().Get("after"); after != "" {
		i, _ := slices.BinarySearch(subs, after)
		if i < len(subs) && subs[i] == after {
			i++
		}
		subs = subs[i:]
	}
	if len(subs) > pageSize {
		subs = subs[:pageSize]
		d.Next = subs[pageSize-1]
	}
	d.Subjects = subs
	p.Data = d
	s.render(w, http.StatusOK, "admin/incident_affected.html", p)
}

type draftData struct {
	Incident tillit.Incident
	For      string
	In       tillit.Lang
	Draft    tillit.Draft
}

// draftPage drafts the notification to IMY or the notice to the people
// affected, in Swedish or English, as Markdown to copy. It is a read,
// audited as one, never a step in the incident's timeline.
func (s *Server) draftPage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	p := s.adminPage(r, a, "admin.drafts_h")
	q := r.URL.Query()
	id := r.PathValue("id")
	d := draftData{For: q.Get("for")}
	in, ok := tillit.ParseLang(q.Get("in"))
	if !ok {
		in = p.Lang
	}
	d.In = in
	draft := s.Breaches.DraftAuthorityNotificationView
	switch d.For {
	case "subjects":
		draft = s.Breaches.DraftSubjectNoticeView
	default:
		d.For = "authority"
	}
	inc, err := s.Breaches.Incident(a.Ctx, id)
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	d.Incident = inc
	if d.Draft, err = draft(a.Ctx, id, in); err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	p.Data = d
	s.render(w, http.StatusOK, "admin/incident_draft.html", p)
}
