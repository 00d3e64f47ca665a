package extract_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// pdfFile is just enough of a PDF reader to take back the text a PDF shows
// and the glyphs it shows it with: objects found through the
// cross-reference table, Flate streams inflated, text operators read from
// the page content with each font's ToUnicode map. It reads what gofpdf
// writes, not every PDF.
type pdfFile struct {
	t    *testing.T
	data []byte
	objs map[int]pdfObject
}

type pdfObject struct {
	dict   string // the object up to its stream
	stream []byte // inflated; nil if the object has none
}

func readPDF(t *testing.T, data []byte) *pdfFile {
	t.Helper()
	p := &pdfFile{t: t, data: data, objs: map[int]pdfObject{}}
	m := regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`).FindSubmatch(data)
	if m == nil {
		t.Fatal("pdf: no startxref")
	}
	at, _ := strconv.Atoi(string(m[1]))
	x := regexp.MustCompile(`^xref\s+(\d+) (\d+)\s+`).FindSubmatch(data[at:])
	if x == nil {
		t.Fatalf("pdf: no xref table at %d", at)
	}
	first, _ := strconv.Atoi(string(x[1]))
	count, _ := strconv.Atoi(string(x[2]))
	entries := data[at+len(x[0]):]
	for i := range count {
		e := entries[20*i : 20*i+20] // "oooooooooo ggggg n \n"
		if e[17] != 'n' {
			continue
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil {
			t.Fatalf("pdf: xref entry %q: %v", e, err)
		}
		p.objs[first+i] = p.object(first+i, off)
	}
	return p
}

func (p *pdfFile) object(n, off int) pdfObject {
	p.t.Helper()
	head := fmt.Sprintf("%d 0 obj", n)
	if !bytes.HasPrefix(p.data[off:], []byte(head)) {
		p.t.Fatalf("pdf: object %d is not at %d", n, off)
	}
	rest := p.data[off+len(head):]
	end := bytes.Index(rest, []byte("endobj"))
	s := bytes.Index(rest, []byte("stream"))
	if s < 0 || s > end {
		return pdfObject{dict: string(rest[:end])}
	}
	o := pdfObject{dict: string(rest[:s])}
	body := bytes.TrimLeft(rest[s+len("stream"):], "\r\n")
	length, ok := p.intKey(o.dict, "/Length")
	if !ok {
		p.t.Fatalf("pdf: object %d: stream without a direct /Length", n)
	}
	o.stream = body[:length]
	if strings.Contains(o.dict, "/FlateDecode") {
		r, err := zlib.NewReader(bytes.NewReader(o.stream))
		if err != nil {
			p.t.Fatalf("pdf: object %d: %v", n, err)
		}
		if o.stream, err = io.ReadAll(r); err != nil {
			p.t.Fatalf("pdf: object %d: %v", n, err)
		}
	}
	return o
}

func (p *pdfFile) intKey(dict, key string) (int, bool) {
	m := regexp.MustCompile(regexp.QuoteMeta(key) + `\s+(\d+)(\s+0\s+R)?`).FindStringSubmatch(dict)
	if m == nil || m[2] != "" {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	return n, true
}

// ref returns the object that key in dict refers to.
func (p *pdfFile) ref(dict, key string) pdfObject {
	p.t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(key) + `\s*\[?\s*(\d+) 0 R`).FindStringSubmatch(dict)
	if m == nil {
		p.t.Fatalf("pdf: no %s in %q", key, dict)
	}
	n, _ := strconv.Atoi(m[1])
	o, ok := p.objs[n]
	if !ok {
		p.t.Fatalf("pdf: %s refers to missing object %d", key, n)
	}
	return o
}

// pdfFont is a font as the page content uses it.
type pdfFont struct {
	dict      string
	composite bool         // Type0: two-byte codes
	toUnicode map[int]rune // code -> character
	cidToGID  []byte       // two bytes a CID, from CIDToGIDMap
	program   []byte       // the embedded TrueType font
}

// fonts returns the fonts of the page resources by their resource names.
func (p *pdfFile) fonts() map[string]*pdfFont {
	p.t.Helper()
	fonts := map[string]*pdfFont{}
	for _, o := range p.objs {
		i := strings.Index(o.dict, "/Font <<")
		if i < 0 {
			continue
		}
		res := o.dict[i:]
		res = res[:strings.Index(res, ">>")]
		for _, m := range regexp.MustCompile(`/(\S+) (\d+) 0 R`).FindAllStringSubmatch(res, -1) {
			n, _ := strconv.Atoi(m[2])
			fonts[m[1]] = p.font(p.objs[n])
		}
	}
	if len(fonts) == 0 {
		p.t.Fatal("pdf: no fonts in the page resources")
	}
	return fonts
}

func (p *pdfFile) font(o pdfObject) *pdfFont {
	p.t.Helper()
	f := &pdfFont{dict: o.dict, composite: strings.Contains(o.dict, "/Subtype /Type0")}
	if !f.composite {
		return f
	}
	f.toUnicode = parseCMap(p.t, p.ref(o.dict, "/ToUnicode").stream)
	cid := p.ref(o.dict, "/DescendantFonts")
	f.cidToGID = p.ref(cid.dict, "/CIDToGIDMap").stream
	f.program = p.ref(p.ref(cid.dict, "/FontDescriptor").dict, "/FontFile2").stream
	return f
}

// parseCMap reads the bfchar and bfrange sections of a ToUnicode CMap.
func parseCMap(t *testing.T, cmap []byte) map[int]rune {
	t.Helper()
	m := map[int]rune{}
	hexNum := func(s string) int {
		n, err := strconv.ParseUint(s, 16, 32)
		if err != nil {
			t.Fatalf("cmap: %q: %v", s, err)
		}
		return int(n)
	}
	for _, r := range regexp.MustCompile(`(?s)beginbfrange(.*?)endbfrange`).FindAllSubmatch(cmap, -1) {
		for _, e := range regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`).FindAllSubmatch(r[1], -1) {
			lo, hi, dst := hexNum(string(e[1])), hexNum(string(e[2])), hexNum(string(e[3]))
			for c := lo; c <= hi; c++ {
				m[c] = rune(dst + c - lo)
			}
		}
	}
	for _, r := range regexp.MustCompile(`(?s)beginbfchar(.*?)endbfchar`).FindAllSubmatch(cmap, -1) {
		for _, e := range regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`).FindAllSubmatch(r[1], -1) {
			u, _ := hex.DecodeString(string(e[2]))
			m[hexNum(string(e[1]))] = []rune(string(utf16.Decode(u16(u))))[0]
		}
	}
	if len(m) == 0 {
		t.Fatal("cmap: no mappings")
	}
	return m
}

func u16(b []byte) []uint16 {
	out := make([]uint16, len(b)/2)
	for i := range out {
		out[i] = binary.BigEndian.Uint16(b[2*i:])
	}
	return out
}

// shown is a string a page shows and the font it shows it in.
type shown struct {
	font  *pdfFont
	codes []int
	text  string
	x, y  float64 // where it starts, in points from the page's lower left
	page  int
}

// text returns the strings the pages show, in order.
func (p *pdfFile) text() []shown {
	p.t.Helper()
	fonts := p.fonts()
	var out []shown
	pages := 0
	last := 0
	for n := range p.objs {
		last = max(last, n)
	}
	for n := 1; n <= last; n++ { // in object order, which is page order
		o, ok := p.objs[n]
		if !ok || !regexp.MustCompile(`/Type /Page\b`).MatchString(o.dict) {
			continue
		}
		pages++
		for _, s := range p.content(p.ref(o.dict, "/Contents").stream, fonts) {
			s.page = pages
			out = append(out, s)
		}
	}
	if pages == 0 {
		p.t.Fatal("pdf: no pages")
	}
	return out
}

// content reads the text operators of a content stream.
func (p *pdfFile) content(c []byte, fonts map[string]*pdfFont) []shown {
	p.t.Helper()
	var (
		out      []shown
		font     *pdfFont
		operands []string
		x, y     float64
	)
	for i := 0; i < len(c); {
		switch ch := c[i]; {
		case ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t':
			i++
		case ch == '(':
			s, n := literal(c[i:])
			operands = append(operands, s)
			i += n
		case ch == '/':
			j := i + 1
			for j < len(c) && !strings.ContainsRune(" \n\r\t/[]()<>", rune(c[j])) {
				j++
			}
			operands = append(operands, string(c[i:j]))
			i = j
		default:
			j := i
			for j < len(c) && !strings.ContainsRune(" \n\r\t/[]()<>", rune(c[j])) {
				j++
			}
			if j == i {
				j++ // [ ] < > are not used by gofpdf's text; skip them
			}
			tok := string(c[i:j])
			i = j
			if _, err := strconv.ParseFloat(tok, 64); err == nil {
				operands = append(operands, tok)
				continue
			}
			switch tok {
			case "Tf":
				name := strings.TrimPrefix(operands[len(operands)-2], "/")
				if font = fonts[name]; font == nil {
					p.t.Fatalf("pdf: content uses unknown font %s", name)
				}
			case "Td":
				x, _ = strconv.ParseFloat(operands[len(operands)-2], 64)
				y, _ = strconv.ParseFloat(operands[len(operands)-1], 64)
			case "Tj":
				if font == nil {
					p.t.Fatal("pdf: text shown before a font is set")
				}
				s := decode(p.t, font, operands[len(operands)-1])
				s.x, s.y = x, y
				out = append(out, s)
			}
			operands = operands[:0]
		}
	}
	return out
}

// literal reads a PDF literal string at the start of b and returns its
// bytes and the length it took in b.
func literal(b []byte) (string, int) {
	var s []byte
	depth := 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '(':
			if depth > 0 {
				s = append(s, c)
			}
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(s), i + 1
			}
			s = append(s, c)
		case '\\':
			i++
			switch e := b[i]; e {
			case 'n':
				s = append(s, '\n')
			case 'r':
				s = append(s, '\r')
			case 't':
				s = append(s, '\t')
			case 'b':
				s = append(s, '\b')
			case 'f':
				s = append(s, '\f')
			case '\n':
			case '0', '1', '2', '3', '4', '5', '6', '7':
				j := i
				for j < len(b) && j < i+3 && b[j] >= '0' && b[j] <= '7' {
					j++
				}
				v, _ := strconv.ParseUint(string(b[i:j]), 8, 8)
				s = append(s, byte(v))
				i = j - 1
			default:
				s = append(s, e)
			}
		default:
			s = append(s, c)
		}
	}
	return string(s), len(b)
}

// decode turns the bytes of a shown string into text through the font.
func decode(t *testing.T, f *pdfFont, s string) shown {
	t.Helper()
	sh := shown{font: f}
	if !f.composite {
		// A simple font would be a core font in WinAnsiEncoding; gofpdf's
		// UTF-8 fonts are always composite.
		for _, c := range []byte(s) {
			sh.codes = append(sh.codes, int(c))
		}
		sh.text = s
		return sh
	}
	if len(s)%2 != 0 {
		t.Fatalf("pdf: odd length composite string %q", s)
	}
	var b strings.Builder
	for i := 0; i < len(s); i += 2 {
		code := int(s[i])<<8 | int(s[i+1])
		r, ok := f.toUnicode[code]
		if !ok {
			t.Fatalf("pdf: code %04X has no ToUnicode entry", code)
		}
		sh.codes = append(sh.codes, code)
		b.WriteRune(r)
	}
	sh.text = b.String()
	return sh
}

// gid returns the glyph the font draws for code.
func (f *pdfFont) gid(code int) int {
	if 2*code+1 >= len(f.cidToGID) {
		return 0
	}
	return int(binary.BigEndian.Uint16(f.cidToGID[2*code:]))
}
