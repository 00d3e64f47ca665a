package extract

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit"
)

// TestVocabulary: every fixed text exists in every language of Tillit.
func TestVocabulary(t *testing.T) {
	if len(vocabulary) != len(tillit.Langs) {
		t.Errorf("vocabulary has %d languages, Tillit %d", len(vocabulary), len(tillit.Langs))
	}
	for _, lang := range tillit.Langs {
		w, ok := vocabulary[lang]
		if !ok {
			t.Errorf("no words in %s", lang)
			continue
		}
		v := reflect.ValueOf(w)
		for i := range v.NumField() {
			if strings.TrimSpace(v.Field(i).String()) == "" {
				t.Errorf("%s: %s is empty", lang, v.Type().Field(i).Name)
			}
		}
		if !strings.Contains(w.Page, "{current}") || !strings.Contains(w.Page, "{total}") {
			t.Errorf("%s: page pattern %q lacks {current} or {total}", lang, w.Page)
		}
	}
}
