package extract

import (
	"embed"
	"fmt"
	"html/template"
	"io"

	"github.com/tillit-privacy/tillit"
)

//go:embed templates/extract.html.tmpl
var templates embed.FS

var htmlTmpl = template.Must(template.ParseFS(templates, "templates/extract.html.tmpl"))

// WriteHTML writes x as one standalone HTML page in x.Lang that reads on a
// screen and prints on A4: no script, no external resource, every value
// escaped by html/template. It fails with EINVALID when x.Lang is not a
// language of Tillit.
func WriteHTML(w io.Writer, x tillit.Extract) error {
	v, err := newView("extract.WriteHTML", x)
	if err != nil {
		return err
	}
	if err := htmlTmpl.Execute(w, v); err != nil {
		return fmt.Errorf("extract: html: %w", err)
	}
	return nil
}
