package server

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
)

// The admin and the privacy centre share one frame: templates/web/layout.html
// around each page's "content", the stylesheet in static/, and the texts
// of the catalogue (package catalog, keys under "admin.", "centre.",
// "consent.", "web."). A page template lives in templates/web/<area>/
// and is rendered with s.render.

//go:embed static
var staticFiles embed.FS

//go:embed templates/web
var webFiles embed.FS

// Page is what every page template is given. Data holds the page's own
// values; T, Date and the rest are the frame's.
type Page struct {
	Lang       tillit.Lang
	Title      string    // the page's own title, without the controller's name
	Controller string    // the controller's name, the brand of every page
	Area       string    // "centre" or "admin": which navigation to show
	Nav        []NavLink // the area's navigation
	User       string    // the signed-in officer's name, admin pages only
	Flash      string    // a one-line confirmation of what was just done
	Error      string    // a one-line error shown above the content
	Other      string    // the same page in the other language
	CSRF       string    // hidden form field value, where a page needs one
	Data       any

	path string
}

// NavLink is one entry of an area's navigation.
type NavLink struct {
	Href, Label string
	Current     bool
}

// text returns the catalogue's text key in lang; an unknown key comes
// back bracketed, which the page tests look for.
func text(key string, lang tillit.Lang) string {
	return catalog.Text(key).In(lang)
}

// T returns the catalogue's text key in the page's language, with args
// put in as by fmt.Sprintf when given.
func (p *Page) T(key string, args ...any) string {
	s := text(key, p.Lang)
	if len(args) > 0 {
		s = fmt.Sprintf(s, args...)
	}
	return s
}

// Date formats a time as a date in Stockholm; the zero time is "–".
func (p *Page) Date(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.In(tillit.Stockholm).Format("2006-01-02")
}

// Time formats a time to the minute in Stockholm; the zero time is "–".
func (p *Page) Time(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.In(tillit.Stockholm).Format("2006-01-02 15:04")
}

// In returns a two-language text in the page's language.
func (p *Page) In(t tillit.Text) string { return t.In(p.Lang) }

// funcs are the functions every page template may call besides the
// Page's methods.
var funcs = template.FuncMap{
	// pair passes the page and a value to a sub-template as .P and .V.
	"pair": func(p *Page, v any) map[string]any { return map[string]any{"P": p, "V": v} },
}

// pages holds every page template, each parsed with the layout.
var pages = sync.OnceValue(func() map[string]*template.Template {
	layout := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(webFiles, "templates/web/layout.html"))
	m := map[string]*template.Template{}
	err := fs.WalkDir(webFiles, "templates/web", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "templates/web/layout.html" || !strings.HasSuffix(p, ".html") {
			return err
		}
		t := template.Must(template.Must(layout.Clone()).ParseFS(webFiles, p))
		m[strings.TrimPrefix(p, "templates/web/")] = t
		return nil
	})
	if err != nil {
		panic(err)
	}
	return m
})

// page returns a page in the request's language with the frame filled in.
func (s *Server) page(r *http.Request, area, title string) *Page {
	lang := Lang(r)
	p := &Page{Lang: lang, Area: area, Controller: s.Vault.Policy().Controller().Name, path: r.URL.Path}
	p.Title = text(title, lang)
	q := r.URL.Query()
	q.Set("lang", string(otherLang(lang)))
	p.Other = (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
	return p
}

func otherLang(l tillit.Lang) tillit.Lang {
	if l == tillit.English {
		return tillit.Swedish
	}
	return tillit.English
}

// render writes page name (a path under templates/web) with status. A
// template error is the server's bug: it is logged and answered 500
// without the half-written page.
func (s *Server) render(w http.ResponseWriter, status int, name string, p *Page) {
	t, ok := pages()[name]
	if !ok {
		panic("server: no page " + name)
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout.html", p); err != nil {
		s.log().Error("page could not be rendered", "page", name, "error", err.Error())
		http.Error(w, text("web.internal", p.Lang), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", string(p.Lang))
	h.Set("Cache-Control", "no-store")
	h.Add("Vary", "Accept-Language")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// staticHandler serves the stylesheet and scripts under /static/.
func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err)
	}
	files := http.FileServerFS(sub)
	return http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if path.Ext(r.URL.Path) == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	}))
}
