package server

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/tillit-privacy/tillit"
)

// The retention page: what falls due when (the forecast of the whole
// store, a page at a time), the review tasks the sweep raised, and when
// the sweep runs next.

// taskOutcomes are the decisions the form offers for a review task.
var taskOutcomes = []string{"kept", "erased", "anonymised", "asked"}

func (s *Server) registerAdminRetention(mux *http.ServeMux) {
	s.adminRoute(mux, "GET /admin/retention", tillit.RoleAuditor, s.retentionPage)
	s.adminRoute(mux, "POST /admin/retention/tasks/{id}/close", tillit.RoleOfficer, s.closeTask)
}

type forecastLine struct {
	forecastRow
	What string
}

type taskRow struct {
	tillit.Task
	PurposeLabel string
}

type retentionData struct {
	Officer    bool
	NextDue    string
	DueNow     int
	SweepEvery string

	Until      string // YYYY-MM-DD
	Forecasts  []forecastLine
	NextSkip   int // the offset of the next page of the forecast; 0 on the last
	Skip       int
	AllTasks   bool
	Tasks      []taskRow
	TasksNext  string
	Outcomes   []string
	Actors     actors
	FieldErr   fieldErrs // "until", or task ID -> error
	TaskValues map[string]string
}

func (s *Server) retentionPage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	s.showRetention(w, r, a, http.StatusOK, nil, nil)
}

func (s *Server) showRetention(w http.ResponseWriter, r *http.Request, a *adminReq, status int, values map[string]string, errs fieldErrs) {
	p := s.adminPage(r, a, "admin.retention")
	q := r.URL.Query()
	now := s.Vault.Now()
	d := retentionData{Officer: a.isOfficer(), Outcomes: taskOutcomes, Actors: s.actors(a.Ctx), AllTasks: q.Get("tasks") == "all",
		TaskValues: values, FieldErr: errs}
	if d.FieldErr == nil {
		d.FieldErr = fieldErrs{}
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

	// The forecast, to the end of the day asked for (30 days by default).
	until := now.In(tillit.Stockholm).AddDate(0, 0, 30)
	d.Until = until.Format(time.DateOnly)
	if u := q.Get("until"); u != "" {
		t, err := time.ParseInLocation(time.DateOnly, u, tillit.Stockholm)
		if err != nil {
			d.Until = u
			d.FieldErr["until"] = text("admin.forecast_bad_date", p.Lang)
			status = http.StatusUnprocessableEntity
		} else {
			until, d.Until = t, u
		}
	}
	end := time.Date(until.Year(), until.Month(), until.Day(), 0, 0, 0, 0, tillit.Stockholm).AddDate(0, 0, 1).Add(-time.Nanosecond)
	d.Skip, _ = strconv.Atoi(q.Get("skip"))
	d.Skip = max(d.Skip, 0)
	if d.FieldErr["until"] == "" {
		pol := s.Vault.Policy()
		seen := 0
		errFull := errors.New("page full")
		err := s.Retention.ForecastAll(a.Ctx, end, func(fc tillit.Forecast) error {
			seen++
			switch {
			case seen <= d.Skip:
				return nil
			case len(d.Forecasts) == pageSize:
				d.NextSkip = d.Skip + pageSize
				return errFull
			}
			line := forecastLine{forecastRow: forecastOf(pol, fc, p)}
			switch {
			case !fc.ArchiveAt.IsZero() && fc.ArchiveAt.Before(end) && (fc.GoneAt.IsZero() || fc.GoneAt.After(end)):
				line.What = p.Date(fc.ArchiveAt) + " (" + text("admin.action.archive", p.Lang) + ")"
			default:
				line.What = line.Gone
			}
			d.Forecasts = append(d.Forecasts, line)
			return nil
		})
		if err != nil && err != errFull {
			s.pageFailed(w, r, "admin", err)
			return
		}
	}

	tasks, err := s.Retention.Tasks(a.Ctx, d.AllTasks, q.Get("after"), pageSize)
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	for _, t := range tasks {
		d.Tasks = append(d.Tasks, taskRow{Task: t, PurposeLabel: purposeLabel(s.Vault.Policy(), t.Purpose, p.Lang)})
	}
	if len(tasks) == pageSize {
		d.TasksNext = tasks[len(tasks)-1].ID
	}
	for _, msg := range errs {
		p.Error = p.T("admin.refused", msg)
		p.Other = "/admin/retention?lang=" + string(otherLang(p.Lang))
	}
	p.Data = d
	s.render(w, status, "admin/retention.html", p)
}

func (s *Server) closeTask(w http.ResponseWriter, r *http.Request, a *adminReq) {
	if !s.readForm(w, r) {
		return
	}
	id, outcome := r.PathValue("id"), r.PostFormValue("outcome")
	if !slices.Contains(taskOutcomes, outcome) {
		s.showRetention(w, r, a, http.StatusUnprocessableEntity, map[string]string{id: outcome}, fieldErrs{id: text("admin.outcome_pick", Lang(r))})
		return
	}
	if _, err := s.Retention.CloseTask(a.Ctx, id, outcome); err != nil {
		if code := tillit.ErrorCode(err); code == tillit.EINVALID || code == tillit.ECONFLICT {
			s.showRetention(w, r, a, statusOf(err), map[string]string{id: outcome}, fieldErrs{id: errText(err, Lang(r))})
			return
		}
		s.pageFailed(w, r, "admin", err)
		return
	}
	q := url.Values{"done": {"task_closed"}, "lang": {string(Lang(r))}}
	http.Redirect(w, r, "/admin/retention?"+q.Encode()+"#tasks-h", http.StatusSeeOther)
}
