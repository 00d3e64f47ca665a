package server

import (
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
)

// period says a register's duration in words, e.g. "en månad", in the
// notice's words (the catalogue's "period." texts).
func period(d tillit.Duration, lang tillit.Lang) string {
	key := "period." + string(d.Unit)
	if !catalog.Has(key) {
		return d.String()
	}
	return catalog.T(lang, key, map[string]any{"Count": d.N})
}
