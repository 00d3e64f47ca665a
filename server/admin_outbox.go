package server

import (
	"net/http"
	"net/url"

	"github.com/tillit-privacy/tillit"
)

// The outbox page: every message Tillit sends (codes, answers, notices to
// recipients and to the people affected by a breach), its state, attempts
// and last error. The address and content stay sealed. A message the
// outbox gave up on can be put back in line.

func (s *Server) registerAdminOutbox(mux *http.ServeMux) {
	s.adminRoute(mux, "GET /admin/outbox", tillit.RoleAuditor, s.outboxPage)
	s.adminRoute(mux, "POST /admin/outbox/{id}/retry", tillit.RoleOfficer, s.retryMessage)
}

type messageRow struct {
	tillit.Message
	State, Topic string
}

type outboxData struct {
	Officer  bool
	Pending  bool
	Rows     []messageRow
	Failed   int
	Next     string
	FieldErr fieldErrs // message ID -> error
}

func (s *Server) outboxPage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	s.showOutbox(w, r, a, http.StatusOK, nil)
}

func (s *Server) showOutbox(w http.ResponseWriter, r *http.Request, a *adminReq, status int, errs fieldErrs) {
	p := s.adminPage(r, a, "admin.outbox")
	q := r.URL.Query()
	d := outboxData{Officer: a.isOfficer(), Pending: q.Get("show") == "pending", FieldErr: errs}
	ms, err := s.Requests.Messages(a.Ctx, tillit.MessageFilter{Pending: d.Pending, After: q.Get("after"), N: pageSize})
	if err != nil {
		s.pageFailed(w, r, "admin", err)
		return
	}
	for _, m := range ms {
		row := messageRow{Message: m, State: "pending", Topic: m.Topic}
		switch {
		case !m.Delivered.IsZero():
			row.State = "delivered"
		case m.NextAt.IsZero():
			row.State = "failed"
			d.Failed++
		}
		if t := text("admin.topic."+m.Topic, p.Lang); t[0] != '[' {
			row.Topic = t
		}
		d.Rows = append(d.Rows, row)
	}
	if len(ms) == pageSize {
		d.Next = ms[len(ms)-1].ID
	}
	for _, msg := range errs {
		p.Error = p.T("admin.refused", msg)
		p.Other = "/admin/outbox?lang=" + string(otherLang(p.Lang))
	}
	p.Data = d
	s.render(w, status, "admin/outbox.html", p)
}

func (s *Server) retryMessage(w http.ResponseWriter, r *http.Request, a *adminReq) {
	id := r.PathValue("id")
	if err := s.Requests.Retry(a.Ctx, id); err != nil {
		if tillit.ErrorCode(err) == tillit.EINVALID {
			s.showOutbox(w, r, a, http.StatusUnprocessableEntity, fieldErrs{id: errText(err, Lang(r))})
			return
		}
		s.pageFailed(w, r, "admin", err)
		return
	}
	q := url.Values{"done": {"retried"}, "lang": {string(Lang(r))}}
	http.Redirect(w, r, "/admin/outbox?"+q.Encode(), http.StatusSeeOther)
}
