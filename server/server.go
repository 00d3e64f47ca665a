// Package server is tillit serve's HTTP side: the JSON API for
// integrators with its OpenAPI document and reference, the admin for the
// privacy officer, the privacy centre for data subjects, the cookie banner,
// the public privacy notice, metrics, health and readiness. It depends on
// the services' interfaces in package tillit only.
package server

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/register"
	"golang.org/x/text/language"
)

// Server serves Tillit's services: the HTTP JSON API for integrators, its
// OpenAPI document and reference page, the admin, the privacy centre, the
// cookie banner, the public privacy notice, metrics, health and readiness.
type Server struct {
	Vault     tillit.Vault
	Retention tillit.Retention
	Requests  tillit.Requests
	Centre    tillit.Centre
	Breaches  tillit.Breaches
	Access    tillit.Access
	Cookies   tillit.CookieProofs
	Audit     tillit.AuditService
	// RegisterFile and Findings are the register in force and what
	// checking it found, for GET /v1/register/lint.
	RegisterFile string
	Findings     register.Problems
	Log          *slog.Logger // JSON logs without personal data; none when nil
	Limits       Limits       // DefaultLimits when zero
	Metrics      *Metrics     // a new set when nil
	// SweepEvery is how often this node sweeps, shown in the admin; 0
	// when it does not.
	SweepEvery time.Duration
	// ConsentOrigins are the sites, besides the register's website, whose
	// cookie banner may record choices (scheme://host[:port]).
	ConsentOrigins []string

	limits *limiters
	cop    *http.CrossOriginProtection // the admin's forms; the centre has its own
}

// Handler returns the server's routes with their security headers, limits,
// metrics and request log.
func (s *Server) Handler() http.Handler {
	s.limits = newLimiters(cmp.Or(s.Limits, DefaultLimits))
	if s.Metrics == nil {
		s.Metrics = NewMetrics(s.Requests)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/privacy", http.StatusSeeOther)
	})
	s.registerCentre(mux)
	mux.Handle("GET /static/", staticHandler())
	s.registerAdmin(mux)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", s.ready)
	mux.Handle("GET /metrics", s.Metrics.Handler())
	api := s.newAPI(mux)
	s.registerData(api)
	s.registerRequests(api)
	s.registerRegister(api)
	s.registerIncidents(api)
	s.registerCookieConsents(api)
	s.registerConsent(mux)
	mux.Handle("GET /docs", s.reference(api))
	mux.HandleFunc("/v1/", func(w http.ResponseWriter, r *http.Request) {
		lang := Lang(r)
		// The catch-all matches every method, so the mux never answers 405
		// under /v1/ by itself: a path that exists for other methods is
		// answered so here (RFC 9110 15.5.6).
		if allow := methodsOf(mux, r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeProblem(w, newProblem(lang, http.StatusMethodNotAllowed, catalog.Textf("api.method_not_allowed", r.Method).In(lang)))
			return
		}
		writeProblem(w, newProblem(lang, http.StatusNotFound, catalog.Text("api.api_no_such_operation_see").In(lang)))
	})
	keyed := keyedRoutes(api)
	var h http.Handler = secure(mux)
	h = s.limits.limit(h, func(r *http.Request) bool {
		_, pattern := mux.Handler(r)
		return keyed[pattern]
	})
	return s.Metrics.observe(s.log(), h)
}

// methodsOf returns the methods the API serves r's path with, none when
// it serves the path with none.
func methodsOf(mux *http.ServeMux, r *http.Request) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/v1/" {
			allow = append(allow, m)
		}
	}
	return allow
}

// log returns the server's logger, or one that discards.
func (s *Server) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// secure sets the headers every response carries.
func secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}

// Lang picks the language of a page or a response: ?lang=sv|en, else the
// best match of Accept-Language, else Swedish.
func Lang(r *http.Request) tillit.Lang {
	return langOf(r.Header.Get("Accept-Language"), r.URL.Query().Get("lang"))
}

// matcher matches Accept-Language to the languages Tillit speaks, Swedish
// first so that it wins when nothing matches.
var matcher = language.NewMatcher([]language.Tag{language.Swedish, language.English})

// langOf returns the language named by query if it is one, else the best
// match of the Accept-Language header.
func langOf(acceptLanguage, query string) tillit.Lang {
	if l, ok := tillit.ParseLang(query); ok {
		return l
	}
	if acceptLanguage == "" {
		return tillit.Swedish
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return tillit.Swedish
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No || i != 1 {
		return tillit.Swedish
	}
	return tillit.English
}

// ready answers 200 when the store answers within two seconds.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	_, err := s.Audit.Head(ctx)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("store unavailable\n"))
		return
	}
	w.Write([]byte("ready\n"))
}
