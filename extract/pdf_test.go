package extract_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/extract"
)

func writePDF(t *testing.T, x tillit.Extract) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := extract.WritePDF(&b, x); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("output starts %q, not %%PDF-", b.Bytes()[:min(8, b.Len())])
	}
	return b.Bytes()
}

// pieces returns the strings a PDF shows, and all of them joined by spaces
// as a reader would see the text flow.
func pieces(t *testing.T, pdf []byte) ([]shown, map[string]bool, string) {
	t.Helper()
	sh := readPDF(t, pdf).text()
	set := map[string]bool{}
	var all []string
	for _, s := range sh {
		set[s.text] = true
		all = append(all, s.text)
	}
	return sh, set, strings.Join(strings.Fields(strings.Join(all, " ")), " ")
}

func TestWritePDF(t *testing.T) {
	tests := []struct {
		name  string
		x     tillit.Extract
		lines []string // each shown whole on one line
		text  []string // in the flow of the text, perhaps over lines
	}{
		{"sv", swedish(),
			[]string{"Registerutdrag", "Personuppgiftsansvarig", "Uppgifter om dig", "Mottagare som har fått dina uppgifter",
				"Samtycken", "Dina rättigheter", "Klagomål", "Åsa Öberg", "Inkasso Öst AB", "Kategori", "Ändamål", "Källa",
				"Lämnad till", "Upprättat", "2025-03-15", "Din referens", "sub_7f3a9c2e", "Ärendenummer", "req_01JPB4Y7ZK",
				"Din referens: sub_7f3a9c2e · Ärendenummer: req_01JPB4Y7ZK", "Sida 1 av 1", "Lämnat", "2023-05-03 – 2025-02-01"},
			[]string{"Arkiverad: sparas endast för rättsliga förpliktelser", "(till 2030-12-31)",
				"Faktura 2023-0456, Elavtal Idé, 1 234,50 kr", "Västra Ågatan 12, 753 09 Uppsala",
				"Du har rätt att invända mot behandling som grundar sig på berättigat intresse (artikel 21).",
				"Du har rätt att lämna klagomål till Integritetsskyddsmyndigheten (IMY), Box 8114, 104 20 Stockholm."}},
		{"en", english(),
			[]string{"Copy of your personal data", "Controller", "Data about you", "Recipients your data was disclosed to",
				"Consents", "Your rights", "Complaint", "Åsa Öberg", "Category", "Value", "Purposes", "Source", "Collected",
				"Kept", "Disclosed to", "Generated", "2025-03-15", "Your reference", "Page 1 of 1", "Given"},
			[]string{"Archived: kept only for a legal obligation", "(until 2030-12-31)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf := writePDF(t, tt.x)
			_, lines, flow := pieces(t, pdf)
			for _, s := range tt.lines {
				if !lines[s] {
					t.Errorf("no line %q", s)
				}
			}
			for _, s := range tt.text {
				if !strings.Contains(flow, s) {
					t.Errorf("text lacks %q", s)
				}
			}
			// The hostile value is there as text; too wide for its
			// column, it is broken over lines.
			if !strings.Contains(strings.ReplaceAll(flow, " ", ""), "<script>alert(1)</script>") {
				t.Error("text lacks the note <script>alert(1)</script>")
			}
			if !bytes.Contains(pdf, []byte("/MediaBox [0 0 595.28 841.89]")) {
				t.Error("page is not A4")
			}
		})
	}
}

// TestWritePDFGlyphs proves that å ä ö Å Ä Ö é are drawn, not only
// encoded: the font is embedded, the character maps to a real glyph (not
// glyph 0, the empty box), and that glyph has an outline in the embedded
// font program.
func TestWritePDFGlyphs(t *testing.T) {
	shownText, _, _ := pieces(t, writePDF(t, swedish()))
	for _, r := range "åäöÅÄÖé" {
		t.Run(string(r), func(t *testing.T) {
			for _, s := range shownText {
				for i, c := range []rune(s.text) {
					if c != r {
						continue
					}
					f := s.font
					if !f.composite || len(f.program) == 0 {
						t.Fatalf("%q is shown in a font without an embedded TrueType program: %.120s", r, f.dict)
					}
					gid := f.gid(s.codes[i])
					if gid == 0 {
						t.Fatalf("%q (code %04X) maps to glyph 0, the missing-glyph box", r, s.codes[i])
					}
					font, err := sfnt.Parse(f.program)
					if err != nil {
						t.Fatalf("embedded font: %v", err)
					}
					segs, err := font.LoadGlyph(&sfnt.Buffer{}, sfnt.GlyphIndex(gid), fixed.I(12), nil)
					if err != nil {
						t.Fatalf("glyph %d for %q: %v", gid, r, err)
					}
					if len(segs) == 0 {
						t.Fatalf("glyph %d for %q has no outline", gid, r)
					}
					return
				}
			}
			t.Fatalf("%q is not shown anywhere in the PDF", r)
		})
	}
}

// TestWritePDFDeterministic: the same extract gives the same bytes, dated
// (in UTC) when the extract was generated.
func TestWritePDFDeterministic(t *testing.T) {
	a := writePDF(t, swedish())
	for range 5 {
		if b := writePDF(t, swedish()); !bytes.Equal(a, b) {
			t.Fatal("two PDFs of one extract differ")
		}
	}
	for _, s := range []string{"/CreationDate (D:20250314233000)", "/ModDate (D:20250314233000)"} {
		if !bytes.Contains(a, []byte(s)) {
			t.Errorf("PDF lacks %s", s)
		}
	}
}

// TestWritePDFPages: a long extract runs over pages, each with the
// person's reference and its number, and keeps every value.
func TestWritePDFPages(t *testing.T) {
	x := swedish()
	base := x.Items[1]
	for i := range 60 {
		it := base
		it.Value = fmt.Sprintf("Gamla adressen nr %d, 903 %02d Umeå", i, i)
		x.Items = append(x.Items, it)
	}
	sh, lines, flow := pieces(t, writePDF(t, x))
	pages := 0
	for _, s := range sh {
		if strings.HasPrefix(s.text, "Din referens: sub_7f3a9c2e") {
			pages++
		}
	}
	if pages < 2 {
		t.Fatalf("%d pages with a reference, want several", pages)
	}
	for p := 1; p <= pages; p++ {
		if s := fmt.Sprintf("Sida %d av %d", p, pages); !lines[s] {
			t.Errorf("no %q", s)
		}
	}
	for i := range 60 {
		if s := fmt.Sprintf("Gamla adressen nr %d, 903 %02d Umeå", i, i); !strings.Contains(flow, s) {
			t.Errorf("text lacks %q", s)
		}
	}
	if !lines["Klagomål"] {
		t.Error("the last section is missing")
	}
}

// TestWritePDFLongValue: a value longer than a page goes on over pages
// rather than off the foot of one.
func TestWritePDFLongValue(t *testing.T) {
	x := swedish()
	var b strings.Builder
	for i := range 150 {
		fmt.Fprintf(&b, "Samtal %d: kunden ringde om fakturan och var missnöjd. ", i)
	}
	x.Items[4].Value = b.String()
	sh, _, _ := pieces(t, writePDF(t, x))
	const foot, top = 15 * 72 / 25.4, 841.89 - 15*72/25.4 // the margins, in points
	pages := 0
	column := -1.0 // where the value's column starts
	var value []string
	for _, s := range sh {
		pages = max(pages, s.page)
		if strings.HasPrefix(s.text, "Samtal 0:") {
			column = s.x
		}
		if s.x == column {
			value = append(value, s.text)
		}
		if strings.HasPrefix(s.text, "Sida ") {
			continue // the page number stands on the bottom margin
		}
		if s.y < foot || s.y > top {
			t.Errorf("page %d: %q at y=%.1f, outside the margins %.1f–%.1f", s.page, s.text, s.y, foot, top)
		}
	}
	if pages < 2 {
		t.Errorf("%d pages, want the value to go on over pages", pages)
	}
	if got, want := strings.Join(value, " "), strings.TrimSpace(b.String()); got != want {
		t.Errorf("the value's column reads\n%s\nwant\n%s", got, want)
	}
}

// TestWritePDFLineBreaks: a value with line breaks and tabs is shown on
// lines of its own rather than with control characters.
func TestWritePDFLineBreaks(t *testing.T) {
	x := swedish()
	x.Items[1].Value = "Västra Ågatan 12\r\n753 09\tUppsala"
	sh, _, flow := pieces(t, writePDF(t, x))
	for _, s := range sh {
		if strings.ContainsAny(s.text, "\r\n\t") {
			t.Errorf("shown text %q has a control character", s.text)
		}
	}
	if !strings.Contains(flow, "Västra Ågatan 12 753 09 Uppsala") {
		t.Error("the address is missing")
	}
}

// TestWritePDFConcurrent: PDFs may be written at the same time.
func TestWritePDFConcurrent(t *testing.T) {
	want := writePDF(t, swedish())
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			var b bytes.Buffer
			err := extract.WritePDF(&b, swedish())
			if err == nil && !bytes.Equal(b.Bytes(), want) {
				err = fmt.Errorf("a PDF written concurrently differs")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
