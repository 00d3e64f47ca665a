package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
)

// The cookie banner: GET /consent.js is the script the controller embeds
// on its own site, POST /consent/choices takes the proof of each choice
// (from the controller's origins only, CORS), and /.well-known/gpc.json
// says Global Privacy Control is honoured. None of them takes a key; the
// server's per-address rate limit applies to them as to every call
// without one.

// choiceBody is the largest proof of a choice accepted: a few category
// IDs and two hashes.
const choiceBody = 4 << 10

// bannerActor is who the audit log names for a choice made in the banner:
// a visitor, whom Tillit does not know.
const bannerActor = "cookie-banner"

// registerConsent adds the cookie banner's routes to mux.
func (s *Server) registerConsent(mux *http.ServeMux) {
	mux.HandleFunc("GET /consent.js", s.consentScript)
	mux.HandleFunc("POST /consent/choices", s.consentChoice)
	mux.HandleFunc("OPTIONS /consent/choices", s.consentPreflight)
	mux.HandleFunc("GET /.well-known/gpc.json", s.gpcJSON)
}

// ConsentOrigin returns o as an origin (scheme://host[:port], lower case)
// for Server.ConsentOrigins, or an error saying what is wrong with it.
func ConsentOrigin(o string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(o))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("consent origin %q: want scheme://host[:port], e.g. https://www.example.se", o)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// consentOrigins returns the origins that may record cookie choices: the
// register's controller website and the configured ones.
func (s *Server) consentOrigins() []string {
	var out []string
	if o, err := ConsentOrigin(s.Vault.Policy().Controller().Website); err == nil {
		out = append(out, o)
	}
	for _, c := range s.ConsentOrigins {
		if o, err := ConsentOrigin(c); err == nil {
			out = append(out, o)
		}
	}
	return out
}

// corsOrigin returns the request's Origin and whether it may record a
// choice: one of consentOrigins, or Tillit's own (its privacy centre).
func (s *Server) corsOrigin(r *http.Request) (string, bool) {
	o := r.Header.Get("Origin")
	norm, err := ConsentOrigin(o)
	if err != nil {
		return o, false
	}
	if u, _ := url.Parse(norm); strings.EqualFold(u.Host, r.Host) {
		return norm, true
	}
	return norm, slices.Contains(s.consentOrigins(), norm)
}

// allowCORS sets the headers that let the banner on origin read the
// answer.
func allowCORS(w http.ResponseWriter, origin string) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Add("Vary", "Origin")
}

// refuseOrigin answers a call from a site that may not record choices.
func refuseOrigin(w http.ResponseWriter, lang tillit.Lang, origin string) {
	w.Header().Add("Vary", "Origin")
	shown := origin
	if _, err := ConsentOrigin(origin); err != nil || len(origin) > 100 {
		shown = "(utan giltigt ursprung / without a valid origin)"
	}
	p := newProblem(lang, http.StatusForbidden, catalog.Textf("consent.site_not_allowed_detail", shown).In(lang))
	p.Title = catalog.Text("consent.site_not_allowed").In(lang)
	writeProblem(w, p)
}

// consentPreflight answers the browser's CORS preflight of a choice.
func (s *Server) consentPreflight(w http.ResponseWriter, r *http.Request) {
	origin, ok := s.corsOrigin(r)
	if !ok {
		refuseOrigin(w, Lang(r), origin)
		return
	}
	allowCORS(w, origin)
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", "POST")
	// Sec-GPC is the browser's own; a test browser adding it as an extra
	// header makes it part of the preflight.
	h.Set("Access-Control-Allow-Headers", "Content-Type, Sec-GPC")
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}

// choiceRequest is the body of POST /consent/choices.
type choiceRequest struct {
	Version    string          `json:"version"`
	Hash       string          `json:"hash"`
	Categories map[string]bool `json:"categories"`
	Via        string          `json:"via"`
	Replaces   string          `json:"replaces"`
	GPC        bool            `json:"gpc"` // navigator.globalPrivacyControl
}

// choiceResponse is the answer: the proof, for the banner to keep its ID.
type choiceResponse struct {
	ID       string    `json:"id"`
	Replaces string    `json:"replaces,omitempty"`
	At       time.Time `json:"at"`
	Accepted []string  `json:"accepted"`
	Rejected []string  `json:"rejected"`
	GPC      bool      `json:"gpc"`
}

// consentChoice stores the proof of a choice made in the banner. Nothing
// of the visitor is kept: not the address (used in memory for the rate
// limit only), not the user agent.
func (s *Server) consentChoice(w http.ResponseWriter, r *http.Request) {
	lang := Lang(r)
	w.Header().Set("Cache-Control", "no-store")
	origin, ok := s.corsOrigin(r)
	if !ok {
		refuseOrigin(w, lang, origin)
		return
	}
	allowCORS(w, origin)
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeProblem(w, newProblem(lang, http.StatusUnsupportedMediaType, catalog.Text("consent.send_choice_json_content_type").In(lang)))
		return
	}
	var in choiceRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, choiceBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(&in)
	if err == nil && dec.Decode(&struct{}{}) != io.EOF {
		err = errors.New("trailing data")
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		writeProblem(w, newProblem(lang, http.StatusRequestEntityTooLarge, catalog.Textf("consent.choice_too_large", choiceBody).In(lang)))
		return
	case err != nil:
		// The decoder's message may quote the body: it is not repeated.
		writeProblem(w, newProblem(lang, http.StatusBadRequest, catalog.Text("consent.choice_could_not_read_send").In(lang)))
		return
	}
	ctx := tillit.WithActor(r.Context(), bannerActor)
	proof, err := s.Cookies.RecordCookieChoice(ctx, tillit.CookieChoice{
		PolicyVersion: in.Version, CookiesHash: in.Hash, Categories: in.Categories, Replaces: in.Replaces,
		Via: in.Via, Origin: origin, GPC: in.GPC || gpcSent(r),
	})
	if err != nil {
		if tillit.ErrorCode(err) == tillit.EINTERNAL {
			s.log().Error("cookie choice", "err", err)
		}
		writeProblem(w, domainProblem(lang, err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(choiceResponse{ID: proof.ID, Replaces: proof.Replaces, At: proof.At,
		Accepted: proof.Accepted, Rejected: proof.Rejected, GPC: proof.GPC})
}

// gpcSent reports whether the request carries the Global Privacy Control
// signal (Sec-GPC: 1).
func gpcSent(r *http.Request) bool { return strings.TrimSpace(r.Header.Get("Sec-GPC")) == "1" }

// gpcJSON serves the Global Privacy Control support resource: the
// controller honours the signal, as of the register's policy date.
func (s *Server) gpcJSON(w http.ResponseWriter, r *http.Request) {
	body := map[string]any{"gpc": true}
	if d := s.Vault.Policy().Controller().PolicyDate; !d.IsZero() {
		body["lastUpdate"] = d.Format("2006-01-02")
	}
	var b bytes.Buffer
	json.NewEncoder(&b).Encode(body)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "public, max-age=3600")
	w.Write(b.Bytes())
}
