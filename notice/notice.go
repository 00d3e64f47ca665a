// Package notice renders the public privacy notice (GDPR art. 13 and 14) and
// the record of processing activities (art. 30(1)) from a compiled register,
// in Swedish and English.
package notice

import (
	"embed"
	htmltemplate "html/template"
	"io"
	texttemplate "text/template"

	"github.com/tillit-privacy/tillit"
)

//go:embed templates
var templates embed.FS

var (
	htmlTmpl = htmltemplate.Must(htmltemplate.ParseFS(templates, "templates/notice.html.tmpl"))
	mdTmpl   = texttemplate.Must(texttemplate.ParseFS(templates, "templates/notice.md.tmpl"))
)

// Formats of the notice.
const (
	HTML     = "html"
	Markdown = "md"
)

// Render writes the privacy notice of p in lang as format (HTML or Markdown).
// The HTML is one self-contained page that also prints well.
func Render(w io.Writer, p *tillit.Policy, lang tillit.Lang, format string) error {
	v := build(p, lang)
	switch format {
	case HTML:
		return htmlTmpl.Execute(w, v)
	case Markdown:
		return mdTmpl.Execute(w, v)
	}
	return tillit.Errorf(tillit.EINVALID, "notice.Render", "unknown format %q; use html or md", format)
}

// Fragment writes the privacy notice of p in lang as the HTML of its
// content only, from its heading to its footer, for a page of the
// privacy centre to put in its own frame. It is the same HTML as the
// content of Render's page.
func Fragment(w io.Writer, p *tillit.Policy, lang tillit.Lang) error {
	return htmlTmpl.ExecuteTemplate(w, "body", build(p, lang))
}
