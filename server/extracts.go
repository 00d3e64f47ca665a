package server

import (
	"bytes"
	"io"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/extract"
)

// extractFormats are the formats an access extract is written in, for the
// API, the admin and the privacy centre alike.
var extractFormats = map[string]struct {
	write       func(io.Writer, tillit.Extract) error
	contentType string
}{
	"pdf":  {extract.WritePDF, "application/pdf"},
	"html": {extract.WriteHTML, "text/html; charset=utf-8"},
	"json": {extract.WriteJSON, "application/json"},
}

// writeExtract renders x in format, a key of extractFormats, returning
// the bytes and their content type.
func writeExtract(x tillit.Extract, format string) ([]byte, string, error) {
	f := extractFormats[format]
	var b bytes.Buffer
	if err := f.write(&b, x); err != nil {
		return nil, "", err
	}
	return b.Bytes(), f.contentType, nil
}
