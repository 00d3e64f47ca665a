package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"github.com/phpdave11/gofpdf"
)

// fitter prepares text for maroto, which breaks lines only at spaces: a
// word wider than its column (an e-mail address, a long compound such as
// "Kundtjänstanteckning") would run on into the next column. The fitter
// measures with gofpdf, the library maroto draws with, and breaks such a
// word where it reaches the edge. It does not hyphenate: a value must read
// as the person gave it. A fitter is not safe for concurrent use.
type fitter struct {
	pdf *gofpdf.Fpdf
}

func newFitter() *fitter {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(family, string(fontstyle.Normal), fontRegular)
	pdf.AddUTF8FontFromBytes(family, string(fontstyle.Bold), fontBold)
	return &fitter{pdf: pdf}
}

// fit returns s ready for a column span grid units wide with text props p
// (Size 0 means the body size). Line breaks and tabs become spaces, since a
// PDF text line cannot hold them.
func (f *fitter) fit(s string, p props.Text, span int) string {
	s = strings.Join(strings.FieldsFunc(s, isBreak), " ")
	size := p.Size
	if size == 0 {
		size = sizeBody
	}
	f.pdf.SetFont(family, string(p.Style), size)
	// A little slack for rounding in maroto's own measure.
	width := float64(span)*textWidth/grid - p.Left - p.Right - 0.5
	words := strings.Split(s, " ")
	for i, w := range words {
		if f.pdf.GetStringWidth(w) > width {
			words[i] = f.split(w, width)
		}
	}
	return strings.Join(words, " ")
}

// split breaks w into pieces no wider than width, joined by spaces.
func (f *fitter) split(w string, width float64) string {
	var b strings.Builder
	start := 0
	for i := 0; i < len(w); {
		_, n := utf8.DecodeRuneInString(w[i:])
		if i > start && f.pdf.GetStringWidth(w[start:i+n]) > width {
			b.WriteString(w[start:i])
			b.WriteByte(' ')
			start = i
		}
		i += n
	}
	b.WriteString(w[start:])
	return b.String()
}

// isBreak reports whether r separates lines or words in a way a PDF text
// line cannot show.
func isBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\t', '\v', '\f', '\u2028', '\u2029', '\u0085':
		return true
	}
	return false
}

// lines returns s fitted to a column span grid units wide and broken into
// the lines maroto will draw: it fills each line with as many words as fit,
// as maroto does.
func (f *fitter) lines(s string, p props.Text, span int) []string {
	s = f.fit(s, p, span)
	width := float64(span)*textWidth/grid - p.Left - p.Right
	var lines []string
	used := 0.0
	for _, w := range strings.Split(s, " ") {
		if w == "" {
			continue
		}
		if len(lines) > 0 {
			if ww := f.pdf.GetStringWidth(" " + w); used+ww <= width {
				lines[len(lines)-1] += " " + w
				used += ww
				continue
			}
		}
		lines = append(lines, w)
		used = f.pdf.GetStringWidth(w)
	}
	return lines
}
