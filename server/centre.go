package server

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tillit-privacy/tillit"
)

// The public privacy centre: the notice, a form for each right, the
// confirmation of a request with its e-mailed code, the one-time download
// of an extract, and the person's consents reached by a signed link.
// Each page is a file of its own (centre_*.go) with its template under
// templates/web/centre/. Every form posts to the same origin only
// (http.CrossOriginProtection), is limited in size and in rate per client
// address, and re-renders itself with the error next to the field when
// the input is bad, having changed nothing.

// centreActor is who the audit log names for what a person does in the
// centre: the person is not known by name, and may not be known at all.
const centreActor = "privacy_centre"

// maxForm is the largest body a centre form may send.
const maxForm = 64 << 10

// The default rate of the centre's forms per client address, and of
// request forms per e-mail address (so that nobody can flood someone's
// mailbox with codes from many addresses).
const (
	defaultFormRate  = 0.2
	defaultFormBurst = 10
	mailRate         = 1.0 / 600
	mailBurst        = 3
)

// centre holds what the centre's handlers share.
type centre struct {
	*Server
	forms *limiters // Addr: per client address; Key: per e-mail address (hashed)
	cop   *http.CrossOriginProtection
}

// registerCentre adds the privacy centre's pages to mux.
func (s *Server) registerCentre(mux *http.ServeMux) {
	rate, burst := s.Limits.FormRate, s.Limits.FormBurst
	if rate == 0 {
		rate = defaultFormRate
	}
	if burst <= 0 {
		burst = defaultFormBurst
	}
	c := &centre{Server: s, cop: http.NewCrossOriginProtection()}
	if rate > 0 {
		c.forms = newLimiters(Limits{IPRate: rate, IPBurst: burst, KeyRate: mailRate, KeyBurst: mailBurst})
	}
	c.cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.problem(w, r, http.StatusForbidden, "centre.csrf_title", "centre.csrf")
	}))
	page := func(pattern string, h http.HandlerFunc) {
		if strings.HasPrefix(pattern, "POST ") {
			h = c.post(h)
		}
		mux.Handle(pattern, c.cop.Handler(h))
	}
	page("GET /privacy", c.notice)
	page("GET /privacy/requests", c.rights)
	page("GET /privacy/requests/{right}", c.requestForm)
	page("POST /privacy/requests/{right}", c.submitRequest)
	page("GET /privacy/confirm", c.confirmForm)
	page("POST /privacy/confirm", c.confirm)
	page("GET /privacy/download/{token}", c.download)
	page("POST /privacy/download/{token}", c.spendDownload)
	page("GET /privacy/download/{token}/{format}", c.downloadFile)
	page("GET /privacy/consents", c.consents)
	page("POST /privacy/consents", c.withdraw)
}

// post limits a form's size and its rate per client address, and parses
// it; a form beyond either is answered with a page saying so.
func (c *centre) post(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if c.forms != nil && !c.forms.allowAddr(clientAddr(r)) {
			w.Header().Set("Retry-After", strconv.Itoa(int(1/c.forms.IPRate)))
			c.problem(w, r, http.StatusTooManyRequests, "centre.too_many_title", "centre.too_many")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				c.problem(w, r, http.StatusRequestEntityTooLarge, "centre.too_big_title", "centre.too_big")
				return
			}
			c.problem(w, r, http.StatusBadRequest, "centre.bad_form_title", "centre.bad_form")
			return
		}
		h(w, r.WithContext(tillit.WithActor(r.Context(), centreActor)))
	}
}

// allowMail reports whether another code may be e-mailed to address now.
// Only a hash of the address is kept, in memory, for the limit.
func (c *centre) allowMail(address string) bool {
	if c.forms == nil {
		return true
	}
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(address))))
	return c.forms.allowKey(hex.EncodeToString(sum[:]))
}

// page returns a centre page in the request's language with the centre's
// navigation, current marking the entry the page belongs to.
func (c *centre) page(r *http.Request, title, current string) *Page {
	p := c.Server.page(r, "centre", title)
	for _, n := range []struct{ href, key string }{
		{"/privacy", "centre.nav_notice"},
		{"/privacy/requests", "centre.nav_requests"},
		{"/privacy/consents", "centre.nav_consents"},
	} {
		p.Nav = append(p.Nav, NavLink{Href: p.CentreHref(n.href), Label: text(n.key, p.Lang), Current: n.href == current})
	}
	return p
}

// CentreHref returns a centre path that keeps the page's language, so
// that a visitor who switched language stays in it.
func (p *Page) CentreHref(path string) string {
	u, err := url.Parse(path)
	if err != nil {
		return path
	}
	q := u.Query()
	q.Set("lang", string(p.Lang))
	u.RawQuery = q.Encode()
	return u.String()
}

// problem renders a page that says what went wrong and that nothing was
// changed.
func (c *centre) problem(w http.ResponseWriter, r *http.Request, status int, title, message string) {
	p := c.page(r, title, "")
	p.Data = text(message, p.Lang)
	c.render(w, status, "centre/problem.html", p)
}

// failed renders the page for an error its handler does not answer
// itself, with the status of its code by the one table (statusOf): a page
// that does not exist, the vault's own words for a refusal, or the
// server's own failure, logged without personal data (the vault's errors
// hold none) and shown without detail.
func (c *centre) failed(w http.ResponseWriter, r *http.Request, err error) {
	switch status := statusOf(err); {
	case status == http.StatusNotFound:
		c.problem(w, r, status, "centre.not_found_title", "web.not_found")
	case status < http.StatusInternalServerError:
		p := c.page(r, "web.error", "")
		p.Data = centreMessage(err, p.Lang)
		c.render(w, status, "centre/problem.html", p)
	default:
		c.log().Error("privacy centre", "route", r.Pattern, "error", err.Error())
		c.problem(w, r, status, "web.error", "web.internal")
	}
}

// centreMessage returns a vault error's text in lang; only errors the vault
// wrote for people have one.
func centreMessage(err error, lang tillit.Lang) string {
	var e *tillit.Error
	if errors.As(err, &e) {
		return e.MessageIn(lang)
	}
	return ""
}

// centreField is one input of a form as its template shows it.
type centreField struct {
	ID, Name, Label, Hint, Value, Error string
}

// centreChoice is one option of a radio group or a list.
type centreChoice struct {
	Value, Label, Hint string
	Checked            bool
}
