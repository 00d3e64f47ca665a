package server

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// reference serves the API's reference page, rendered from its OpenAPI
// document.
func (s *Server) reference(api huma.API) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/openapi.json", http.StatusSeeOther)
	})
}
