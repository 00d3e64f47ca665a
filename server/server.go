// Package server is tillit serve's HTTP side: the public privacy notice,
// health and readiness. The integrators' API, the admin and the privacy
// centre grow here.
package server

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/notice"
)

// Server serves one vault's register and store.
type Server struct {
	Policy func() *tillit.Policy // the register now in force
	Store  tillit.Store
}

// Handler returns the server's routes with its security headers.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/privacy", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /privacy", s.privacy)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", s.ready)
	return secure(mux)
}

// secure sets the headers every response carries.
func secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}

// Lang picks the language of a page: ?lang=sv|en, else the first of
// Accept-Language that Tillit speaks, else Swedish.
func Lang(r *http.Request) tillit.Lang {
	if l, ok := tillit.ParseLang(r.URL.Query().Get("lang")); ok {
		return l
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if l, ok := tillit.ParseLang(base); ok {
			return l
		}
	}
	return tillit.Swedish
}

func (s *Server) privacy(w http.ResponseWriter, r *http.Request) {
	var b bytes.Buffer
	if err := notice.Render(&b, s.Policy(), Lang(r), "html"); err != nil {
		http.Error(w, "the notice could not be rendered / integritetspolicyn kunde inte visas", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", string(Lang(r)))
	w.Header().Set("Vary", "Accept-Language")
	w.Write(b.Bytes())
}

// ready answers 200 when the store answers within two seconds.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	err := s.Store.View(ctx, func(tx tillit.Tx) error {
		_, _, err := tx.AuditHead()
		return err
	})
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("store unavailable\n"))
		return
	}
	w.Write([]byte("ready\n"))
}
