package extract

import (
	"bytes"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/tillit-privacy/tillit"
)

// A Format is a way an access extract is written.
type Format struct {
	Name        string // pdf, html, json
	ContentType string
	write       func(io.Writer, tillit.Extract) error
}

// Formats are the ways an extract is written, for the e-mailed answer,
// the API, the admin and the privacy centre alike.
var Formats = []Format{
	{"pdf", "application/pdf", WritePDF},
	{"html", "text/html; charset=utf-8", WriteHTML},
	{"json", "application/json", WriteJSON},
}

// FormatOf returns the format named name.
func FormatOf(name string) (Format, bool) {
	for _, f := range Formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// A File is an extract written out, to attach to an e-mail.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// Render writes x in the format named format and returns the bytes and
// their content type. Rendering, the PDF's layout above all, is slow: the
// services never call it inside a store transaction, only after commit
// (the outbox when it sends, the pages when they answer).
func Render(x tillit.Extract, format string) ([]byte, string, error) {
	f, ok := FormatOf(format)
	if !ok {
		return nil, "", fmt.Errorf("extract: no format %q", format)
	}
	if h := renderHook.Load(); h != nil {
		(*h)(format)
	}
	var b bytes.Buffer
	if err := f.write(&b, x); err != nil {
		return nil, "", err
	}
	return b.Bytes(), f.ContentType, nil
}

// Files writes x in every format, as files named base.pdf, base.html and
// base.json.
func Files(x tillit.Extract, base string) ([]File, error) {
	out := make([]File, 0, len(Formats))
	for _, f := range Formats {
		data, ct, err := Render(x, f.Name)
		if err != nil {
			return nil, err
		}
		out = append(out, File{Name: base + "." + f.Name, ContentType: ct, Data: data})
	}
	return out, nil
}

// PortableFiles writes the data a person provided (GDPR art. 20) as
// data.json and data.csv.
func PortableFiles(items []tillit.PortableItem) ([]File, error) {
	if h := renderHook.Load(); h != nil {
		(*h)("portable")
	}
	var js, csv bytes.Buffer
	if err := WritePortableJSON(&js, items); err != nil {
		return nil, err
	}
	if err := WritePortableCSV(&csv, items); err != nil {
		return nil, err
	}
	return []File{
		{Name: "data.json", ContentType: "application/json", Data: js.Bytes()},
		{Name: "data.csv", ContentType: "text/csv; charset=utf-8", Data: csv.Bytes()},
	}, nil
}

var renderHook atomic.Pointer[func(format string)]

// OnRender makes fn run before every rendering, until the returned
// function is called. It is for tests that prove nothing is rendered
// while a store's writer is held.
func OnRender(fn func(format string)) (restore func()) {
	renderHook.Store(&fn)
	return func() { renderHook.Store(nil) }
}
