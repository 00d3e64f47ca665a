package letters

import (
	"io/fs"
	"path"
	"slices"
	"testing"
	"text/template"

	"github.com/tillit-privacy/tillit"
)

// TestPairs checks that every template file exists in every language and
// that each pair defines the same templates, so no letter or part of one
// (a subject, an attachment's name) exists in one language only.
func TestPairs(t *testing.T) {
	byLang := map[tillit.Lang][]string{}
	for _, lang := range tillit.Langs {
		paths, err := fs.Glob(files, "templates/"+string(lang)+"/*")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			byLang[lang] = append(byLang[lang], path.Base(p))
		}
		if len(byLang[lang]) == 0 {
			t.Fatalf("no templates in %s", lang)
		}
	}
	sv := byLang[tillit.Swedish]
	for _, lang := range tillit.Langs[1:] {
		for _, f := range sv {
			if !slices.Contains(byLang[lang], f) {
				t.Errorf("templates/%s/%s has no pair in %s", tillit.Swedish, f, lang)
			}
		}
		for _, f := range byLang[lang] {
			if !slices.Contains(sv, f) {
				t.Errorf("templates/%s/%s has no pair in %s", lang, f, tillit.Swedish)
			}
		}
	}
	for letter, t0 := range sets[tillit.Swedish] {
		want := defined(t0)
		for _, lang := range tillit.Langs[1:] {
			t1 := sets[lang][letter]
			if t1 == nil {
				continue // reported above
			}
			if got := defined(t1); !slices.Equal(got, want) {
				t.Errorf("%s defines %v in %s but %v in %s", letter, want, tillit.Swedish, got, lang)
			}
		}
	}
}

// defined lists the names of the templates of a letter, sorted.
func defined(t *template.Template) []string {
	var out []string
	for _, x := range t.Templates() {
		out = append(out, x.Name())
	}
	slices.Sort(out)
	return out
}
