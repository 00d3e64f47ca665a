package notice_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	htmlpkg "html"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/golden"
	"github.com/tillit-privacy/tillit/notice"
	"github.com/tillit-privacy/tillit/register"
)

func load(t *testing.T, name string) *tillit.Policy {
	t.Helper()
	pol, _, ps, err := register.CompileFile(filepath.Join("..", "examples", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if pol == nil {
		t.Fatalf("%s does not compile: %v", name, ps)
	}
	return pol
}

func render(t *testing.T, pol *tillit.Policy, lang tillit.Lang, format string) string {
	t.Helper()
	var b bytes.Buffer
	if err := notice.Render(&b, pol, lang, format); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var examples = []string{"alla-elfirmor", "allkontrakt", "ecokraft", "el-vis", "krafthem"}

// TestGolden compares the notice of every example, in both languages and
// both formats, with its golden file.
func TestGolden(t *testing.T) {
	for _, name := range examples {
		pol := load(t, name)
		for _, lang := range tillit.Langs {
			for _, format := range []string{notice.HTML, notice.Markdown} {
				file := filepath.Join("testdata", name+"."+string(lang)+"."+format)
				t.Run(filepath.Base(file), func(t *testing.T) {
					golden.Check(t, file, render(t, pol, lang, format))
				})
			}
		}
	}
}

func mustContain(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("notice does not contain %q", w)
		}
	}
}

// TestAllkontraktPeriods checks that the Swedish notice states every period
// of Allkontrakt's policy in words, and the organisation number.
func TestAllkontraktPeriods(t *testing.T) {
	sv := render(t, load(t, "allkontrakt"), tillit.Swedish, notice.HTML)
	mustContain(t, sv,
		"559554-3694",
		"Raderas 30 dagar efter att du begärde förmedlingstjänsten, om du inte har fått någon offert.",
		"Raderas 12 månader efter att du begärde förmedlingstjänsten, om du inte har ingått avtal",
		"Raderas så snart du har återkallat ditt samtycke.",
		"Raderas 24 månader efter att du senast använde våra tjänster.",
		"Raderas 26 månader efter att vi har samlat in uppgifterna.",
		"Integritetsskyddsmyndigheten", "https://www.imy.se",
	)
	en := render(t, load(t, "allkontrakt"), tillit.English, notice.HTML)
	mustContain(t, en, "Deleted 30 days after you requested the brokering service, if you have not received an offer.")
}

// TestKrafthemPeriods checks the 36-month periods and the organisation number.
func TestKrafthemPeriods(t *testing.T) {
	sv := render(t, load(t, "krafthem"), tillit.Swedish, notice.Markdown)
	mustContain(t, sv, "559257-5558", "Raderas 36 månader efter att")
	if n := strings.Count(sv, "36 månader efter"); n < 2 {
		t.Errorf("36-month period stated %d times, want the contract and the purchase", n)
	}
}

// TestNoticeParts checks that every notice has the parts GDPR art. 13 and
// 14 require, in both languages.
func TestNoticeParts(t *testing.T) {
	parts := map[tillit.Lang][]string{
		tillit.Swedish: {"Personuppgiftsansvarig", "Varför vi behandlar uppgifterna", "Rättslig grund", "Hur länge vi sparar uppgifterna",
			"Rätt till tillgång", "Rätt till radering", "Rätt till dataportabilitet", "Rätt att invända", "Klagomål", "Vilka som får uppgifterna"},
		tillit.English: {"Who is responsible", "Why we process the data", "Legal basis", "How long we keep the data",
			"Right of access", "Right to erasure", "Right to data portability", "Right to object", "Complaints", "Who receives the data"},
	}
	for _, name := range examples {
		pol := load(t, name)
		for lang, want := range parts {
			t.Run(name+"."+string(lang), func(t *testing.T) {
				html := render(t, pol, lang, notice.HTML)
				mustContain(t, html, want...)
				mustContain(t, html, `<html lang="`+string(lang)+`">`, "@media print", pol.Controller().Name)
				for _, p := range pol.Purposes() {
					mustContain(t, html, htmlpkg.EscapeString(p.Label.In(lang)))
				}
			})
		}
	}
}

// TestRecord checks the record of processing activities: one row per
// purpose, in CSV and JSON.
func TestRecord(t *testing.T) {
	for _, name := range examples {
		pol := load(t, name)
		acts := notice.Record(pol, tillit.Swedish)
		if len(acts) != len(pol.Purposes()) {
			t.Fatalf("%s: %d activities for %d purposes", name, len(acts), len(pol.Purposes()))
		}
		var b bytes.Buffer
		if err := notice.WriteRecordCSV(&b, acts); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatalf("%s: CSV does not parse: %v", name, err)
		}
		if len(rows) != len(acts)+1 || rows[0][5] != "purpose" {
			t.Errorf("%s: %d CSV rows, header %v", name, len(rows), rows[0])
		}
		b.Reset()
		if err := notice.WriteRecordJSON(&b, acts); err != nil {
			t.Fatal(err)
		}
		var back []notice.Activity
		if err := json.Unmarshal(b.Bytes(), &back); err != nil {
			t.Fatalf("%s: JSON does not parse: %v", name, err)
		}
		if diff := cmp.Diff(acts, back); diff != "" {
			t.Errorf("%s: JSON round trip differs:\n%s", name, diff)
		}
		for _, a := range acts {
			if a.LegalBasis == "" || len(a.Categories) == 0 || len(a.Retention) == 0 {
				t.Errorf("%s: activity %s lacks basis, categories or retention", name, a.PurposeID)
			}
		}
	}
	acts := notice.Record(load(t, "allkontrakt"), tillit.English)
	if acts[0].PurposeID != "brokering" || len(acts[0].Recipients) != 15 {
		t.Errorf("allkontrakt brokering: %+v", acts[0])
	}
}
