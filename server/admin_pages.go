package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/tillit-privacy/tillit"
)

// registerAdminPages adds the admin's pages beyond the dashboard and the
// requests: subjects, register, retention, audit, outbox and incidents.
// Every page is a GET open to auditors; every change is a POST for
// officers only.
func (s *Server) registerAdminPages(mux *http.ServeMux) {
	s.registerAdminSubjects(mux)
	s.registerAdminRegister(mux)
	s.registerAdminRetention(mux)
	s.registerAdminAudit(mux)
	s.registerAdminOutbox(mux)
	s.registerAdminIncidents(mux)
}

// readForm parses a posted form of at most 64 KiB. A form that cannot be
// read is answered here and false returned.
func (s *Server) readForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.pageFailed(w, r, "admin", tillit.Errorl(tillit.EINVALID, "admin.form", tillit.Text{
			SV: text("admin.form_unreadable", tillit.Swedish), EN: text("admin.form_unreadable", tillit.English),
		}))
		return false
	}
	return true
}

// isOfficer reports whether the signed-in user may change things; pages
// show their forms only to officers.
func (a *adminReq) isOfficer() bool { return a.User.Role == tillit.RoleOfficer }

// actors maps the actors the audit log and timelines name (admin:<id>) to
// the admin users' names, for display; other actors (API keys, the
// system) stay as they are.
type actors map[string]string

func (s *Server) actors(ctx context.Context) actors {
	m := actors{}
	us, err := s.Access.Admins(ctx)
	if err != nil {
		return m // names are a nicety; the IDs are shown instead
	}
	for _, u := range us {
		m["admin:"+u.ID] = u.Name
	}
	return m
}

// Name returns the actor's display name: the admin user's name, or the
// actor ID.
func (m actors) Name(actor string) string {
	if n, ok := m[actor]; ok {
		return n
	}
	return actor
}

// fieldErrs maps a form's field to what is wrong with it.
type fieldErrs map[string]string

// required records an error for each of fields that is blank in form.
func (e fieldErrs) required(form map[string]string, lang tillit.Lang, fields ...string) {
	for _, f := range fields {
		if strings.TrimSpace(form[f]) == "" {
			e[f] = text("admin.required", lang)
		}
	}
}
