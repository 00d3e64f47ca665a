package letters

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"text/template"
	"time"
	"unicode"

	"github.com/tillit-privacy/tillit"
)

// Letter is an e-mail's subject and text.
type Letter struct {
	Subject    string
	Body       string
	Attachment string // the base name of the attached files, for a letter that has them
}

//go:embed templates
var files embed.FS

// shared are the files of each language that every letter may use: the
// frame of an e-mail to a person and the phrases several letters share.
var shared = []string{"mail.txt", "phrases.txt"}

// sets holds, per language, each letter's templates by the letter's file
// name without .txt.
var sets = parse()

var funcs = template.FuncMap{
	"day":       func(t time.Time) string { return t.In(tillit.Stockholm).Format(time.DateOnly) },
	"minute":    func(t time.Time) string { return t.In(tillit.Stockholm).Format("2006-01-02 15:04") },
	"join":      func(ss []string, sep string) string { return strings.Join(ss, sep) },
	"trim":      strings.TrimSpace,
	"trimLeft":  func(s string) string { return strings.TrimLeftFunc(s, unicode.IsSpace) },
	"trimRight": func(s string) string { return strings.TrimRightFunc(s, unicode.IsSpace) },
}

func parse() map[tillit.Lang]map[string]*template.Template {
	out := map[tillit.Lang]map[string]*template.Template{}
	for _, lang := range tillit.Langs {
		dir := "templates/" + string(lang)
		paths, err := fs.Glob(files, dir+"/*.txt")
		if err != nil {
			panic(err) // only a malformed pattern fails
		}
		out[lang] = map[string]*template.Template{}
		for _, p := range paths {
			base := path.Base(p)
			if slices.Contains(shared, base) {
				continue
			}
			t := template.New(base).Funcs(funcs)
			out[lang][strings.TrimSuffix(base, ".txt")] = template.Must(t.ParseFS(files, dir+"/mail.txt", dir+"/phrases.txt", p))
		}
	}
	return out
}

// execute runs the template name of letter in lang: English, or Swedish
// for any other language, as every text of Tillit falls back to Swedish.
func execute(lang tillit.Lang, letter, name string, data any) (string, error) {
	if lang != tillit.English {
		lang = tillit.Swedish
	}
	t := sets[lang][letter]
	if t == nil {
		return "", fmt.Errorf("letters: no letter %s", letter)
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("letters: %s: %w", letter, err)
	}
	return b.String(), nil
}

// write runs a letter's subject and body templates.
func write(lang tillit.Lang, letter, subject, body string, data any) (Letter, error) {
	s, err := execute(lang, letter, subject, data)
	if err != nil {
		return Letter{}, err
	}
	b, err := execute(lang, letter, body, data)
	if err != nil {
		return Letter{}, err
	}
	return Letter{Subject: s, Body: b}, nil
}

// label is a register label in lang, or the ID when it has none.
func label(t tillit.Text, id string, lang tillit.Lang) string {
	if s := t.In(lang); s != "" {
		return s
	}
	return id
}

func categoryLabels(pol *tillit.Policy, lang tillit.Lang, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		cat, _ := pol.Category(id)
		out[i] = label(cat.Label, id, lang)
	}
	return out
}

func purposeLabels(pol *tillit.Policy, lang tillit.Lang, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		p, _ := pol.Purpose(id)
		out[i] = label(p.Label, id, lang)
	}
	return out
}

func joinNonEmpty(ss ...string) string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}
