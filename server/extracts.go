package server

import (
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/extract"
)

// writeExtract renders x in format, the name of an extract.Format,
// returning the bytes and their content type.
func writeExtract(x tillit.Extract, format string) ([]byte, string, error) {
	return extract.Render(x, format)
}
