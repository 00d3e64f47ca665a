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

func init() {
	addTexts(map[string]tillit.Text{
		"admin.incidents":                        {SV: "Incidenter", EN: "Incidents"},
		"admin.incidents_lead":                   {SV: "Personuppgiftsincidenter ska dokumenteras (art. 33.5) och anmälas till IMY inom 72 timmar från upptäckten, om de inte sannolikt saknar risk (art. 33.1).", EN: "Personal data breaches are documented (art. 33(5)) and notified to IMY within 72 hours of discovery, unless unlikely to result in a risk (art. 33(1))."},
		"admin.incident":                         {SV: "Incident", EN: "Incident"},
		"admin.incident_new":                     {SV: "Ny incident", EN: "New incident"},
		"admin.incident_edit":                    {SV: "Ändra incidentens uppgifter", EN: "Edit the incident's details"},
		"admin.show_open_incidents":              {SV: "Öppna", EN: "Open"},
		"admin.show_all_incidents":               {SV: "Alla", EN: "All"},
		"admin.col.risk":                         {SV: "Risk", EN: "Risk"},
		"admin.col.deadline":                     {SV: "Anmälan senast", EN: "Notify by"},
		"admin.incident_closed":                  {SV: "stängd", EN: "closed"},
		"admin.risk.":                            {SV: "ej bedömd", EN: "not assessed"},
		"admin.risk.unlikely":                    {SV: "osannolik risk", EN: "risk unlikely"},
		"admin.risk.risk":                        {SV: "risk", EN: "risk"},
		"admin.risk.high":                        {SV: "hög risk", EN: "high risk"},
		"admin.f.title":                          {SV: "Rubrik", EN: "Title"},
		"admin.f.nature":                         {SV: "Vad hände?", EN: "What happened?"},
		"admin.f.how_discovered":                 {SV: "Hur upptäcktes det?", EN: "How was it discovered?"},
		"admin.f.discovered":                     {SV: "Upptäckt (svensk tid)", EN: "Discovered (Swedish time)"},
		"admin.f.discovered_hint":                {SV: "När ni fick kännedom om incidenten. 72-timmarsfristen räknas härifrån.", EN: "When you became aware of the breach. The 72 hours run from here."},
		"admin.f.from":                           {SV: "Började (om känt)", EN: "Began (if known)"},
		"admin.f.to":                             {SV: "Slutade (om känt)", EN: "Ended (if known)"},
		"admin.f.what":                           {SV: "Vad gäller det?", EN: "What does it concern?"},
		"admin.f.what_hint":                      {SV: "Urvalet avgör vilka som beräknas vara berörda: utlämnanden till mottagarna under tiden, annars uppgifter i kategorierna och insamlingspunkterna.", EN: "The selection decides who is computed to be affected: disclosures to the recipients in the window, else data of the categories and collection points."},
		"admin.f.categories":                     {SV: "Kategorier av personuppgifter", EN: "Categories of personal data"},
		"admin.f.points":                         {SV: "Insamlingspunkter", EN: "Collection points"},
		"admin.f.recipients":                     {SV: "Mottagare (t.ex. ett personuppgiftsbiträde som rapporterat en läcka)", EN: "Recipients (e.g. a processor that reported a leak)"},
		"admin.f.systems":                        {SV: "System (id, kommaseparerade)", EN: "Systems (IDs, comma-separated)"},
		"admin.f.subject_types":                  {SV: "Kategorier av registrerade", EN: "Categories of data subjects"},
		"admin.f.consequences":                   {SV: "Sannolika konsekvenser", EN: "Likely consequences"},
		"admin.f.measures_taken":                 {SV: "Vidtagna åtgärder", EN: "Measures taken"},
		"admin.f.measures_planned":               {SV: "Planerade åtgärder", EN: "Measures planned"},
		"admin.f.advice":                         {SV: "Råd till de berörda", EN: "Advice to the people affected"},
		"admin.f.delay_reason":                   {SV: "Skäl till försenad anmälan", EN: "Reasons for a late notification"},
		"admin.f.risk":                           {SV: "Riskbedömning", EN: "Risk assessment"},
		"admin.f.no_pii":                         {SV: "Beskriv incidenten, inte personerna: skriv inga personuppgifter i fälten.", EN: "Describe the breach, not the people: write no personal data in the fields."},
		"admin.f.bad_time":                       {SV: "Ange datum och tid som ÅÅÅÅ-MM-DD TT:MM.", EN: "Give date and time as YYYY-MM-DD HH:MM."},
		"admin.f.open":                           {SV: "Registrera incidenten", EN: "Record the incident"},
		"admin.f.save":                           {SV: "Spara", EN: "Save"},
		"admin.cancel":                           {SV: "Avbryt", EN: "Cancel"},
		"admin.done.opened":                      {SV: "Incidenten är registrerad och 72-timmarsklockan går.", EN: "The incident is recorded and the 72-hour clock is running."},
		"admin.done.updated":                     {SV: "Uppgifterna är sparade.", EN: "The details are saved."},
		"admin.done.decided":                     {SV: "Beslutet är registrerat.", EN: "The decision is recorded."},
		"admin.done.notified":                    {SV: "Anmälan till IMY är registrerad.", EN: "The notification to IMY is recorded."},
		"admin.done.subjects_notified":           {SV: "Besked till de berörda är köade i utkorgen.", EN: "Notices to the people affected are queued in the outbox."},
		"admin.done.noted":                       {SV: "Anteckningen är sparad.", EN: "The note is saved."},
		"admin.done.closed":                      {SV: "Incidenten är stängd.", EN: "The incident is closed."},
		"admin.done.affected_recorded":           {SV: "Antalet berörda är registrerat i tidslinjen.", EN: "The count of people affected is recorded in the timeline."},
		"admin.incident_is_closed":               {SV: "Incidenten är stängd.", EN: "The incident is closed."},
		"admin.details_h":                        {SV: "Uppgifter", EN: "Details"},
		"admin.window":                           {SV: "Tidsfönster", EN: "Window"},
		"admin.unknown":                          {SV: "okänt", EN: "unknown"},
		"admin.affected_h":                       {SV: "Berörda", EN: "Affected"},
		"admin.affected_last":                    {SV: "Berörda personer: %s, poster: %s (registrerat i tidslinjen %s).", EN: "People affected: %s, records: %s (recorded in the timeline %s)."},
		"admin.affected_never":                   {SV: "Inget antal är registrerat i tidslinjen än.", EN: "No count is recorded in the timeline yet."},
		"admin.affected_compute":                 {SV: "Visa vilka som berörs", EN: "Show who is affected"},
		"admin.affected_hint":                    {SV: "Beräknas när du tittar, utan att läsa några värden. Att titta loggas men ändrar inte incidenten.", EN: "Computed as you look, reading no values. Looking is logged but changes nothing in the incident."},
		"admin.affected_record":                  {SV: "Registrera antalet i tidslinjen", EN: "Record the count in the timeline"},
		"admin.affected_record_hint":             {SV: "Beräknar på nytt och registrerar antalet personer och poster som ett steg i tidslinjen, som dokumentation av incidentens effekter (art. 33.5).", EN: "Computes anew and records the number of people and records as a step in the timeline, documenting the breach's effects (art. 33(5))."},
		"admin.affected_by.disclosures":          {SV: "Urval: utlämnanden till mottagarna under tidsfönstret.", EN: "Selection: disclosures to the recipients in the window."},
		"admin.affected_by.items":                {SV: "Urval: uppgifter i kategorierna och insamlingspunkterna som fanns vid fönstrets slut.", EN: "Selection: data of the categories and collection points held at the window's end."},
		"admin.affected_by.":                     {SV: "Incidenten väljer ingenting: ange kategorier, insamlingspunkter eller mottagare.", EN: "The incident selects nothing: give categories, collection points or recipients."},
		"admin.affected_people":                  {SV: "Personer", EN: "People"},
		"admin.affected_records":                 {SV: "Poster", EN: "Records"},
		"admin.affected_erased":                  {SV: "%d personer har raderats sedan och räknas inte: deras uppgifter finns inte längre.", EN: "%d people were erased since and are not counted: their data no longer exists."},
		"admin.affected_list":                    {SV: "Berörda registrerade", EN: "Data subjects affected"},
		"admin.decision_h":                       {SV: "Beslut om anmälan till IMY", EN: "Decision on notifying IMY"},
		"admin.decision_none":                    {SV: "Inget beslut än.", EN: "No decision yet."},
		"admin.decision_notify":                  {SV: "Anmäls till IMY", EN: "Notified to IMY"},
		"admin.decision_not":                     {SV: "Anmäls inte", EN: "Not notified"},
		"admin.decide_notify":                    {SV: "Anmäl till IMY", EN: "Notify IMY"},
		"admin.decide_not":                       {SV: "Anmäl inte: sannolikt ingen risk för de registrerade (art. 33.1)", EN: "Do not notify: unlikely to result in a risk to the people (art. 33(1))"},
		"admin.decide_reason":                    {SV: "Skäl (krävs när incidenten inte anmäls, art. 33.5)", EN: "Reason (required when not notifying, art. 33(5))"},
		"admin.decide":                           {SV: "Registrera beslutet", EN: "Record the decision"},
		"admin.decide_pick":                      {SV: "Välj om incidenten anmäls.", EN: "Choose whether the breach is notified."},
		"admin.notifications_h":                  {SV: "Anmälan till IMY", EN: "Notification to IMY"},
		"admin.notification_hint":                {SV: "Anmäl på imy.se och registrera det här. Kan göras i etapper (art. 33.4): först en första anmälan, sedan kompletteringar, sist en slutlig.", EN: "Notify at imy.se and record it here. It may be given in phases (art. 33(4)): an initial notification, then supplementary ones, finally a final one."},
		"admin.phase":                            {SV: "Etapp", EN: "Phase"},
		"admin.phase.initial":                    {SV: "första anmälan", EN: "initial"},
		"admin.phase.supplementary":              {SV: "komplettering", EN: "supplementary"},
		"admin.phase.final":                      {SV: "slutlig", EN: "final"},
		"admin.reference":                        {SV: "IMY:s diarienummer eller annan referens", EN: "IMY's case number or other reference"},
		"admin.note":                             {SV: "Anteckning", EN: "Note"},
		"admin.record_notification":              {SV: "Registrera anmälan", EN: "Record the notification"},
		"admin.late_badge":                       {SV: "sen", EN: "late"},
		"admin.drafts_h":                         {SV: "Utkast", EN: "Drafts"},
		"admin.drafts_hint":                      {SV: "Tillit skriver utkast med det IMY frågar efter och ett besked på klarspråk till de berörda. Granska och anpassa innan du skickar. Att läsa ett utkast loggas men ändrar inte incidenten.", EN: "Tillit drafts what IMY asks for and a plain-language notice to the people affected. Check and adapt before sending. Reading a draft is logged but changes nothing in the incident."},
		"admin.draft.authority":                  {SV: "Anmälan till IMY", EN: "Notification to IMY"},
		"admin.draft.subjects":                   {SV: "Besked till de berörda", EN: "Notice to the people affected"},
		"admin.draft_in":                         {SV: "%s, på %s", EN: "%s, in %s"},
		"admin.lang.sv":                          {SV: "svenska", EN: "Swedish"},
		"admin.lang.en":                          {SV: "engelska", EN: "English"},
		"admin.draft_copy":                       {SV: "Texten är Markdown. Markera och kopiera den.", EN: "The text is Markdown. Select and copy it."},
		"admin.notices_h":                        {SV: "Besked till de berörda (art. 34)", EN: "Notices to the people affected (art. 34)"},
		"admin.notices_hint":                     {SV: "Vid hög risk får varje berörd person med e-postadress ett besked via utkorgen, aldrig två gånger.", EN: "At high risk each person affected with an e-mail address gets a notice through the outbox, never twice."},
		"admin.notices_counts":                   {SV: "%d köade, %d levererade, %d väntar, %d gav upp.", EN: "%d queued, %d delivered, %d waiting, %d given up."},
		"admin.notices_round":                    {SV: "%s: %d köade, %d utan e-postadress (nå dem på annat sätt)", EN: "%s: %d queued, %d without an e-mail address (reach them another way)"},
		"admin.override":                         {SV: "Skicka trots att risken inte är bedömd som hög (t.ex. på IMY:s begäran, art. 34.4)", EN: "Send although the risk is not assessed as high (e.g. at IMY's request, art. 34(4))"},
		"admin.notify_subjects":                  {SV: "Skicka besked till de berörda", EN: "Send notices to the people affected"},
		"admin.note_h":                           {SV: "Lägg till en anteckning", EN: "Add a note"},
		"admin.note_hint":                        {SV: "Vad som gjorts utanför Tillit, t.ex. \"lösenord återställda\". Inga personuppgifter.", EN: "What was done outside Tillit, e.g. \"passwords reset\". No personal data."},
		"admin.add_note":                         {SV: "Spara anteckningen", EN: "Save the note"},
		"admin.close_h":                          {SV: "Stäng incidenten", EN: "Close the incident"},
		"admin.close_hint":                       {SV: "När IMY är underrättad eller beslutet att inte anmäla är dokumenterat.", EN: "Once IMY is notified or the decision not to notify is documented."},
		"admin.close":                            {SV: "Stäng", EN: "Close"},
		"admin.timeline_h":                       {SV: "Tidslinje", EN: "Timeline"},
		"admin.kind.incident_opened":             {SV: "Registrerad", EN: "Recorded"},
		"admin.kind.incident_updated":            {SV: "Uppgifter ändrade", EN: "Details changed"},
		"admin.kind.incident_note":               {SV: "Anteckning", EN: "Note"},
		"admin.kind.incident_affected":           {SV: "Berörda beräknade", EN: "Affected computed"},
		"admin.kind.incident_decided":            {SV: "Beslut om anmälan", EN: "Decision on notifying"},
		"admin.kind.incident_authority_notified": {SV: "Anmäld till IMY", EN: "Notified to IMY"},
		"admin.kind.incident_drafted":            {SV: "Utkast skrivet", EN: "Draft written"},
		"admin.kind.incident_subjects_notified":  {SV: "Besked till berörda", EN: "Notices to the people"},
		"admin.kind.incident_closed":             {SV: "Stängd", EN: "Closed"},
		"admin.edit":                             {SV: "Ändra uppgifter", EN: "Edit details"},
	})
}

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
	ins, err := s.Vault.Incidents(a.Ctx, tillit.IncidentFilter{Open: !d.All})
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
	in, err := s.Vault.Incident(a.Ctx, r.PathValue("id"))
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
	in, err := s.Vault.OpenIncident(a.Ctx, det)
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
	if _, err := s.Vault.UpdateIncident(a.Ctx, d.ID, det); err != nil {
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
	in, err := s.Vault.Incident(a.Ctx, id)
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
	deliveries, err := s.Vault.NoticeDeliveries(a.Ctx, id)
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
		_, err = s.Vault.DecideAuthority(a.Ctx, id, form["notify"] == "yes", strings.TrimSpace(form["reason"]))
		done = "decided"
	case "notify":
		_, err = s.Vault.RecordAuthorityNotification(a.Ctx, id, tillit.Phase(form["phase"]), strings.TrimSpace(form["reference"]), strings.TrimSpace(form["note"]))
		done = "notified"
	case "notify-subjects":
		_, err = s.Vault.NotifySubjects(a.Ctx, id, form["override"] == "yes")
		done = "subjects_notified"
	case "note":
		if strings.TrimSpace(form["note"]) == "" {
			refuse(text("admin.required", lang))
			return
		}
		_, err = s.Vault.NoteIncident(a.Ctx, id, strings.TrimSpace(form["note"]))
		done = "noted"
	case "close":
		_, err = s.Vault.CloseIncident(a.Ctx, id)
		done = "closed"
	case "record-affected":
		// The vault's Affected records on any incident, as the API's GET
		// does; the register of a closed incident stays as it was closed.
		var in tillit.Incident
		if in, err = s.Vault.Incident(a.Ctx, id); err == nil && in.IsClosed() {
			refuse(text("admin.incident_is_closed", lang))
			return
		}
		if err == nil {
			_, err = s.Vault.Affected(a.Ctx, id)
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
	in, err := s.Vault.Incident(a.Ctx, id)
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	x, err := s.Vault.AffectedView(a.Ctx, id)
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
	draft := s.Vault.DraftAuthorityNotificationView
	switch d.For {
	case "subjects":
		draft = s.Vault.DraftSubjectNoticeView
	default:
		d.For = "authority"
	}
	inc, err := s.Vault.Incident(a.Ctx, id)
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
