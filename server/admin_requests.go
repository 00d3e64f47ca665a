package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/extract"
)

// pageSize is how many rows a listing shows at a time.
const pageSize = 50

type dashboardData struct {
	Overdue, DueSoon []requestRow
	Open             int
	Incidents        []incidentRow
	NextDue          string
	DueNow           int
	SweepEvery       string
}

// requestRow is a request as the admin lists it.
type requestRow struct {
	tillit.Request
	Overdue, DueSoon bool
}

// incidentRow is an incident with its 72-hour clock.
type incidentRow struct {
	tillit.Incident
	Overdue, DueSoon, Settled bool
	Clock                     string // time left or over, in words
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, a *adminReq) {
	p := s.adminPage(r, a, "admin.dashboard")
	now := s.Vault.Now()
	open, err := s.Requests.Requests(a.Ctx, tillit.RequestFilter{Open: true})
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	var d dashboardData
	for _, rq := range open {
		row := requestRow{Request: rq, Overdue: rq.Overdue(now), DueSoon: rq.IsDueSoon(now)}
		if rq.State == tillit.StateReceived {
			continue // the person's turn, not the officer's
		}
		d.Open++
		switch {
		case row.Overdue:
			d.Overdue = append(d.Overdue, row)
		case row.DueSoon:
			d.DueSoon = append(d.DueSoon, row)
		}
	}
	ins, err := s.Breaches.Incidents(a.Ctx, tillit.IncidentFilter{Open: true})
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	for _, in := range ins {
		d.Incidents = append(d.Incidents, clockOf(in, now, p.Lang))
	}
	next, due, err := s.Retention.NextDue(a.Ctx)
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	if !next.IsZero() {
		d.NextDue = p.Time(next)
	}
	d.DueNow = due
	if s.SweepEvery > 0 {
		d.SweepEvery = s.SweepEvery.String()
	}
	p.Data = d
	s.render(w, http.StatusOK, "admin/dashboard.html", p)
}

// clockOf returns an incident with its 72-hour clock in words.
func clockOf(in tillit.Incident, now time.Time, lang tillit.Lang) incidentRow {
	row := incidentRow{Incident: in, Overdue: in.Overdue(now), DueSoon: in.IsDueSoon(now), Settled: in.Settled()}
	left := in.Deadline().Sub(now).Round(time.Minute)
	switch {
	case row.Settled:
		row.Clock = text("admin.settled", lang)
	case left >= 0:
		row.Clock = fmt.Sprintf(text("admin.clock_left", lang), hoursMinutes(left))
	default:
		row.Clock = fmt.Sprintf(text("admin.clock_over", lang), hoursMinutes(-left))
	}
	return row
}

// hoursMinutes writes a duration as hours and minutes, e.g. "41 h 05 min".
func hoursMinutes(d time.Duration) string {
	h := int(d / time.Hour)
	m := int(d % time.Hour / time.Minute)
	return fmt.Sprintf("%d h %02d min", h, m)
}

type requestsData struct {
	Rows []requestRow
	All  bool
	Next string // the ID to list after, for the next page; "" on the last
}

func (s *Server) registerAdminRequests(mux *http.ServeMux) {
	s.adminRoute(mux, "GET /admin/requests", tillit.RoleAuditor, s.requestsPage)
	s.adminRoute(mux, "GET /admin/requests/{id}", tillit.RoleAuditor, s.requestPage)
	// The extract is everything held about the person: officers only,
	// as with the subject page.
	s.adminRoute(mux, "GET /admin/requests/{id}/extract", tillit.RoleOfficer, s.requestExtractFile)
	s.adminRoute(mux, "POST /admin/requests/{id}/{action}", tillit.RoleOfficer, s.requestAction)
}

func (s *Server) requestsPage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	p := s.adminPage(r, a, "admin.requests")
	q := r.URL.Query()
	d := requestsData{All: q.Get("show") == "all"}
	rs, err := s.Requests.Requests(a.Ctx, tillit.RequestFilter{Open: !d.All, After: q.Get("after"), N: pageSize})
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	now := s.Vault.Now()
	for _, rq := range rs {
		d.Rows = append(d.Rows, requestRow{Request: rq, Overdue: rq.Overdue(now), DueSoon: rq.IsDueSoon(now)})
	}
	if len(rs) == pageSize {
		d.Next = rs[len(rs)-1].ID
	}
	p.Data = d
	s.render(w, http.StatusOK, "admin/requests.html", p)
}

type requestData struct {
	requestRow
	Purpose   string
	Months    []int
	Officer   bool              // the user may act; an auditor only reads
	Access    bool              // an access request whose extract can be downloaded
	CanExtend bool              // confirmed, not extended yet
	Values    map[string]string // the form's values after an error
	FieldErr  map[string]string // field -> error, after an error
}

func (s *Server) requestPage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	s.showRequest(w, r, a, http.StatusOK, nil, nil)
}

// showRequest renders a request's page, with a form's values and errors
// after a refused action.
func (s *Server) showRequest(w http.ResponseWriter, r *http.Request, a *adminReq, status int, values, errs map[string]string) {
	p := s.adminPage(r, a, "admin.request")
	// An auditor checks how requests are handled, not what people wrote:
	// the details stay sealed for them, and no action is offered.
	officer := a.User.Role == tillit.RoleOfficer
	rq, err := s.Requests.Request(a.Ctx, r.PathValue("id"), officer)
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	now := s.Vault.Now()
	d := requestData{requestRow: requestRow{Request: rq, Overdue: rq.Overdue(now), DueSoon: rq.IsDueSoon(now)},
		Values: values, FieldErr: errs, Officer: officer}
	if pr, ok := s.Vault.Policy().Purpose(rq.Purpose); ok {
		d.Purpose = pr.Label.In(p.Lang)
	}
	for m := 1; m <= s.extensionMonths(); m++ {
		d.Months = append(d.Months, m)
	}
	d.Access = officer && rq.Right == tillit.RightAccess && rq.Subject != "" && (rq.State == tillit.StateConfirmed || rq.State == tillit.StateDone)
	d.CanExtend = rq.State == tillit.StateConfirmed && rq.Extended.IsZero()
	p.Data = d
	if len(errs) > 0 {
		p.Error = text("admin.form_error", p.Lang)
	}
	s.render(w, status, "admin/request.html", p)
}

// extensionMonths is how many months the register lets a deadline be
// extended by.
func (s *Server) extensionMonths() int {
	ext := s.Vault.Policy().Rights().Extension
	switch ext.Unit {
	case tillit.Months:
		return ext.N
	case tillit.Years:
		return 12 * ext.N
	}
	return 2
}

func (s *Server) requestAction(w http.ResponseWriter, r *http.Request, a *adminReq) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.pageFailed(w, r, "admin", tillit.Errorl(tillit.EINVALID, "admin.form", catalog.Text("admin.form_could_not_read_too")))
		return
	}
	id := r.PathValue("id")
	form := map[string]string{"months": r.PostFormValue("months"), "reason": r.PostFormValue("reason"), "refusal": r.PostFormValue("refusal"),
		"purpose": r.PostFormValue("purpose"), "grounds": r.PostFormValue("grounds"), "checked": r.PostFormValue("checked")}
	required := func(field string) bool {
		if strings.TrimSpace(form[field]) == "" {
			s.showRequest(w, r, a, http.StatusUnprocessableEntity, form, map[string]string{field: text("admin.required", Lang(r))})
			return false
		}
		return true
	}
	var err error
	done := r.PathValue("action")
	switch done {
	case "confirm":
		if form["checked"] != "yes" {
			s.showRequest(w, r, a, http.StatusUnprocessableEntity, form, map[string]string{"checked": text("admin.confirm_needed", Lang(r))})
			return
		}
		_, err = s.Requests.ConfirmByOfficer(a.Ctx, id)
		done = "confirmed"
	case "complete":
		_, err = s.Requests.Complete(a.Ctx, id)
		done = "completed"
	case "extend":
		if !required("reason") {
			return
		}
		months, convErr := strconv.Atoi(form["months"])
		if convErr != nil {
			months = 0 // the vault refuses it with its own message
		}
		_, err = s.Requests.Extend(a.Ctx, id, months, form["reason"])
		done = "extended"
	case "refuse":
		if !required("refusal") {
			return
		}
		_, err = s.Requests.Refuse(a.Ctx, id, form["refusal"])
		done = "refused"
	case "overrule":
		if !required("grounds") {
			return
		}
		_, err = s.Requests.OverruleRequest(a.Ctx, id, form["purpose"], form["grounds"])
		done = "overruled"
	default:
		s.pageFailed(w, r, "admin", tillit.Errorf(tillit.ENOTFOUND, "admin.request", "no such action"))
		return
	}
	if err != nil {
		if code := tillit.ErrorCode(err); code == tillit.EINVALID || code == tillit.EFORBIDDEN {
			s.showRequest(w, r, a, statusOf(err), form, map[string]string{"action": errText(err, Lang(r))})
			return
		}
		s.pageFailed(w, r, "admin", err)
		return
	}
	http.Redirect(w, r, "/admin/requests/"+id+"?done="+done+"&lang="+string(Lang(r)), http.StatusSeeOther)
}

func (s *Server) requestExtractFile(w http.ResponseWriter, r *http.Request, a *adminReq) {
	format := r.URL.Query().Get("format")
	if _, ok := extract.FormatOf(format); !ok {
		s.pageFailed(w, r, "admin", tillit.Errorl(tillit.EINVALID, "admin.extract", catalog.Text("admin.choose_format_pdf_html_json")))
		return
	}
	x, err := s.Requests.RequestExtract(a.Ctx, r.PathValue("id"))
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	body, contentType, err := extract.Render(x, format)
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+r.PathValue("id")+"."+format+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(body)
}

// errText returns an error's message in lang: the vault's own words where
// it has them.
func errText(err error, lang tillit.Lang) string {
	var te *tillit.Error
	if errors.As(err, &te) {
		return te.MessageIn(lang)
	}
	return text("web.internal", lang)
}
