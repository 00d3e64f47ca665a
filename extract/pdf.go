package extract

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"github.com/johnfercher/maroto/v2/pkg/repository"
	"github.com/phpdave11/gofpdf"

	"github.com/tillit-privacy/tillit"
)

// The PDF's font is DejaVu Sans Condensed (fonts/LICENSE), embedded as a
// TrueType subset. Maroto's default font is the PDF core font Helvetica,
// which has no embedded glyphs and reaches only the cp1252 code page: enough
// for å, ä, ö and é, but not for names such as Łukasz, Şükrü or Đorđe. A
// UTF-8 TrueType font shows them all and lets a reader copy the text back.
var (
	//go:embed fonts/DejaVuSansCondensed.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSansCondensed-Bold.ttf
	fontBold []byte
)

const family = "dejavu-sans-condensed"

// The page: A4 with its margins, in millimetres, and the number of columns
// a row is divided into.
const (
	pageWidth = 210
	side      = 20 // left and right margin
	topBottom = 15 // top and bottom margin
	textWidth = pageWidth - 2*side
	grid      = 24
)

// Sizes in points and millimetres.
const (
	sizeTitle   = 18
	sizeHeading = 12
	sizeBody    = 9.5
	sizeTable   = 8
	sizeFooter  = 7.5
	pad         = 1.2
)

var (
	grey      = &props.Color{Red: 86, Green: 97, Blue: 109}
	rule      = &props.Color{Red: 201, Green: 209, Blue: 217}
	headFill  = &props.Color{Red: 236, Green: 240, Blue: 243}
	noteColor = &props.Color{Red: 107, Green: 58, Blue: 0}
)

// sortCatalog makes gofpdf, which maroto draws with, write its fonts in the
// order they were added rather than in Go's random map order, so that the
// same extract gives the same bytes. Maroto does not reach the per-document
// setting, so this sets gofpdf's default for the process, once, before the
// first PDF; it only orders objects in the file and changes nothing a reader
// sees.
var sortCatalog = sync.OnceFunc(func() { gofpdf.SetDefaultCatalogSort(true) })

// WritePDF writes x as an A4 PDF in x.Lang, for delivery by post (GDPR
// art. 12(1) allows the information "in writing"). Every page carries the
// person's reference and its number. The document is the same, byte for
// byte, for the same extract: its dates are x.Generated. It fails with
// EINVALID when x.Lang is not a language of Tillit.
func WritePDF(w io.Writer, x tillit.Extract) error {
	v, err := newView("extract.WritePDF", x)
	if err != nil {
		return err
	}
	fonts, err := repository.New().
		AddUTF8FontFromBytes(family, fontstyle.Normal, fontRegular).
		AddUTF8FontFromBytes(family, fontstyle.Bold, fontBold).
		Load()
	if err != nil {
		return fmt.Errorf("extract: pdf: fonts: %w", err)
	}
	sortCatalog()
	// gofpdf writes dates without a zone, which readers take for UTC.
	generated := x.Generated.UTC()
	cfg := config.NewBuilder().
		WithPageSize(pagesize.A4).
		WithLeftMargin(side).
		WithRightMargin(side).
		WithTopMargin(topBottom).
		WithBottomMargin(topBottom).
		WithMaxGridSize(grid).
		WithCustomFonts(fonts).
		WithDefaultFont(&props.Font{Family: family, Size: sizeBody, Color: &props.BlackColor}).
		WithPageNumber(props.PageNumber{Pattern: v.W.Page, Place: props.RightBottom, Size: sizeFooter, Color: grey}).
		WithTitle(v.W.Title, true).
		WithCreator("Tillit", false).
		WithCreationDate(generated).
		WithCompression(true).
		Build()

	m := maroto.New(cfg)
	footer := v.W.Reference + ": " + v.Subject
	if v.Request != "" {
		footer += " · " + v.W.Request + ": " + v.Request
	}
	if err := m.RegisterFooter(row.New(5).Add(
		text.NewCol(grid*3/4, footer, props.Text{Size: sizeFooter, Color: grey, Top: 2}),
	)); err != nil {
		return fmt.Errorf("extract: pdf: %w", err)
	}
	m.AddRows(layout{fit: newFitter()}.rows(v)...)

	doc, err := m.Generate()
	if err != nil {
		return fmt.Errorf("extract: pdf: %w", err)
	}
	out := doc.GetBytes()
	if !x.Generated.IsZero() {
		out = pinModDate(out, generated)
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("extract: pdf: %w", err)
	}
	return nil
}

// pinModDate sets the PDF's modification date, which maroto does not
// expose and gofpdf otherwise takes from the clock, to t. The date has a
// fixed width, so no offset in the cross-reference table moves.
func pinModDate(pdf []byte, t time.Time) []byte {
	const key = "/ModDate (D:"
	i := bytes.Index(pdf, []byte(key))
	stamp := t.Format("20060102150405")
	if i < 0 || len(pdf) < i+len(key)+len(stamp)+1 || pdf[i+len(key)+len(stamp)] != ')' {
		return pdf
	}
	if strings.Trim(string(pdf[i+len(key):i+len(key)+len(stamp)]), "0123456789") != "" {
		return pdf
	}
	copy(pdf[i+len(key):], stamp)
	return pdf
}
