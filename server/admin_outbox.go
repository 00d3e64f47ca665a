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

func init() {
	addTexts(map[string]tillit.Text{
		"admin.outbox":          {SV: "Utkorg", EN: "Outbox"},
		"admin.outbox_lead":     {SV: "Allt Tillit skickar går via utkorgen och prövas igen med ökande mellanrum. Adress och innehåll är krypterade och visas inte.", EN: "Everything Tillit sends goes through the outbox and is retried at growing intervals. Address and content are encrypted and not shown."},
		"admin.show_pending":    {SV: "Ej levererade", EN: "Undelivered"},
		"admin.col.topic":       {SV: "Ämne", EN: "Topic"},
		"admin.col.concerns":    {SV: "Gäller", EN: "Concerns"},
		"admin.col.created":     {SV: "Köad", EN: "Queued"},
		"admin.col.attempts":    {SV: "Försök", EN: "Attempts"},
		"admin.col.next_try":    {SV: "Nästa försök", EN: "Next try"},
		"admin.col.last_error":  {SV: "Senaste fel", EN: "Last error"},
		"admin.msg.delivered":   {SV: "levererad", EN: "delivered"},
		"admin.msg.pending":     {SV: "väntar", EN: "waiting"},
		"admin.msg.failed":      {SV: "gav upp", EN: "given up"},
		"admin.retry":           {SV: "Försök igen", EN: "Try again"},
		"admin.retry_label":     {SV: "Försök igen med meddelande %s", EN: "Try message %s again"},
		"admin.done.retried":    {SV: "Meddelandet är köat igen.", EN: "The message is queued again."},
		"admin.topic.code":      {SV: "bekräftelsekod", EN: "confirmation code"},
		"admin.topic.extension": {SV: "förlängning", EN: "extension"},
		"admin.topic.refusal":   {SV: "avslag", EN: "refusal"},
		"admin.topic.answer":    {SV: "svar", EN: "answer"},
		"admin.topic.art19":     {SV: "underrättelse till mottagare (art. 19)", EN: "notice to a recipient (art. 19)"},
		"admin.topic.breach":    {SV: "incidentbesked (art. 34)", EN: "breach notice (art. 34)"},
		"admin.outbox_failed":   {SV: "%d meddelanden har getts upp på den här sidan.", EN: "%d messages on this page were given up."},
	})
}

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
