package catalog

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tillit-privacy/tillit"
)

// verbs finds the fmt verbs of a text, fields the names a template uses.
var (
	verbs  = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)
	fields = regexp.MustCompile(`\{\{-?\s*\.([A-Za-z]+)`)
)

// TestEveryKeyInBothLanguages checks each key of the catalogue: a text in
// Swedish and in English, the same fmt verbs in the same order or the same
// template fields in both, never both kinds in one text, plural forms in
// both languages or in neither, and a template that executes.
func TestEveryKeyInBothLanguages(t *testing.T) {
	c := load()
	if len(c.texts) < 600 {
		t.Fatalf("only %d keys: the message files were not all read", len(c.texts))
	}
	for _, key := range Keys() {
		tx := Text(key)
		if strings.TrimSpace(tx.SV) == "" || strings.TrimSpace(tx.EN) == "" {
			t.Errorf("%s: sv %q, en %q: a language is missing", key, tx.SV, tx.EN)
			continue
		}
		if sv, en := verbs.FindAllString(tx.SV, -1), verbs.FindAllString(tx.EN, -1); !slices.Equal(sv, en) {
			t.Errorf("%s: verbs %q in Swedish, %q in English", key, sv, en)
		}
		sv, en := names(tx.SV), names(tx.EN)
		if !slices.Equal(sv, en) {
			t.Errorf("%s: fields %q in Swedish, %q in English", key, sv, en)
		}
		if len(sv) > 0 && verbs.MatchString(tx.SV+tx.EN) {
			t.Errorf("%s: both fmt verbs and template fields", key)
		}
		data := map[string]any{}
		for _, f := range sv {
			data[f] = "«" + f + "»"
		}
		counts := []any{nil}
		if c.plural[key] {
			counts = []any{1, 2}
		}
		for _, lang := range tillit.Langs {
			for _, n := range counts {
				if n != nil {
					data["Count"] = n
				}
				got := T(lang, key, data)
				if got == "["+key+"]" || strings.Contains(got, "{{") || strings.Contains(got, "<no value>") {
					t.Errorf("%s in %s (Count %v): %q", key, lang, n, got)
				}
			}
		}
	}
	for key := range c.plural {
		for _, lang := range tillit.Langs {
			if T(lang, key, map[string]any{"Count": 1}) == T(lang, key, map[string]any{"Count": 2}) {
				t.Errorf("%s in %s: one and other read alike", key, lang)
			}
		}
	}
}

// names returns the sorted, distinct template fields of s.
func names(s string) []string {
	var out []string
	for _, m := range fields.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestLookups(t *testing.T) {
	if got := Text("web.back"); got != (tillit.Text{SV: "Tillbaka", EN: "Back"}) {
		t.Errorf("Text = %+v", got)
	}
	if got := Text("web.no_such_key"); got.SV != "[web.no_such_key]" || got.EN != "[web.no_such_key]" || Has("web.no_such_key") {
		t.Errorf("an unknown key: %+v", got)
	}
	if got := Textf("centre.article", "15"); got != (tillit.Text{SV: "GDPR, artikel 15", EN: "GDPR, article 15"}) {
		t.Errorf("Textf = %+v", got)
	}
	for _, c := range []struct {
		lang tillit.Lang
		n    int
		want string
	}{{tillit.Swedish, 1, "en månad"}, {tillit.Swedish, 3, "3 månader"}, {tillit.English, 1, "one month"}, {tillit.English, 12, "12 months"}} {
		if got := T(c.lang, "period.month", map[string]any{"Count": c.n}); got != c.want {
			t.Errorf("T(%s, period.month, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	if got := T(tillit.English, "notice.version", map[string]any{"Version": "3"}); got != "Version 3" {
		t.Errorf("T with data = %q", got)
	}
	if got := T(tillit.English, "web.no_such_key", nil); got != "[web.no_such_key]" {
		t.Errorf("T of an unknown key = %q", got)
	}
}

// TestBadFiles checks that parse refuses what would lose a text.
func TestBadFiles(t *testing.T) {
	for name, files := range map[string]fstest.MapFS{
		"a key outside its area": {"messages/web.sv.yaml": {Data: []byte(`"admin.x": "y"`)}},
		"a key given twice":      {"messages/web.sv.yaml": {Data: []byte("\"web.x\": \"a\"\n\"web.x\": \"b\"\n")}},
		"a third language":       {"messages/web.fi.yaml": {Data: []byte(`"web.x": "y"`)}},
		"not YAML":               {"messages/web.sv.yaml": {Data: []byte(`"web.x": [`)}},
	} {
		if _, err := parse(files); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}

// keyLiteral is a quoted key of one of the catalogue's areas; a literal
// that ends in a dot is the start of keys completed at run time
// ("admin.role."+role). noticeKey is a key the notice names without its
// area (w.t("basis."+…) is "notice.basis.…").
var (
	noticeKey = regexp.MustCompile(`\bw\.t\("([a-z0-9_.]+)"`)
	// opName is an operation's name, which looks like a key but names
	// where an error happened: tillit.Errorl(code, "admin.form", …), op = "…".
	opName = regexp.MustCompile(`(Error[lf]\([^()"]*,\s*|\bop :?= )$`)
)

// TestNoMissingKey reads the Go code and templates (not the tests) of
// every package that reads the catalogue for each key of the catalogue's
// areas they name, and checks that each is in the catalogue and that each
// start of a key made at run time begins at least one.
func TestNoMissingKey(t *testing.T) {
	keys := Keys()
	areas := map[string]bool{}
	for _, k := range keys {
		area, _, _ := strings.Cut(k, ".")
		areas[area] = true
	}
	var alt []string
	for a := range areas {
		alt = append(alt, regexp.QuoteMeta(a))
	}
	slices.Sort(alt)
	keyLiteral := regexp.MustCompile(`"((?:` + strings.Join(alt, "|") + `)\.[a-z0-9_.]*)"`)
	check := func(where, key string) {
		if strings.HasSuffix(key, ".") {
			if !slices.ContainsFunc(keys, func(k string) bool { return strings.HasPrefix(k, key) }) {
				t.Errorf("%s: no key starts with %q", where, key)
			}
		} else if !Has(key) {
			t.Errorf("%s: %q is not in the catalogue", where, key)
		}
	}
	seen := 0
	for _, dir := range readers(t) {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules" || isPackage(path)) {
					return filepath.SkipDir
				}
				return nil
			}
			ext := filepath.Ext(path)
			if ext != ".go" && ext != ".html" && ext != ".tmpl" || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for i, line := range strings.Split(string(src), "\n") {
				where := path + ":" + strconv.Itoa(i+1)
				for _, m := range keyLiteral.FindAllStringSubmatchIndex(line, -1) {
					if opName.MatchString(line[:m[0]]) {
						continue
					}
					check(where, line[m[2]:m[3]])
					seen++
				}
				if filepath.Base(dir) == "notice" {
					for _, m := range noticeKey.FindAllStringSubmatch(line, -1) {
						check(where, "notice."+m[1])
						seen++
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if seen < 500 {
		t.Errorf("only %d keys named in the code: the walk missed the server or the notice", seen)
	}
}

// readers returns the directories of the packages that import this one.
func readers(t *testing.T) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if path != ".." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		gos, _ := filepath.Glob(filepath.Join(path, "*.go"))
		for _, g := range gos {
			if strings.HasSuffix(g, "_test.go") {
				continue
			}
			if src, err := os.ReadFile(g); err == nil && strings.Contains(string(src), `"github.com/tillit-privacy/tillit/catalog"`) {
				dirs = append(dirs, path)
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(dirs, filepath.Join("..", "server")) || !slices.Contains(dirs, filepath.Join("..", "notice")) {
		t.Fatalf("the server and the notice read the catalogue, but only %q were found", dirs)
	}
	return dirs
}

// isPackage reports whether dir holds Go files of a package of its own,
// which readers judges by itself.
func isPackage(dir string) bool {
	gos, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	return len(gos) > 0
}
