package server

import (
	"net/http"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/extract"
)

// The one-time download of an extract. The e-mailed link opens a page
// that only looks the link up: mail filters open links to scan them, and
// must not spend it. The person spends it with one button (a POST); that
// visit gets a pass, kept in a cookie scoped to the link's path, to fetch
// the extract as a web page, PDF and JSON for tillit.VisitTTL. Any other
// visit, and this one after that time, finds the link used.

// visitCookie holds a visit's pass.
const visitCookie = "tillit_visit"

// downloadPage is what the download pages show.
type downloadPage struct {
	Token   string
	State   string // ready, open (this visit holds a pass), used, expired or unknown
	Expires time.Time
	Until   time.Time // the end of this visit's window
	Minutes int
}

func (c *centre) visitPass(r *http.Request) string {
	if ck, err := r.Cookie(visitCookie); err == nil {
		return ck.Value
	}
	return ""
}

func (c *centre) download(w http.ResponseWriter, r *http.Request) {
	p := c.page(r, "centre.download_title", "")
	token := r.PathValue("token")
	dp := &downloadPage{Token: token, Minutes: int(tillit.VisitTTL.Minutes())}
	p.Data = dp
	d, err := c.Centre.Download(r.Context(), token)
	switch {
	case tillit.ErrorCode(err) == tillit.ENOTFOUND:
		dp.State = "unknown"
	case err != nil:
		c.failed(w, r, err)
		return
	default:
		dp.State, dp.Expires = d.State(c.Vault.Now()), d.Expires
		if dp.State == tillit.DownloadUsed && c.Centre.VisitOpen(r.Context(), token, c.visitPass(r)) {
			dp.State, dp.Until = "open", d.Used.Add(tillit.VisitTTL)
		}
	}
	c.renderDownload(w, p, dp)
}

func (c *centre) renderDownload(w http.ResponseWriter, p *Page, dp *downloadPage) {
	st := http.StatusOK
	switch dp.State {
	case "unknown":
		st = http.StatusNotFound
	case tillit.DownloadUsed, tillit.DownloadExpired:
		st = http.StatusGone
	}
	if st != http.StatusOK {
		p.Title = p.T("centre.gone_title")
	}
	c.render(w, st, "centre/download.html", p)
}

// spendDownload spends the link and lets this visit in.
func (c *centre) spendDownload(w http.ResponseWriter, r *http.Request) {
	p := c.page(r, "centre.download_title", "")
	token := r.PathValue("token")
	dp := &downloadPage{Token: token, Minutes: int(tillit.VisitTTL.Minutes())}
	p.Data = dp
	_, pass, err := c.Centre.SpendDownload(r.Context(), token)
	switch tillit.ErrorCode(err) {
	case "":
	case tillit.ENOTFOUND:
		dp.State = "unknown"
		c.renderDownload(w, p, dp)
		return
	case tillit.EFORBIDDEN:
		// This visit spent it a moment ago (a double click, a resubmit):
		// let it in again.
		if c.Centre.VisitOpen(r.Context(), token, c.visitPass(r)) {
			http.Redirect(w, r, p.CentreHref("/privacy/download/"+token), http.StatusSeeOther)
			return
		}
		// Used or out of date: the page says which.
		dp.State = tillit.DownloadUsed
		if d, err := c.Centre.Download(r.Context(), token); err == nil {
			dp.State = d.State(c.Vault.Now())
		}
		c.renderDownload(w, p, dp)
		return
	default:
		c.failed(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: visitCookie, Value: pass, Path: "/privacy/download/" + token, MaxAge: int(tillit.VisitTTL.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: c.isHTTPS(r),
	})
	http.Redirect(w, r, p.CentreHref("/privacy/download/"+token), http.StatusSeeOther)
}

// downloadFile serves the extract in a format to a visit holding a pass;
// each fetch is audited.
func (c *centre) downloadFile(w http.ResponseWriter, r *http.Request) {
	format := r.PathValue("format")
	if _, ok := extract.FormatOf(format); !ok {
		c.problem(w, r, http.StatusNotFound, "centre.not_found_title", "web.not_found")
		return
	}
	token := r.PathValue("token")
	x, err := c.Centre.DownloadExtract(tillit.WithActor(r.Context(), centreActor), token, c.visitPass(r), format)
	if err != nil {
		if code := tillit.ErrorCode(err); code == tillit.ENOTFOUND || code == tillit.EFORBIDDEN {
			c.download(w, r) // the page says the link is used, expired or unknown
			return
		}
		c.failed(w, r, err)
		return
	}
	body, contentType, err := extract.Render(x, format)
	if err != nil {
		c.failed(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", contentType)
	if format == "html" { // read and printed in the browser
		h.Set("Content-Language", string(x.Lang))
	} else {
		name := catalog.Text("centre.copy_your_data").In(x.Lang)
		h.Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	}
	w.Write(body)
}
