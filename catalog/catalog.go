// Package catalog is the catalogue of every text a person reads from
// Tillit, in Swedish and English: pages, forms, errors, the privacy
// notice. Code names a text by its key and asks for it in a language.
//
// The texts are go-i18n message files embedded from messages/, one file
// per area and language: admin.sv.yaml and admin.en.yaml hold the keys
// under "admin.". A key is the area, then dot-separated lower_snake
// names: "centre.code_missing", "notice.basis.consent". A file holds a
// flat mapping of key to text; a text whose wording depends on a number
// gives its plural forms instead (one, other), chosen by the language's
// plural rules when the data has a Count:
//
//	"notice.day":
//	  one: "en dag"
//	  other: "{{.Count}} dagar"
//
// A text takes its values in one of two ways, never both: by position as
// fmt verbs ("GDPR, artikel %s"), filled in by the caller or by Textf, or
// by name as a template ("Version {{.Version}}"), filled in by T. Every
// key exists in both languages with the same verbs or the same names;
// catalog_test.go checks that and that every key code names is here.
//
// Texts are written, not translated: each language reads as its own.
package catalog

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/tillit-privacy/tillit"
	"golang.org/x/text/language"
)

//go:embed messages/*.yaml
var files embed.FS

// catalogue is the parsed message files: the go-i18n bundle for T, and
// each key's text in both languages for Text.
type catalogue struct {
	bundle *i18n.Bundle
	locs   map[tillit.Lang]*i18n.Localizer
	texts  map[string]tillit.Text
	plural map[string]bool // keys with plural forms
}

// tags are the languages' tags; Swedish is the bundle's default.
var tags = map[tillit.Lang]language.Tag{tillit.Swedish: language.Swedish, tillit.English: language.English}

// load reads the message files once. They are part of the program, so a
// file that does not parse is the program's bug: load panics, and every
// test of a package that reads a text finds it.
var load = sync.OnceValue(func() *catalogue {
	c, err := parse(files)
	if err != nil {
		panic("catalog: " + err.Error())
	}
	return c
})

// parse reads every messages/*.yaml of fsys.
func parse(fsys fs.FS) (*catalogue, error) {
	c := &catalogue{
		bundle: i18n.NewBundle(language.Swedish),
		locs:   map[tillit.Lang]*i18n.Localizer{},
		texts:  map[string]tillit.Text{},
		plural: map[string]bool{},
	}
	c.bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	names, err := fs.Glob(fsys, "messages/*.yaml")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		buf, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		mf, err := c.bundle.ParseMessageFileBytes(buf, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		lang, ok := tillit.ParseLang(mf.Tag.String())
		if !ok {
			return nil, fmt.Errorf("%s: the language %s is not Swedish or English", name, mf.Tag)
		}
		area, _, _ := strings.Cut(path.Base(name), ".")
		for _, m := range mf.Messages {
			if !strings.HasPrefix(m.ID, area+".") {
				return nil, fmt.Errorf("%s: the key %q is not under %q", name, m.ID, area+".")
			}
			t := c.texts[m.ID]
			if t.In(lang) != "" {
				return nil, fmt.Errorf("%s: the key %q is given twice", name, m.ID)
			}
			if lang == tillit.English {
				t.EN = m.Other
			} else {
				t.SV = m.Other
			}
			c.texts[m.ID] = t
			if m.One != "" {
				c.plural[m.ID] = true
			}
		}
	}
	for lang, tag := range tags {
		c.locs[lang] = i18n.NewLocalizer(c.bundle, tag.String())
	}
	return c, nil
}

// Text returns the text of key in Swedish and English as written, its
// fmt verbs or template actions left in (the "other" form of a plural
// text). An unknown key comes back as "[key]" in both languages, which
// the page tests look for.
func Text(key string) tillit.Text {
	if t, ok := load().texts[key]; ok {
		return t
	}
	return tillit.Text{SV: "[" + key + "]", EN: "[" + key + "]"}
}

// Textf returns the text of key in both languages with args put in by
// position, as by fmt.Sprintf: for an error a person may read,
// tillit.Errorl(tillit.EINVALID, op, catalog.Textf("collect.undeclared_field", name)).
func Textf(key string, args ...any) tillit.Text {
	t := Text(key)
	return tillit.Text{SV: fmt.Sprintf(t.SV, args...), EN: fmt.Sprintf(t.EN, args...)}
}

// T returns the text of key in lang with data put into its template by
// name. When the text has plural forms and data has a Count, the form of
// lang for that number is chosen. An unknown key comes back as "[key]".
func T(lang tillit.Lang, key string, data map[string]any) string {
	c := load()
	if _, ok := c.texts[key]; !ok {
		return "[" + key + "]"
	}
	loc, ok := c.locs[lang]
	if !ok {
		loc = c.locs[tillit.Swedish]
	}
	cfg := &i18n.LocalizeConfig{MessageID: key, TemplateData: data}
	if n, ok := data["Count"]; ok && c.plural[key] {
		cfg.PluralCount = n
	}
	s, err := loc.Localize(cfg)
	if err != nil {
		// Only a template that does not execute gets here; the test of
		// the catalogue executes every one.
		return "[" + key + "]"
	}
	return s
}

// Has reports whether the catalogue holds key.
func Has(key string) bool {
	_, ok := load().texts[key]
	return ok
}

// Keys returns every key of the catalogue, sorted.
func Keys() []string {
	c := load()
	keys := make([]string, 0, len(c.texts))
	for k := range c.texts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
